// The Store contract for reading every application's figures' inputs of an
// organization at once (ReadOrganizationReliabilityData), run against every
// backend: each application gets what its own read gives, once, in order of
// id, across the batches the read takes them in.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "ingest/report_committer.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kBase = 100 * kHour;
// More than one batch of the read, not a whole number of them.
constexpr int kApps = 230;

std::string AppId(int i) {
  char id[16];
  std::snprintf(id, sizeof id, "app_%03d", i);
  return id;
}

class OrgFiguresStoreTest : public StoreContractTest {
 protected:
  // org_a: products prd_1 and prd_2 with kApps applications (created in
  // an order other than their ids'), each with hits in the hours and minutes
  // around the window, every 7th with an incident, every 11th with deploys,
  // every 13th with a run; a maintenance window over prd_2 and one over
  // app_005. org_b: one application with the same data.
  void SetUp() override {
    StoreContractTest::SetUp();
    if (HasFatalFailure()) return;
    for (const char* p : {"prd_1", "prd_2"}) {
      ASSERT_TRUE(store_
                      ->CreateProduct(NewProduct(p, "org_a", p, p), true,
                                      Audit("org_a", "p"))
                      .ok());
    }
    ASSERT_TRUE(store_
                    ->CreateProduct(NewProduct("prd_b", "org_b", "b", "b"),
                                    true, Audit("org_b", "p"))
                    .ok());
    for (int n = 0; n < kApps; ++n) {
      const int i = (n * 7) % kApps;  // 7 and kApps share no factor.
      Application app = NewApp(AppId(i), "org_a", i % 3 ? "prd_1" : "prd_2",
                               "a" + std::to_string(i));
      app.rules = {1, 1, "sev3", 0};
      ASSERT_TRUE(
          store_->CreateApplication(app, true, mint_, Audit("org_a", "a"))
              .ok());
      ASSERT_NO_FATAL_FAILURE(AddData(app));
    }
    Application other = NewApp("app_b", "org_b", "prd_b", "b");
    other.rules = {1, 1, "sev3", 0};
    ASSERT_TRUE(
        store_->CreateApplication(other, true, mint_, Audit("org_b", "a"))
            .ok());
    ASSERT_NO_FATAL_FAILURE(AddData(other));
    ASSERT_TRUE(store_
                    ->CreateMaintenanceWindow(
                        NewMaintenanceWindow("mnt_1", kBase + 2 * kHour,
                                             kBase + 3 * kHour, {}, {"prd_2"}),
                        Audit("org_a", "m"))
                    .ok());
    ASSERT_TRUE(
        store_
            ->CreateMaintenanceWindow(
                NewMaintenanceWindow("mnt_2", kBase, kBase + 30 * kMinute,
                                     {AppId(5)}, {}),
                Audit("org_a", "m"))
            .ok());
  }

  void AddData(const Application& app) {
    std::vector<Event> events;
    const int i = app.id == "app_b" ? 0 : std::stoi(app.id.substr(4));
    auto event = [&](int64_t at, bool failure) {
      Event e;
      e.organization_id = app.organization_id;
      e.application_id = app.id;
      e.failure = failure;
      e.at = e.received_at = at;
      e.latency_ms = i + 1;
      events.push_back(e);
    };
    for (int64_t m = 0; m < 5 * 60; m += 10 + i % 5) {
      event(kBase + m * kMinute + i, false);
    }
    if (i % 7 == 0) {
      event(kBase + 90 * kMinute + i, true);
      event(kBase + 100 * kMinute + i, false);
    }
    if (i % 11 == 0) {
      for (int64_t at : {kBase + 50 * kMinute, kBase + 5 * kHour}) {
        Deploy d;
        d.id = "dep_" + app.id + "_" + std::to_string(at);
        d.organization_id = app.organization_id;
        d.application_id = app.id;
        d.version = "1";
        d.finished_at = at;
        d.created_at = d.updated_at = at;
        ASSERT_TRUE(ingest::CommitDeploy(*store_, d).ok());
      }
    }
    auto committed = ingest::CommitEvents(*store_, events);
    ASSERT_TRUE(committed.ok()) << committed.status().message();
  }

  // The window: partial hours at both ends, whole hours between.
  static Store::ReliabilityQuery Query() {
    Store::ReliabilityQuery q;
    q.from = kBase + 25 * kMinute;
    q.to = kBase + 4 * kHour + 5 * kMinute;
    q.incidents_opened_before = q.to + kHour;
    return q;
  }
};

