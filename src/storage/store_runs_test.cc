// The Store contract for runs, on every backend: starts open runs, the
// next report with the same run id (or, without one, the oldest open start)
// finishes them with their duration, the open runs of an application are
// bounded, a start counts as a report for the watches, and a run open past
// max_runtime_seconds opens one "run_too_long" incident (none for a run
// whose limit passes in a maintenance window).
#include <gtest/gtest.h>

#include "domain/maintenance_window.h"
#include "ingest/no_data_watch.h"
#include "ingest/report_committer.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

class RunStoreTest : public StoreContractTest {
 protected:
  void CreateApp(IncidentRules rules) { CreateWebApp(std::move(rules), 5); }

  // Commits one report at `now`: its outcome.
  ingest::ReportOutcome Commit(ingest::Report report, int64_t now) {
    ManualClock clock(now);
    ingest::ReportCommitter committer(*store_, clock);
    auto outcomes = committer.Commit({&report}, {});
    EXPECT_TRUE(outcomes.ok()) << outcomes.status().message();
    return outcomes.ok() ? std::move(outcomes->front())
                         : ingest::ReportOutcome();
  }

  void Start(int64_t at, std::optional<std::string> run_id = std::nullopt,
             std::string app = "app_1") {
    ingest::Report report;
    hookwarden::Run run;
    run.organization_id = "org_a";
    run.application_id = std::move(app);
    run.run_id = std::move(run_id);
    run.started_at = at;
    report.starts.push_back(std::move(run));
    ingest::ReportOutcome outcome = Commit(std::move(report), at);
    EXPECT_TRUE(outcome.refused.ok()) << outcome.refused.message();
  }

  // Reports a hit (or a failure with `exit_code`) at `at`: the duration of
  // the run it finished, if it finished one.
  std::optional<int64_t> Finish(int64_t at,
                                std::optional<std::string> run_id = {},
                                std::optional<int64_t> exit_code = {}) {
    Event e;
    e.organization_id = "org_a";
    e.application_id = "app_1";
    e.failure = exit_code.value_or(0) != 0;
    e.exit_code = exit_code;
    e.at = e.received_at = at;
    e.run_id = std::move(run_id);
    ingest::Report report;
    report.events.push_back(std::move(e));
    ingest::ReportOutcome outcome = Commit(std::move(report), at);
    EXPECT_EQ(outcome.events.size(), 1u);
    return outcome.events.empty() ? std::nullopt
                                  : outcome.events.front().duration_ms;
  }

  // The incidents one check of the watch opens at `now`.
  std::vector<Incident> Watch(int64_t now) {
    ManualClock clock(now);
    Logger logger;
    ingest::NoDataWatch watch(*store_, clock, logger, std::chrono::hours(1));
    auto opened = watch.CheckNow();
    watch.Stop();
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    return opened.ok() ? *opened : std::vector<Incident>();
  }
};

