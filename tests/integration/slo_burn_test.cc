// End-to-end test of the SLOs' burn-rate alerts against the real binary:
// a burst of failures pages through a real channel (slo.burn_rate, signed
// as every delivery), GET .../slo shows the rules that fire, and the page
// stops once the failures are diluted.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <string>

#include "channels_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class SloBurnTest : public ChannelTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    std::vector<std::string> args = ChannelTest::ServerArgs();
    args.insert(args.end(), {"--slo-check-ms", "200"});
    return args;
  }

  // "rule status" of each slo.burn_rate the receiver got, once `n` came.
  std::vector<std::string> Heard(size_t n) {
    std::vector<std::string> out;
    for (const ReceivedRequest& r : WaitForRequests(n)) {
      json::value v = json::parse(r.body);
      EXPECT_EQ(Str(v, "/type"), "slo.burn_rate") << r.body;
      out.push_back(Str(v, "/data/burn_alert/rule") + " " +
                    Str(v, "/data/burn_alert/status"));
    }
    return out;
  }
};

TEST_F(SloBurnTest, ABurstPagesThroughAChannelAndStopsWhenDiluted) {
  MakeChannel({{"name", "pager"},
               {"url", receiver_.Url("/hook")},
               {"events", {"slo.burn_rate"}}});
  // Without an SLO, the organization's figures say so.
  Response before = OrgMetrics("");
  ASSERT_EQ(before.status, 200) << before.body;
  const json::object first_row =
      At(before.json(), "/applications/0").as_object();
  ASSERT_TRUE(first_row.contains("slo")) << before.body;
  EXPECT_TRUE(first_row.at("slo").is_null()) << before.body;
  ASSERT_EQ(
      admin_
          .Patch(AppPath(kIngestApp),
                 {{"slo", {{"objective_percent", 99}, {"window_days", 30}}},
                  {"failures_to_open", 1000}})
          .status,
      200);
  // Four failures and nothing else: every span burns 100 times the pace
  // (1 / 0.01), past every threshold (14.4, 6, 1).
  const int64_t at = NowMillis() - 20 * kSecond;
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(SendFailure(at + i, "boom").status, 200);
  }
  std::vector<std::string> heard = Heard(3);
  std::sort(heard.begin(), heard.end());
  EXPECT_EQ(heard,
            (std::vector<std::string>{"page_1h_5m firing", "page_6h_30m firing",
                                      "ticket_3d_6h firing"}));
  std::map<std::string, json::value> by_rule;
  for (const ReceivedRequest& r : WaitForRequests(3)) {
    json::value v = json::parse(r.body);
    by_rule[Str(v, "/data/burn_alert/rule")] = v;
  }
  const json::value& page = by_rule["page_1h_5m"];
  EXPECT_EQ(Str(page, "/data/burn_alert/severity"), "page");
  EXPECT_NEAR(*NumberAt(page, "/data/burn_alert/threshold"), 14.4, 1e-9);
  EXPECT_NEAR(*NumberAt(page, "/data/burn_alert/long_rate"), 100, 1e-6);
  EXPECT_NEAR(*NumberAt(page, "/data/burn_rate/5m"), 100, 1e-6);
  EXPECT_EQ(Str(page, "/data/application/slug"), kIngestApp);
  EXPECT_NEAR(*NumberAt(page, "/data/error_budget/remaining_percent"), -9900,
              1e-6);
  EXPECT_EQ(Str(by_rule["ticket_3d_6h"], "/data/burn_alert/severity"),
            "ticket");

  Response slo = admin_.Get(AppPath(kIngestApp, "/slo"));
  ASSERT_EQ(slo.status, 200) << slo.body;
  const json::array firing = At(slo.json(), "/firing").as_array();
  ASSERT_EQ(firing.size(), 3u) << slo.body;
  EXPECT_EQ(Str(firing[0], "/rule"), "page_1h_5m");
  EXPECT_EQ(Str(firing[0], "/severity"), "page");
  EXPECT_EQ(Str(firing[0], "/long_window"), "1h");
  EXPECT_EQ(Str(firing[0], "/short_window"), "5m");
  EXPECT_GT(TimeAt(firing[0], "/since"), at);

  // The organization's figures carry the SLO's state.
  Response org = OrgMetrics("");
  ASSERT_EQ(org.status, 200) << org.body;
  const json::value row = At(org.json(), "/applications/0");
  EXPECT_EQ(Str(row, "/application"), kIngestApp);
  EXPECT_NEAR(*NumberAt(row, "/slo/objective_percent"), 99, 1e-9) << row;
  EXPECT_NEAR(*NumberAt(row, "/slo/attained_percent"), 0, 1e-9) << row;
  EXPECT_NEAR(*NumberAt(row, "/slo/error_budget/remaining_percent"), -9900,
              1e-6)
      << row;
  EXPECT_EQ(At(row, "/slo/firing").as_array().size(), 3u) << row;

  // 36 hits: 4 failures in 40 burn 10 times the pace, under 14.4 but over
  // 6 and 1: the first page stops, the others go on. One batch, one commit:
  // the watch sees none of them or all.
  json::array hits;
  for (int i = 0; i < 36; ++i) {
    hits.push_back(json::object{{"application", kIngestApp},
                                {"status", "hit"},
                                {"timestamp", FormatTime(at + 10 + i)}});
  }
  Response batch = Batch(hits);
  ASSERT_EQ(batch.status, 200) << batch.body;
  ASSERT_EQ(At(batch.json(), "/accepted"), 36) << batch.body;
  heard = Heard(4);
  EXPECT_EQ(heard.back(), "page_1h_5m resolved");
  json::value resolved = json::parse(WaitForRequests(4).back().body);
  EXPECT_NEAR(*NumberAt(resolved, "/data/burn_alert/short_rate"), 10, 1e-6);
  EXPECT_GT(TimeAt(resolved, "/data/burn_alert/resolved_at"),
            TimeAt(resolved, "/data/burn_alert/since"));
  slo = admin_.Get(AppPath(kIngestApp, "/slo"));
  ASSERT_EQ(slo.status, 200) << slo.body;
  EXPECT_EQ(At(slo.json(), "/firing").as_array().size(), 2u) << slo.body;
}

}  // namespace
}  // namespace hookwarden::testing