void ExpectSame(const Store::ReliabilityData& a,
                const Store::ReliabilityData& b, const std::string& app) {
  ASSERT_EQ(a.aggregates.size(), b.aggregates.size()) << app;
  for (size_t i = 0; i < a.aggregates.size(); ++i) {
    EXPECT_EQ(a.aggregates[i].start, b.aggregates[i].start) << app;
    EXPECT_EQ(a.aggregates[i].length, b.aggregates[i].length) << app;
    EXPECT_EQ(a.aggregates[i].counts.hits, b.aggregates[i].counts.hits);
    EXPECT_EQ(a.aggregates[i].counts.failures, b.aggregates[i].counts.failures);
    EXPECT_EQ(a.aggregates[i].counts.latency, b.aggregates[i].counts.latency);
    EXPECT_EQ(a.aggregates[i].counts.latency_sum,
              b.aggregates[i].counts.latency_sum);
  }
  auto ids = [](const auto& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.id);
    return out;
  };
  EXPECT_EQ(ids(a.incidents), ids(b.incidents)) << app;
  EXPECT_EQ(ids(a.deploys), ids(b.deploys)) << app;
  EXPECT_EQ(a.next_deploy_at, b.next_deploy_at) << app;
  auto spans = [](std::vector<Span> s) {
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const Span& x : s) out.emplace_back(x.from, x.to);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(spans(a.maintenance), spans(b.maintenance)) << app;
  ASSERT_EQ(a.runs.size(), b.runs.size()) << app;
}

TEST_P(OrgFiguresStoreTest, EachApplicationGetsWhatItsOwnReadGivesInOrder) {
  const Store::ReliabilityQuery q = Query();
  // Kept to compare after the read: the callback may not call the store.
  std::vector<std::pair<std::string, Store::ReliabilityData>> read_all;
  Status read = store_->ReadOrganizationReliabilityData(
      "org_a", q,
      [&](const std::string& app, Store::ReliabilityData& data) -> Status {
        read_all.emplace_back(app, std::move(data));
        return Status::Ok();
      });
  ASSERT_TRUE(read.ok()) << read.message();
  std::vector<std::string> seen;
  int with_incidents = 0, with_deploys = 0, in_maintenance = 0, minutes = 0;
  for (const auto& [app, data] : read_all) {
    seen.push_back(app);
    Store::ReliabilityQuery own = q;
    own.application_id = app;
    auto alone = store_->ReadReliabilityData(own);
    ASSERT_TRUE(alone.ok()) << alone.status().message();
    ExpectSame(data, *alone, app);
    with_incidents += !data.incidents.empty();
    with_deploys += !data.deploys.empty();
    in_maintenance += !data.maintenance.empty();
    minutes += static_cast<int>(std::count_if(
        data.aggregates.begin(), data.aggregates.end(),
        [](const AggregateSlice& s) { return s.length == kMinute; }));
    EXPECT_FALSE(data.aggregates.empty()) << app;
  }
  std::vector<std::string> expected;
  for (int i = 0; i < kApps; ++i) expected.push_back(AppId(i));
  EXPECT_EQ(seen, expected);  // Each once, by id; none of org_b.
  // The data the comparisons covered: 0, 7, ..., 224; 0, 11, ..., 220;
  // prd_2's (every third) and app_005.
  EXPECT_EQ(with_incidents, 33);
  EXPECT_EQ(with_deploys, 21);
  EXPECT_EQ(in_maintenance, 77 + 1);
  EXPECT_GT(minutes, kApps);
}

TEST_P(OrgFiguresStoreTest, AFailureOfTheCallbackStopsTheRead) {
  int calls = 0;
  Status read = store_->ReadOrganizationReliabilityData(
      "org_a", Query(), [&](const std::string&, Store::ReliabilityData&) {
        return ++calls == 3 ? Status::Unavailable("enough") : Status::Ok();
      });
  EXPECT_EQ(read.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(calls, 3);
  // An organization without applications: no call.
  ASSERT_TRUE(store_
                  ->CreateOrganization(Organization{"org_c", "C", "c", 10},
                                       "usr_a", Audit("org_c", "o"))
                  .ok());
  calls = 0;
  EXPECT_TRUE(store_
                  ->ReadOrganizationReliabilityData(
                      "org_c", Query(),
                      [&](const std::string&, Store::ReliabilityData&) {
                        ++calls;
                        return Status::Ok();
                      })
                  .ok());
  EXPECT_EQ(calls, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OrgFiguresStoreTest, StoreBackends());

}  // namespace
}  // namespace hookwarden
