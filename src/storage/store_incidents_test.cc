// The Store contract for incidents, their rules' state and the figures'
// inputs, run against every backend.
#include <gtest/gtest.h>

#include "ingest/no_data_watch.h"
#include "ingest/report_committer.h"
#include "services/incident_desk.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

class IncidentStoreTest : public StoreContractTest {
 protected:
  // The no-data incidents one check of the watch opens at `now`.
  Result<std::vector<Incident>> OpenNoData(int64_t now) {
    ManualClock clock(now);
    Logger logger;
    ingest::NoDataWatch watch(*store_, clock, logger, std::chrono::hours(1));
    auto opened = watch.CheckNow();
    watch.Stop();
    return opened;
  }
  void CreateApp(IncidentRules rules, int64_t created_at = 5) {
    CreateWebApp(std::move(rules), created_at);
  }

  static Event At(int64_t at, bool failure, std::string message = "") {
    Event e;
    e.organization_id = "org_a";
    e.application_id = "app_1";
    e.failure = failure;
    e.at = e.received_at = at;
    if (!message.empty()) e.message = std::move(message);
    return e;
  }

  // The ids of the open incident after each event ("" when operational).
  std::vector<std::string> Append(std::vector<Event> events) {
    auto outcomes = ingest::CommitEvents(*store_, events);
    EXPECT_TRUE(outcomes.ok()) << outcomes.status().message();
    std::vector<std::string> open;
    if (!outcomes.ok()) return open;
    for (const ingest::EventOutcome& o : *outcomes) {
      open.push_back(o.open_incident ? o.open_incident->id : "");
    }
    return open;
  }

  std::vector<Incident> Incidents(const Store::IncidentQuery& query = {}) {
    auto list = store_->ListIncidents("org_a", query);
    EXPECT_TRUE(list.ok()) << list.status().message();
    return list.ok() ? *list : std::vector<Incident>{};
  }
};

TEST_P(IncidentStoreTest, RulesRunOverEventsInOrderAcrossCalls) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({2, 2, "sev3", 0}));
  // One failure in a call, the second in the next: the count carries over.
  EXPECT_EQ(Append({At(1000, true, "first")}), std::vector<std::string>{""});
  auto open = Append({At(2000, true, "second"), At(3000, false)});
  ASSERT_EQ(open.size(), 2u);
  ASSERT_FALSE(open[0].empty());
  EXPECT_EQ(open[1], open[0]);  // One hit is not enough to close.
  auto app = store_->GetApplication("org_a", "api");
  ASSERT_TRUE(app->open_incident.has_value());
  EXPECT_EQ(app->open_incident->id, open[0]);
  EXPECT_EQ(Append({At(4000, false)}), std::vector<std::string>{""});

  auto incidents = Incidents();
  ASSERT_EQ(incidents.size(), 1u);
  const Incident& i = incidents[0];
  EXPECT_EQ(i.id, open[0]);
  EXPECT_EQ(i.application_slug, "api");
  EXPECT_EQ(i.kind, "failures");
  EXPECT_EQ(i.severity, "sev3");
  EXPECT_EQ(i.cause, "second");
  EXPECT_EQ(i.opened_at, 2000);
  EXPECT_EQ(i.status, "resolved");
  EXPECT_EQ(i.resolved_at, 4000);
  EXPECT_EQ(i.resolved_by, "auto");
  EXPECT_FALSE(store_->GetApplication("org_a", "api")->open_incident);
}

TEST_P(IncidentStoreTest, DuplicatesDoNotCount) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({2, 1, "sev3", 0}));
  Event f = At(1000, true);
  f.idempotency_key = "same";
  Event again = At(2000, true);
  again.idempotency_key = "same";
  EXPECT_EQ(Append({f, again}), (std::vector<std::string>{"", ""}));
  EXPECT_TRUE(Incidents().empty());
}