TEST_P(RunStoreTest, OverlappingRunsFinishByRunIdWithTheirDurations) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev3", 0}));
  Start(1'000, "a");
  Start(2'000, "b");
  EXPECT_EQ(Finish(5'000, "b"), 3'000);
  EXPECT_EQ(Finish(9'000, "a", 2), 8'000);
  // Nothing open any more: a report finishes no run.
  EXPECT_EQ(Finish(9'500), std::nullopt);
  // Without run ids, the oldest open start; a run id no start named
  // finishes none.
  Start(10'000);
  Start(11'000);
  EXPECT_EQ(Finish(12'000, "unknown"), std::nullopt);
  EXPECT_EQ(Finish(15'000), 5'000);
  EXPECT_EQ(Finish(16'000), 5'000);
  // The events keep the durations, failures their exit code too.
  auto events = store_->ListEvents("org_a", "app_1", {});
  ASSERT_TRUE(events.ok()) << events.status().message();
  std::map<int64_t, const Event*> by_time;
  for (const Event& e : *events) by_time[e.at] = &e;
  ASSERT_EQ(by_time.size(), 6u);
  EXPECT_EQ(by_time[5'000]->duration_ms, 3'000);
  EXPECT_EQ(by_time[9'000]->duration_ms, 8'000);
  EXPECT_EQ(by_time[9'000]->exit_code, 2);
  EXPECT_TRUE(by_time[9'000]->failure);
  EXPECT_EQ(by_time[9'500]->duration_ms, std::nullopt);
  EXPECT_EQ(by_time[12'000]->duration_ms, std::nullopt);
  EXPECT_EQ(by_time[16'000]->duration_ms, 5'000);
}

TEST_P(RunStoreTest, ARetriedStartStartsItsRunAgain) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev3", 0}));
  Start(1'000, "x");
  Start(3'000, "x");
  EXPECT_EQ(Finish(4'000, "x"), 1'000);
  EXPECT_EQ(Finish(5'000, "x"), std::nullopt);
  EXPECT_EQ(Finish(6'000), std::nullopt);
}

TEST_P(RunStoreTest, AStartBeyondTheBoundDropsTheOldestOpenRun) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev3", 0}));
  const int64_t n = static_cast<int64_t>(kMaxOpenRunsPerApplication);
  for (int64_t i = 0; i <= n; ++i) Start(1'000 + i);
  // The first start (at 1000) was dropped: the oldest open is at 1001.
  EXPECT_EQ(Finish(10'000), 10'000 - 1'001);
  for (int64_t i = 2; i <= n; ++i) {
    ASSERT_EQ(Finish(10'000), 10'000 - 1'000 - i) << i;
  }
  EXPECT_EQ(Finish(10'000), std::nullopt);
}

TEST_P(RunStoreTest, AStartCountsAsAReportForTheLateWatch) {
  IncidentRules rules{1, 1, "sev3", 0};
  rules.schedule = Schedule{600, "", "UTC"};
  rules.grace_seconds = 0;
  ASSERT_NO_FATAL_FAILURE(CreateApp(rules));
  Start(500'000, "first");
  auto app = store_->GetApplication("org_a", "api");
  EXPECT_EQ(app->last_report_at, 500'000);
  EXPECT_TRUE(Watch(1'099'999).empty());
  auto opened = Watch(1'100'000);
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened.front().kind, "late");
  // A start does not resolve it; the run's hit does.
  Start(1'200'000, "second");
  EXPECT_TRUE(store_->GetApplication("org_a", "api")->open_incident);
  EXPECT_EQ(Finish(1'260'000, "second"), 60'000);
  EXPECT_FALSE(store_->GetApplication("org_a", "api")->open_incident);
}

TEST_P(RunStoreTest, ARunTooLongOpensOnceAndItsFinishResolvesIt) {
  IncidentRules rules{1, 1, "sev2", 0};
  rules.max_runtime_seconds = 60;
  ASSERT_NO_FATAL_FAILURE(CreateApp(rules));
  EXPECT_EQ(store_->GetApplication("org_a", "api")->rules.max_runtime_seconds,
            60);
  Start(1'000, "nightly");
  Start(30'000, "other");
  EXPECT_TRUE(Watch(60'999).empty());
  auto opened = Watch(61'000);
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened.front().kind, "run_too_long");
  EXPECT_EQ(opened.front().opened_at, 61'000);
  EXPECT_EQ(opened.front().severity, "sev2");
  EXPECT_NE(opened.front().cause->find("nightly"), std::string::npos)
      << *opened.front().cause;
  // Once; the other run, past its limit while the incident is open, opens
  // no second one, then or later.
  EXPECT_TRUE(Watch(200'000).empty());
  // The overlong run's finish resolves it.
  EXPECT_EQ(Finish(250'000, "nightly"), 249'000);
  auto resolved = store_->GetIncident("org_a", opened.front().id);
  EXPECT_EQ(resolved->status, "resolved");
  EXPECT_EQ(resolved->resolved_at, 250'000);
  // A new run gets its own watch.
  EXPECT_TRUE(Watch(400'000).empty());
  Start(500'000, "next");
  EXPECT_TRUE(Watch(559'999).empty());
  opened = Watch(560'000);
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened.front().kind, "run_too_long");
  // No other organization sees it.
  EXPECT_TRUE(store_->ListIncidents("org_b", {})->empty());
}

TEST_P(RunStoreTest, ARunPastItsLimitInMaintenanceOpensNothingThenOrAfter) {
  IncidentRules rules{1, 1, "sev2", 0};
  rules.max_runtime_seconds = 60;
  ASSERT_NO_FATAL_FAILURE(CreateApp(rules));
  MaintenanceWindow window;
  window.id = "mnt_1";
  window.organization_id = "org_a";
  window.reason = "upgrade";
  window.starts_at = 0;
  window.ends_at = 100'000;
  window.applications.push_back({"app_1", ""});
  window.created_by = "alice";
  ASSERT_TRUE(store_
                  ->CreateMaintenanceWindow(
                      window, Audit("org_a", "maintenance_window.created"))
                  .ok());
  Start(1'000, "nightly");
  // Its limit passes inside the window: nothing opens.
  EXPECT_TRUE(Watch(61'000).empty());
  // Nor once the window has ended, though the run is still open.
  EXPECT_TRUE(Watch(150'000).empty());
  EXPECT_TRUE(store_->ListIncidents("org_a", {})->empty());
  // A run started after the window is watched again.
  Start(200'000, "next");
  auto opened = Watch(260'000);
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened.front().kind, "run_too_long");
}

TEST_P(RunStoreTest, NoLimitOpensNothingAndADeletedApplicationTakesItsRuns) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev3", 0}));
  Start(1'000);
  EXPECT_TRUE(Watch(100'000'000).empty());
  ASSERT_TRUE(
      store_->DeleteApplication("org_a", "app_1", Audit("org_a", "d")).ok());
  Application again = NewApp("app_1", "org_a", "prd_1", "api");
  ASSERT_TRUE(
      store_->CreateApplication(again, true, mint_, Audit("org_a", "a")).ok());
  EXPECT_EQ(Finish(2'000), std::nullopt);
}

// The figures read the runs finished in their window; the retention keeps
// finished runs as long as the aggregates, and open ones whatever their age.
TEST_P(RunStoreTest, FiguresReadFinishedRunsTheRetentionEndsThem) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev3", 0}));
  Start(1'000, "a");
  Start(2'000, "b");
  Start(3'000, "c");
  EXPECT_EQ(Finish(7'000, "a"), 6'000);
  EXPECT_EQ(Finish(9'000, "b", 1), 7'000);
  Store::ReliabilityQuery q;
  q.application_id = "app_1";
  q.from = 0;
  q.to = 8'000;
  auto data = store_->ReadReliabilityData(q);
  ASSERT_TRUE(data.ok()) << data.status().message();
  ASSERT_EQ(data->runs.size(), 1u);
  EXPECT_EQ(data->runs[0].finished_at, 7'000);
  EXPECT_EQ(data->runs[0].duration_ms, 6'000);
  EXPECT_FALSE(data->runs[0].failed);
  q.to = 60'000;
  data = store_->ReadReliabilityData(q);
  ASSERT_EQ(data->runs.size(), 2u);
  EXPECT_TRUE(data->runs[1].failed);

  Store::Retention retention;
  retention.now = 8'000 + retention.aggregates_millis;
  ASSERT_TRUE(store_->PruneEvents(retention).ok());
  data = store_->ReadReliabilityData(q);
  ASSERT_EQ(data->runs.size(), 1u);
  EXPECT_EQ(data->runs[0].finished_at, 9'000);
  // The open run is kept.
  EXPECT_EQ(Finish(10'000, "c"), 7'000);
}

INSTANTIATE_TEST_SUITE_P(Backends, RunStoreTest, StoreBackends());

}  // namespace
}  // namespace hookwarden
