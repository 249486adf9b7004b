// End-to-end tests of an application's SLO against the real binary: its
// bounds, and its report over events sent with explicit timestamps, with
// the numbers of docs/api.md worked out by hand.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class SloTest : public IncidentTest {
 protected:
  Response Slo() { return admin_.Get(AppPath(kIngestApp, "/slo")); }
};

TEST_F(SloTest, BoundsAreRefusedNamingTheMember) {
  EXPECT_TRUE(IsError(Slo(), 404, "not_found"));
  auto set = [&](json::object slo) {
    return admin_.Patch(AppPath(kIngestApp), {{"slo", std::move(slo)}});
  };
  EXPECT_TRUE(IsError(set({{"objective_percent", 49}, {"window_days", 30}}),
                      422, "invalid_field", "slo.objective_percent"));
  EXPECT_TRUE(
      IsError(set({{"objective_percent", 99.9999}, {"window_days", 30}}), 422,
              "invalid_field", "slo.objective_percent"));
  EXPECT_TRUE(IsError(set({{"objective_percent", 99}, {"window_days", 14}}),
                      422, "invalid_field", "slo.window_days"));
  EXPECT_TRUE(IsError(set({{"objective_percent", 99},
                           {"window_days", 7},
                           {"indicator", "latency"}}),
                      422, "invalid_field", "slo.indicator"));
  Response missing = set({{"window_days", 7}});
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_EQ(Str(missing.json(), "/error/field"), "slo.objective_percent");
  EXPECT_TRUE(At(GetApp(), "/slo").is_null());
  Response ok = set({{"objective_percent", 99.5}, {"window_days", 28}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(At(ok.json(), "/slo"),
            json::parse(R"({"objective_percent":99.5,"window_days":28,)"
                        R"("indicator":"events"})"));
  Response removed = admin_.Patch(AppPath(kIngestApp), {{"slo", nullptr}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(At(removed.json(), "/slo").is_null());
}

TEST_F(SloTest, TheReportCountsTheWindowsEventsAndBurnRates) {
  ASSERT_EQ(
      admin_
          .Patch(AppPath(kIngestApp),
                 {{"slo", {{"objective_percent", 99}, {"window_days", 7}}},
                  {"failures_to_open", 1000}})
          .status,
      200);
  // Nine hits and a failure in the minute that began 10 minutes ago.
  const int64_t minute = MinuteBase(10 * kMinute);
  for (int i = 0; i < 9; ++i) ASSERT_EQ(SendHit(minute + i * 1000).status, 200);
  ASSERT_EQ(SendFailure(minute + 9000, "boom").status, 200);
  Response r = Slo();
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = r.json();
  EXPECT_EQ(Str(v, "/application"), kIngestApp);
  EXPECT_NEAR(*NumberAt(v, "/attained_percent"), 90, 1e-9) << v;
  EXPECT_NEAR(*NumberAt(v, "/error_budget/total"), 0.1, 1e-9) << v;
  EXPECT_NEAR(*NumberAt(v, "/error_budget/consumed"), 1, 1e-9) << v;
  EXPECT_NEAR(*NumberAt(v, "/error_budget/remaining_percent"), -900, 1e-6) << v;
  EXPECT_EQ(Str(v, "/error_budget/unit"), "events");
  // The 5-minute span holds no event; the others 1 failure in 10.
  EXPECT_TRUE(At(v, "/burn_rate/5m").is_null()) << v;
  for (std::string_view span : {"30m", "1h", "6h", "24h", "3d"}) {
    EXPECT_NEAR(*NumberAt(v, "/burn_rate/" + std::string(span)), 10, 1e-9)
        << span << " " << v;
  }
}

}  // namespace
}  // namespace hookwarden::testing