TEST_P(IncidentStoreTest, PeopleAcknowledgeAndResolve) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({2, 1, "sev1", 0}));
  std::string id = Append({At(1000, true), At(2000, true)})[1];
  ASSERT_FALSE(id.empty());

  auto acked = IncidentDesk(*store_).Acknowledge("org_a", id, "alice", 5000,
                                                 Audit("org_a", "x"));
  ASSERT_TRUE(acked.ok()) << acked.status().message();
  EXPECT_EQ(acked->status, "acknowledged");
  EXPECT_EQ(acked->acknowledged_at, 5000);
  EXPECT_EQ(acked->acknowledged_by, "alice");
  // Again: unchanged.
  EXPECT_EQ(IncidentDesk(*store_)
                .Acknowledge("org_a", id, "bob", 6000, Audit("org_a", "x"))
                ->acknowledged_at,
            5000);
  // Another organization sees no such incident.
  EXPECT_EQ(store_->GetIncident("org_b", id).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(IncidentDesk(*store_)
                .Resolve("org_b", id, "bob", 6000, Audit("org_b", "x"))
                .status()
                .code(),
            ErrorCode::kNotFound);

  auto resolved = IncidentDesk(*store_).Resolve("org_a", id, "alice", 7000,
                                                Audit("org_a", "x"));
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->status, "resolved");
  EXPECT_EQ(resolved->resolved_at, 7000);
  EXPECT_EQ(resolved->resolved_by, "alice");
  EXPECT_EQ(resolved->acknowledged_by, "alice");
  EXPECT_EQ(IncidentDesk(*store_)
                .Acknowledge("org_a", id, "alice", 8000, Audit("org_a", "x"))
                .status()
                .code(),
            ErrorCode::kConflict);
  EXPECT_EQ(IncidentDesk(*store_)
                .Resolve("org_a", id, "bob", 9000, Audit("org_a", "x"))
                ->resolved_at,
            7000);
  // The counts start again: one more failure is not two new ones.
  EXPECT_EQ(Append({At(10'000, true)}), std::vector<std::string>{""});
  std::string next = Append({At(11'000, true)})[0];
  EXPECT_FALSE(next.empty());
  EXPECT_NE(next, id);
  EXPECT_EQ(store_->GetIncident("org_a", id)->status, "resolved");
}

TEST_P(IncidentStoreTest, ListingFiltersByApplicationStatusAndTime) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev3", 0}));
  // Incidents [1000, 2000), [3000, 4000), [5000, open).
  Append({At(1000, true), At(2000, false), At(3000, true), At(4000, false),
          At(5000, true)});
  auto list = [&](std::optional<std::string> status,
                  std::optional<int64_t> from = std::nullopt,
                  std::optional<int64_t> to = std::nullopt, int limit = 100,
                  std::optional<std::string> app = std::nullopt) {
    Store::IncidentQuery q;
    q.status = std::move(status);
    q.from = from;
    q.to = to;
    q.limit = limit;
    q.application_id = std::move(app);
    std::vector<int64_t> opened;
    for (const Incident& i : Incidents(q)) opened.push_back(i.opened_at);
    return opened;
  };
  EXPECT_EQ(list(std::nullopt), (std::vector<int64_t>{5000, 3000, 1000}));
  EXPECT_EQ(list("open"), (std::vector<int64_t>{5000}));
  EXPECT_EQ(list("resolved"), (std::vector<int64_t>{3000, 1000}));
  EXPECT_TRUE(list("acknowledged").empty());
  // Open at some time in [3500, 4500): only the second.
  EXPECT_EQ(list(std::nullopt, 3500, 4500), (std::vector<int64_t>{3000}));
  EXPECT_EQ(list(std::nullopt, 1500, 10'000),
            (std::vector<int64_t>{5000, 3000, 1000}));
  EXPECT_EQ(list(std::nullopt, std::nullopt, std::nullopt, 2),
            (std::vector<int64_t>{5000, 3000}));
  EXPECT_TRUE(
      list(std::nullopt, std::nullopt, std::nullopt, 100, "app_2").empty());
  EXPECT_EQ(list(std::nullopt, std::nullopt, std::nullopt, 100, "app_1").size(),
            3u);
  EXPECT_TRUE(store_->ListIncidents("org_b", {})->empty());
}

TEST_P(IncidentStoreTest, NoDataOpensOnceAtTheDeadline) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 2, "sev2", 60}, /*created_at=*/10));
  ManualClock clock(60'009);
  Logger logger;
  ingest::NoDataWatch watch(*store_, clock, logger, std::chrono::hours(1));
  // Watched from the application's creation.
  EXPECT_TRUE(watch.CheckNow()->empty());
  clock.Set(60'010);
  auto opened = watch.CheckNow();
  ASSERT_EQ(opened->size(), 1u);
  EXPECT_EQ(opened->front().kind, "no_data");
  EXPECT_EQ(opened->front().opened_at, 60'010);
  EXPECT_EQ(opened->front().severity, "sev2");
  clock.Advance(3'600'000);
  EXPECT_TRUE(watch.CheckNow()->empty());  // Once.
  // Two hits resolve it; the watch then runs from the last arrival.
  EXPECT_EQ(Append({At(100'000, false)})[0], opened->front().id);
  EXPECT_EQ(Append({At(101'000, false)})[0], "");
  clock.Set(160'999);
  EXPECT_TRUE(watch.CheckNow()->empty());
  clock.Set(161'000);
  ASSERT_EQ(watch.CheckNow()->size(), 1u);
  EXPECT_EQ(Incidents().front().opened_at, 161'000);
}

TEST_P(IncidentStoreTest, NoDataStateSurvivesReopeningTheStore) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev2", 60}));
  Append({At(500'000, false)});
  store_.reset();
  store_ = OpenAgain(1000);
  ASSERT_NE(store_, nullptr);
  EXPECT_TRUE(OpenNoData(559'999)->empty());
  auto opened = OpenNoData(900'000);
  ASSERT_EQ(opened->size(), 1u);
  EXPECT_EQ(opened->front().opened_at, 560'000);
}

TEST_P(IncidentStoreTest, ANewTimeoutWatchesFromItsChange) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev2", 0}));
  Append({At(1000, false)});
  auto app = store_->GetApplication("org_a", "api");
  app->rules.no_data_timeout_seconds = 60;
  app->updated_at = 1'000'000;
  ASSERT_TRUE(store_->UpdateApplication(*app, mint_, Audit("org_a", "a")).ok());
  // Not at 1000 + 60 s, long past: from the change.
  EXPECT_TRUE(OpenNoData(1'059'999)->empty());
  EXPECT_EQ(OpenNoData(1'060'000)->size(), 1u);
}

// A cron schedule in Berlin across the change to summer time: the run of
// 02:30, a time that does not exist on 2026-03-29, is due at the jump
// (03:00 CEST, 01:00 UTC); with no report by then plus the grace, a late
// incident opens at that moment; a hit resolves it and the watch waits for
// the next day's run.
TEST_P(IncidentStoreTest, ALateRunOpensAnIncidentAtDuePlusGrace) {
  constexpr int64_t kCreated = 1'774'699'200'000;  // 2026-03-28 12:00 UTC.
  constexpr int64_t kJump = 1'774'746'000'000;     // 2026-03-29 01:00 UTC.
  constexpr int64_t kNextDay = 1'774'830'600'000;  // 2026-03-30 00:30 UTC.
  IncidentRules rules{1, 1, "sev3", 0};
  rules.schedule = Schedule{0, "30 2 * * *", "Europe/Berlin"};
  rules.grace_seconds = 120;
  ASSERT_NO_FATAL_FAILURE(CreateApp(rules, kCreated));
  auto app = store_->GetApplication("org_a", "api");
  ASSERT_TRUE(app.ok()) << app.status().message();
  ASSERT_TRUE(app->rules.schedule.has_value());
  EXPECT_EQ(*app->rules.schedule, *rules.schedule);
  EXPECT_EQ(app->rules.grace_seconds, 120);
  EXPECT_FALSE(app->last_report_at.has_value());
  EXPECT_EQ(app->watched_since, kCreated);

  ManualClock clock(kJump + 119'999);
  Logger logger;
  ingest::NoDataWatch watch(*store_, clock, logger, std::chrono::hours(1));
  EXPECT_TRUE(watch.CheckNow()->empty());
  clock.Set(kJump + 120'000);
  auto opened = watch.CheckNow();
  ASSERT_EQ(opened->size(), 1u);
  EXPECT_EQ(opened->front().kind, "late");
  EXPECT_EQ(opened->front().opened_at, kJump + 120'000);
  EXPECT_EQ(opened->front().severity, "sev3");
  clock.Advance(3'600'000);
  EXPECT_TRUE(watch.CheckNow()->empty());  // Once.

  // The run reports late: its hit resolves the incident, and the next run
  // is due the next day at 02:30 CEST.
  const int64_t reported = kJump + 8 * kHour;
  EXPECT_EQ(Append({At(reported, false)})[0], "");
  auto resolved = store_->GetIncident("org_a", opened->front().id);
  EXPECT_EQ(resolved->status, "resolved");
  EXPECT_EQ(resolved->resolved_at, reported);
  app = store_->GetApplication("org_a", "api");
  EXPECT_EQ(app->last_report_at, reported);
  clock.Set(kNextDay + 119'999);
  EXPECT_TRUE(watch.CheckNow()->empty());
  clock.Set(kNextDay + 120'000);
  opened = watch.CheckNow();
  ASSERT_EQ(opened->size(), 1u);
  EXPECT_EQ(opened->front().opened_at, kNextDay + 120'000);
  // No other organization sees it.
  EXPECT_TRUE(store_->ListIncidents("org_b", {})->empty());
}

TEST_P(IncidentStoreTest,
       ANewScheduleWatchesFromItsChangeAndSurvivesReopening) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev2", 0}));
  Append({At(1000, false)});
  auto app = store_->GetApplication("org_a", "api");
  app->rules.schedule = Schedule{600, "", "UTC"};
  app->rules.grace_seconds = 0;
  app->updated_at = 1'000'000;
  ASSERT_TRUE(store_->UpdateApplication(*app, mint_, Audit("org_a", "a")).ok());
  store_.reset();
  store_ = OpenAgain(1000);
  ASSERT_NE(store_, nullptr);
  app = store_->GetApplication("org_a", "api");
  ASSERT_TRUE(app->rules.schedule.has_value());
  EXPECT_EQ(app->rules.schedule->period_seconds, 600);
  EXPECT_EQ(app->last_report_at, 1000);
  // Not at 1000 + 600 s, long past: from the change.
  EXPECT_TRUE(OpenNoData(1'599'999)->empty());
  auto opened = OpenNoData(1'600'000);
  ASSERT_EQ(opened->size(), 1u);
  EXPECT_EQ(opened->front().kind, "late");
  // Removing the schedule stops the watch.
  app = store_->GetApplication("org_a", "api");
  EXPECT_EQ(app->open_incident->kind, "late");
  Append({At(1'700'000, false)});
  app = store_->GetApplication("org_a", "api");
  app->rules.schedule.reset();
  ASSERT_TRUE(store_->UpdateApplication(*app, mint_, Audit("org_a", "a")).ok());
  EXPECT_FALSE(store_->GetApplication("org_a", "api")->rules.schedule);
  EXPECT_TRUE(OpenNoData(100'000'000)->empty());
}

TEST_P(IncidentStoreTest, FiguresReadHoursInsideAndMinutesAround) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1000, 1, "sev3", 0}));
  const int64_t base = 100 * kHour;
  // A hit every 10 minutes for 5 hours, with latencies 1, 2, 3, ...
  std::vector<Event> events;
  for (int i = 0; i < 30; ++i) {
    Event e = At(base + i * 10 * kMinute + 1, i % 7 == 0);
    e.latency_ms = i + 1;
    events.push_back(e);
  }
  Append(events);
  Store::ReliabilityQuery q;
  q.application_id = "app_1";
  q.from = base + 25 * kMinute;           // 100:25
  q.to = base + 4 * kHour + 5 * kMinute;  // 104:05
  q.incidents_opened_before = q.to;
  auto mixed = store_->ReadReliabilityData(q);
  ASSERT_TRUE(mixed.ok()) << mixed.status().message();
  q.minutes_only = true;
  auto minutes = store_->ReadReliabilityData(q);
  ASSERT_TRUE(minutes.ok());
  // Minutes 100:30, 100:40, 100:50; hours 101, 102, 103; minute 104:00.
  std::vector<int64_t> lengths;
  for (const auto& s : mixed->aggregates) lengths.push_back(s.length);
  EXPECT_EQ(lengths, (std::vector<int64_t>{kMinute, kMinute, kMinute, kHour,
                                           kHour, kHour, kMinute}));
  EXPECT_EQ(minutes->aggregates.size(), 22u);  // 3 + 18 + 1 minutes.
  EventCounts a, b;
  for (const auto& s : mixed->aggregates) a.Merge(s.counts);
  for (const auto& s : minutes->aggregates) b.Merge(s.counts);
  EXPECT_EQ(a.hits, b.hits);
  EXPECT_EQ(a.failures, b.failures);
  EXPECT_EQ(a.hits + a.failures, 22);
  EXPECT_EQ(a.latency, b.latency);
  EXPECT_EQ(*a.latency_min, 4);   // The event at 100:20 is outside.
  EXPECT_EQ(*a.latency_max, 25);  // 104:00 is the 25th.
  EXPECT_DOUBLE_EQ(a.latency_sum, b.latency_sum);
}

TEST_P(IncidentStoreTest, FiguresReadDeploysByTheirTimeAndTheNextOne) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev3", 0}));
  auto deploy = [&](std::string id, std::optional<int64_t> finished,
                    int64_t received) {
    Deploy d;
    d.id = std::move(id);
    d.organization_id = "org_a";
    d.application_id = "app_1";
    d.version = "1";
    d.finished_at = finished;
    d.created_at = d.updated_at = received;
    ASSERT_TRUE(ingest::CommitDeploy(*store_, d).ok());
  };
  deploy("a", 1000, 90'000);        // Finished inside, received after.
  deploy("b", std::nullopt, 2000);  // Received inside.
  deploy("c", 50'000, 3000);        // Finished after the window.
  deploy("d", 70'000, 4000);
  Store::ReliabilityQuery q;
  q.application_id = "app_1";
  q.from = 0;
  q.to = 10'000;
  q.incidents_opened_before = q.to;
  auto data = store_->ReadReliabilityData(q);
  ASSERT_TRUE(data.ok());
  ASSERT_EQ(data->deploys.size(), 2u);
  EXPECT_EQ(data->deploys[0].id, "a");
  EXPECT_EQ(data->deploys[1].id, "b");
  EXPECT_EQ(data->next_deploy_at, 50'000);
}

TEST_P(IncidentStoreTest, AlertsKeepOneIncidentPerKeyBesideTheRules) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev3", 0}));
  SystemClock clock;
  ingest::ReportCommitter committer(*store_, clock);
  auto alert = [](Alert::Action action, std::string key, int64_t at) {
    Alert a;
    a.action = action;
    a.organization_id = "org_a";
    a.key = std::move(key);
    a.source = "pagerduty";
    a.summary = "disk full";
    a.details = R"({"labels":{"team":"db"}})";
    a.at = a.received_at = at;
    if (action == Alert::Action::kTrigger) {
      a.application_id = "app_1";
    } else {
      a.candidate_application_ids = {"app_1"};
    }
    return a;
  };
  auto commit = [&](std::vector<Alert> alerts) {
    ingest::Report report;
    report.alerts = std::move(alerts);
    auto outcomes = committer.Commit({&report}, {});
    EXPECT_TRUE(outcomes.ok()) << outcomes.status().message();
    return outcomes.ok() ? outcomes->front().alerts
                         : std::vector<ingest::AlertOutcome>{};
  };
  // Two keys, one repeated within the same commit.
  auto opened = commit({alert(Alert::Action::kTrigger, "k1", 1000),
                        alert(Alert::Action::kTrigger, "k2", 2000),
                        alert(Alert::Action::kTrigger, "k1", 3000)});
  ASSERT_EQ(opened.size(), 3u);
  EXPECT_EQ(opened[0].change, IncidentChange::kOpened);
  EXPECT_EQ(opened[2].change, IncidentChange::kRetriggered);
  EXPECT_EQ(opened[2].incident_id, opened[0].incident_id);
  ASSERT_EQ(Incidents().size(), 2u);
  auto first = store_->GetIncident("org_a", opened[0].incident_id);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->alert.has_value());
  EXPECT_EQ(first->kind, kIncidentAlert);
  EXPECT_EQ(first->alert->key, "k1");
  EXPECT_EQ(first->alert->details, R"({"labels":{"team":"db"}})");
  EXPECT_EQ(first->alert->triggers, 2);
  EXPECT_EQ(first->alert->last_triggered_at, 3000);
  // The application is in incident; a hit and a failure do not touch the
  // alerts, and its rules' own incident opens beside them.
  EXPECT_EQ(store_->GetApplication("org_a", "api")->open_incident->id,
            opened[0].incident_id);
  auto events = Append({At(4000, true, "down"), At(5000, false)});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(events[0], opened[0].incident_id);
  EXPECT_EQ(events[1], opened[0].incident_id);  // Its oldest open alert's.
  // Found by key alone: acknowledged, then resolved.
  auto acked = commit({alert(Alert::Action::kAcknowledge, "k1", 6000)});
  ASSERT_EQ(acked.size(), 1u);
  EXPECT_EQ(acked[0].change, IncidentChange::kAcknowledged);
  auto resolved = commit({alert(Alert::Action::kResolve, "k1", 7000),
                          alert(Alert::Action::kResolve, "nothing", 7000)});
  ASSERT_EQ(resolved.size(), 2u);
  EXPECT_EQ(resolved[0].change, IncidentChange::kResolved);
  EXPECT_EQ(resolved[1].change, IncidentChange::kNone);
  first = store_->GetIncident("org_a", opened[0].incident_id);
  EXPECT_EQ(first->status, kIncidentResolved);
  EXPECT_EQ(first->acknowledged_by, "pagerduty");
  EXPECT_EQ(first->resolved_at, 7000);
  // A new trigger of the key opens a new incident.
  auto again = commit({alert(Alert::Action::kTrigger, "k1", 8000)});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].change, IncidentChange::kOpened);
  EXPECT_NE(again[0].incident_id, opened[0].incident_id);
  EXPECT_EQ(Incidents().size(), 4u);
}

TEST_P(IncidentStoreTest, DeletingTheApplicationTakesItsIncidents) {
  ASSERT_NO_FATAL_FAILURE(CreateApp({1, 1, "sev3", 0}));
  std::string id = Append({At(1000, true)})[0];
  ASSERT_TRUE(
      store_->DeleteApplication("org_a", "app_1", Audit("org_a", "d")).ok());
  EXPECT_EQ(store_->GetIncident("org_a", id).status().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(Incidents().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentStoreTest, StoreBackends());

}  // namespace
}  // namespace hookwarden
