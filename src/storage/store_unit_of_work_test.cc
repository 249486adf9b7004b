// The unit of work's group commit on every backend: aggregates that add up
// without a read, one group's failure anywhere in its statements (on
// PostgreSQL: in the middle of its pipeline) failing every report of the
// group with nothing of it kept, and the connection serving again after.
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "auth/random.h"
#include "common/logger.h"
#include "ingest/event_writer.h"
#include "ingest/report_committer.h"
#include "storage/open_store.h"
#include "storage/sql_unit_of_work.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

using ingest::EventWriter;
using ingest::ReportOutcome;
using UnitOfWorkStoreTest = StoreContractTest;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

Event HitWithLatency(int64_t at, double latency_ms, bool failure = false) {
  Event e;
  e.organization_id = "org_a";
  e.application_id = "app_1";
  e.failure = failure;
  e.at = e.received_at = at;
  e.latency_ms = latency_ms;
  return e;
}

TEST_P(UnitOfWorkStoreTest, CountsAddUpOverCommitsWithoutAReadFirst) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  const int64_t minute = 5 * kHour + 3 * kMinute;
  // Three commits into one minute (and hour), and one without latencies.
  std::vector<std::vector<Event>> commits = {
      {HitWithLatency(minute + 1, 12), HitWithLatency(minute + 2, 0.5)},
      {HitWithLatency(minute + 3, 250, true), HitWithLatency(minute + 4, 12)},
      {HitWithLatency(minute + 5, 3000)},
  };
  Event no_latency = HitWithLatency(minute + 6, 0);
  no_latency.latency_ms.reset();
  commits.push_back({no_latency});
  EventCounts expected;
  for (const auto& events : commits) {
    for (const Event& e : events) expected.Add(e);
    ASSERT_TRUE(ingest::CommitEvents(*store_, events).ok());
  }
  Store::ReliabilityQuery minutes{"app_1", 5 * kHour, 6 * kHour, true, 0};
  auto data = store_->ReadReliabilityData(minutes);
  ASSERT_TRUE(data.ok()) << data.status().message();
  ASSERT_EQ(data->aggregates.size(), 1u);
  const EventCounts& got = data->aggregates[0].counts;
  EXPECT_EQ(data->aggregates[0].start, minute);
  EXPECT_EQ(got.hits, 5);
  EXPECT_EQ(got.failures, 1);
  EXPECT_EQ(got.latency_count, 5);
  EXPECT_DOUBLE_EQ(got.latency_sum, 3274.5);
  EXPECT_EQ(got.latency_min, 0.5);
  EXPECT_EQ(got.latency_max, 3000);
  // The histogram is the merge of every commit's, bucket by bucket.
  EXPECT_EQ(got.latency, expected.latency);
  EXPECT_EQ(got.latency.Encode(), expected.latency.Encode());
  // The hour holds the same.
  Store::ReliabilityQuery hours{"app_1", 5 * kHour, 6 * kHour, false, 0};
  auto hour = store_->ReadReliabilityData(hours);
  ASSERT_TRUE(hour.ok()) << hour.status().message();
  ASSERT_EQ(hour->aggregates.size(), 1u);
  EXPECT_EQ(hour->aggregates[0].length, kHour);
  EXPECT_EQ(hour->aggregates[0].counts.hits, 5);
  EXPECT_EQ(hour->aggregates[0].counts.latency, expected.latency);
}

// A report tallied where it was made is counted by its tallies; one with a
// duplicate event (which counts for nothing) by its accepted events; one
// without tallies event by event. The three in one group add up.
TEST_P(UnitOfWorkStoreTest,
       AReportsTalliesCountItUnlessOneOfItsEventsIsADuplicate) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  const int64_t minute = 9 * kHour;
  Event claimed = HitWithLatency(minute + 1, 7);
  claimed.idempotency_key = "key-1";
  ASSERT_TRUE(ingest::CommitEvents(*store_, {claimed}).ok());

  ingest::Report tallied, with_duplicate, untallied;
  tallied.events = {HitWithLatency(minute + 2, 10),
                    HitWithLatency(minute + kMinute + 3, 20, true),
                    HitWithLatency(minute + 4, 30)};
  Event again = claimed;  // Sent again, with another latency.
  again.at = again.received_at = minute + 5;
  again.latency_ms = 1000;
  Event fresh = HitWithLatency(minute + 6, 40, true);
  fresh.idempotency_key = "key-2";
  with_duplicate.events = {again, fresh};
  untallied.events = {HitWithLatency(minute + kMinute + 7, 50)};
  ingest::TallyEvents(tallied);
  ingest::TallyEvents(with_duplicate);
  ASSERT_EQ(tallied.tallies.size(), 2u);
  ASSERT_EQ(with_duplicate.tallies.size(), 1u);

  SystemClock clock;
  ingest::ReportCommitter committer(*store_, clock);
  auto outcomes = committer.Commit({&tallied, &with_duplicate, &untallied}, {});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().message();
  EXPECT_TRUE((*outcomes)[1].events[0].duplicate);
  EXPECT_FALSE((*outcomes)[1].events[1].duplicate);

  // Every event stored once, the duplicate not at all.
  EventCounts first, second;
  for (const Event* e : {&claimed, &tallied.events[0], &tallied.events[2],
                         &with_duplicate.events[1]}) {
    first.Add(*e);
  }
  second.Add(tallied.events[1]);
  second.Add(untallied.events[0]);
  Store::ReliabilityQuery minutes{"app_1", minute, minute + 2 * kMinute, true,
                                  0};
  auto data = store_->ReadReliabilityData(minutes);
  ASSERT_TRUE(data.ok()) << data.status().message();
  ASSERT_EQ(data->aggregates.size(), 2u);
  const EventCounts* got[] = {&data->aggregates[0].counts,
                              &data->aggregates[1].counts};
  const EventCounts* want[] = {&first, &second};
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(data->aggregates[k].start, minute + int64_t(k) * kMinute);
    EXPECT_EQ(got[k]->hits, want[k]->hits) << k;
    EXPECT_EQ(got[k]->failures, want[k]->failures) << k;
    EXPECT_EQ(got[k]->latency_count, want[k]->latency_count) << k;
    EXPECT_DOUBLE_EQ(got[k]->latency_sum, want[k]->latency_sum) << k;
    EXPECT_EQ(got[k]->latency_min, want[k]->latency_min) << k;
    EXPECT_EQ(got[k]->latency_max, want[k]->latency_max) << k;
    EXPECT_EQ(got[k]->latency, want[k]->latency) << k;
  }
  EXPECT_EQ(got[0]->hits, 3);
  EXPECT_EQ(got[0]->failures, 1);
  EXPECT_EQ(got[0]->latency_max, 40);
  EXPECT_EQ(got[1]->hits, 1);
  EXPECT_EQ(got[1]->failures, 1);
}

// The commit adds up a report's tallies as they are, without counting its
// events again; tallies that do not hold each event once are not used.
TEST_P(UnitOfWorkStoreTest, ACommitTakesATalliedReportsCountsFromItsTallies) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  const int64_t minute = 11 * kHour;
  ingest::Report used, refused;
  used.events = {HitWithLatency(minute + 1, 10),
                 HitWithLatency(minute + 2, 20)};
  refused.events = {HitWithLatency(minute + kMinute + 1, 30),
                    HitWithLatency(minute + kMinute + 2, 40)};
  ingest::TallyEvents(used);
  ingest::TallyEvents(refused);
  ASSERT_EQ(used.tallies.size(), 1u);
  ASSERT_EQ(refused.tallies.size(), 1u);
  // Marked so that a count of the events could not give it.
  used.tallies[0].counts.latency_max = 99;
  // One event short: counted event by event instead.
  --refused.tallies[0].counts.hits;
  refused.tallies[0].counts.latency_max = 99;

  SystemClock clock;
  ingest::ReportCommitter committer(*store_, clock);
  auto outcomes = committer.Commit({&used, &refused}, {});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().message();
  Store::ReliabilityQuery minutes{"app_1", minute, minute + 2 * kMinute, true,
                                  0};
  auto data = store_->ReadReliabilityData(minutes);
  ASSERT_TRUE(data.ok()) << data.status().message();
  ASSERT_EQ(data->aggregates.size(), 2u);
  EXPECT_EQ(data->aggregates[0].counts.hits, 2);
  EXPECT_EQ(data->aggregates[0].counts.latency_max, 99);
  EXPECT_EQ(data->aggregates[1].counts.hits, 2);
  EXPECT_EQ(data->aggregates[1].counts.latency_max, 40);
}

// Collects the writer's answers; waits for them with a bound.
class Answers {
 public:
  EventWriter::Done Slot(size_t i) {
    return [this, i](Result<ReportOutcome> r) {
      std::lock_guard lock(mutex_);
      answers_.emplace(i, r.ok() ? Status::Ok() : r.status());
      changed_.notify_all();
    };
  }
  std::map<size_t, Status> Wait(size_t n) {
    std::unique_lock lock(mutex_);
    bool all = changed_.wait_for(lock, std::chrono::seconds(30),
                                 [&] { return answers_.size() >= n; });
    EXPECT_TRUE(all) << "only " << answers_.size() << " of " << n
                     << " answers came";
    return answers_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<size_t, Status> answers_;
};

// A committer whose first commit waits until Release(), so that the
// reports submitted meanwhile form the next group.
class HeldCommitter final : public ingest::GroupCommitter {
 public:
  explicit HeldCommitter(ingest::GroupCommitter& inner) : inner_(inner) {}
  Result<std::vector<ReportOutcome>> Commit(
      const std::vector<ingest::Report*>& reports,
      const std::map<std::string, int64_t>& throttled) override {
    {
      std::unique_lock lock(mutex_);
      sizes_.push_back(reports.size());
      entered_.notify_all();
      bool released = released_.wait_for(lock, std::chrono::seconds(30),
                                         [&] { return release_; });
      EXPECT_TRUE(released);
    }
    return inner_.Commit(reports, throttled);
  }
  // Waits (with a bound) until the first commit has begun.
  void WaitEntered() {
    std::unique_lock lock(mutex_);
    EXPECT_TRUE(entered_.wait_for(lock, std::chrono::seconds(30),
                                  [&] { return !sizes_.empty(); }));
  }
  void Release() {
    std::lock_guard lock(mutex_);
    release_ = true;
    released_.notify_all();
  }
  std::vector<size_t> sizes() {
    std::lock_guard lock(mutex_);
    return sizes_;
  }

 private:
  ingest::GroupCommitter& inner_;
  std::mutex mutex_;
  std::condition_variable entered_, released_;
  bool release_ = false;
  std::vector<size_t> sizes_;
};

TEST_P(UnitOfWorkStoreTest, AFailureMidGroupFailsEveryReportAndKeepsNothing) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  CreateHitsCredential();
  const int64_t at = 7 * kHour;
  // The per-hour row refuses a second event: its statement, in the middle
  // of the group's (after the event rows and the minute, before the state,
  // the credential's uses and COMMIT), fails.
  if (GetParam() == "sqlite") {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "hookwarden.db").c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    int rc = sqlite3_exec(
        db,
        "CREATE TRIGGER refuse_busy_hours BEFORE INSERT ON hour_aggregates"
        " WHEN NEW.hits > 1 BEGIN SELECT RAISE(ABORT, 'refused'); END",
        nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  } else {
    testing::HeldSession admin(scratch_->url());
    ASSERT_EQ(admin.error(), "");
    ASSERT_EQ(admin.Run("ALTER TABLE hour_aggregates ADD CONSTRAINT"
                        " refuse_busy_hours CHECK (hits <= 1)"),
              "");
  }

  SystemClock clock;
  ingest::ReportCommitter committer(*store_, clock);
  HeldCommitter held(committer);
  Logger logger;
  Answers answers;
  {
    EventWriter writer(held, logger);
    // A first report, an hour earlier, whose commit waits while the three
    // others queue up behind it: they are the next group.
    ingest::Report first;
    first.events.push_back(HitWithLatency(at - kHour, 10));
    writer.Submit({std::move(first), answers.Slot(3), {}});
    held.WaitEntered();
    for (size_t i = 0; i < 3; ++i) {
      ingest::Report report;
      report.credential_id = "itk_1";
      report.from = "127.0.0.1";
      report.events.push_back(HitWithLatency(at + int64_t(i), 10));
      writer.Submit({std::move(report), answers.Slot(i), {}});
    }
    held.Release();
    auto got = answers.Wait(4);
    ASSERT_EQ(got.size(), 4u);
    EXPECT_TRUE(got.at(3).ok()) << got.at(3).message();
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(got.at(i).code(), ErrorCode::kUnavailable) << "report " << i;
    }
  }
  EXPECT_EQ(held.sizes(), (std::vector<size_t>{1, 3}));

  // Nothing of the group was kept: no event rows, no minute, no use of the
  // credential.
  Store::EventQuery all;
  all.from = at;
  all.limit = 100;
  EXPECT_TRUE(store_->ListEvents("org_a", "app_1", all)->empty());
  Store::ReliabilityQuery minutes{"app_1", at, at + kMinute, true, 0};
  EXPECT_TRUE(store_->ReadReliabilityData(minutes)->aggregates.empty());
  auto credential = store_->GetIntegrationToken("org_a", "itk_1");
  ASSERT_TRUE(credential.ok()) << credential.status().message();
  EXPECT_EQ(credential->use_count, 0);

  // The same store commits again at once (a lone event passes the rule).
  auto alone = ingest::CommitEvents(*store_, {HitWithLatency(at + 10, 10)});
  ASSERT_TRUE(alone.ok()) << alone.status().message();
  EXPECT_EQ(store_->ListEvents("org_a", "app_1", all)->size(), 1u);
  EXPECT_EQ(store_->ReadReliabilityData(minutes)->aggregates.size(), 1u);
}

// A transaction's connection that counts the statements whose answer the
// caller waits for (each a round trip on PostgreSQL), and passes every
// statement on.
class WaitCounter final : public sql::Connection {
 public:
  explicit WaitCounter(sql::Connection& c) : c_(c) {}
  Result<std::vector<sql::Row>> Query(std::string_view sql,
                                      const sql::Params& params) override {
    waited.emplace_back(sql);
    return c_.Query(sql, params);
  }
  Result<int64_t> Execute(std::string_view sql,
                          const sql::Params& params) override {
    waited.emplace_back(sql);
    return c_.Execute(sql, params);
  }
  Status Send(std::string_view sql, const sql::Params& params) override {
    return c_.Send(sql, params);
  }
  Status Lock(std::string_view key) override { return c_.Lock(key); }
  Dialect dialect() const override { return c_.dialect(); }
  std::vector<std::string> waited;

 private:
  sql::Connection& c_;
};

// The store's units of work, each over a connection that counts what it
// waits for; everything else is the store's own.
class CountingUnits final : public UnitStore {
 public:
  CountingUnits(UnitStore& store, sql::Database& db) : store_(store), db_(db) {}
  Status InUnitOfWork(const UnitWork& work) override {
    return db_.Write([&](sql::Connection& c) {
      WaitCounter counter(c);
      sql_store_internal::SqlUnitOfWork unit(counter);
      Status done = work(unit);
      if (done.ok()) done = unit.Finish();
      waited = counter.waited;
      return done;
    });
  }
  Status WithIncident(
      std::string_view org_id, std::string_view incident_id,
      const std::function<Status(UnitOfWork&, Incident&)>& work) override {
    return store_.WithIncident(org_id, incident_id, work);
  }
  Result<std::vector<std::string>> NoDataCandidates(int64_t now) override {
    return store_.NoDataCandidates(now);
  }
  Result<std::vector<TrackedApplication>> ScheduledApplications() override {
    return store_.ScheduledApplications();
  }
  Result<std::vector<std::string>> OverdueRunCandidates(int64_t now) override {
    return store_.OverdueRunCandidates(now);
  }
  Result<std::vector<std::string>> FlappingApplications() override {
    return store_.FlappingApplications();
  }
  Result<std::vector<MaintenanceNotice>> DueMaintenanceNotices(
      int64_t now, int limit) override {
    return store_.DueMaintenanceNotices(now, limit);
  }
  Result<std::vector<SloCandidate>> SloCandidates(const std::string& after,
                                                  int limit) override {
    return store_.SloCandidates(after, limit);
  }
  std::vector<std::string> waited;

 private:
  UnitStore& store_;
  sql::Database& db_;
};

TEST_P(UnitOfWorkStoreTest, AGroupWaitsForTheDatabaseOnceBeforeItsCommit) {
  // Rules that open no incident for these few failures: a group that
  // changes no incident (an incident's change reads its channels).
  const IncidentRules patient{10, 1, "sev3", 0};
  ASSERT_NO_FATAL_FAILURE(CreateWebApp(patient));
  Application second = NewApp("app_2", "org_a", "prd_1", "worker");
  second.rules = patient;
  ASSERT_TRUE(
      store_->CreateApplication(second, true, mint_, Audit("org_a", "a")).ok());
  auto db = OpenDatabase(options_, 2000);
  ASSERT_TRUE(db.ok()) << db.status().message();
  CountingUnits units(*store_, **db);
  ManualClock clock(10 * kHour);
  ingest::ReportCommitter committer(units, clock);
  // Three reports for two applications, hits and failures, in one group:
  // one read (the locks, rules, state, maintenance and ring slots of both),
  // everything else sent along with the commit.
  auto report = [](std::string app, bool failure, int64_t at) {
    ingest::Report r;
    Event e = HitWithLatency(at, 12, failure);
    e.application_id = std::move(app);
    r.events.push_back(e);
    r.events.push_back(e);
    return r;
  };
  ingest::Report a = report("app_1", false, 10 * kHour),
                 b = report("app_2", true, 10 * kHour + 1),
                 c = report("app_1", true, 10 * kHour + 2);
  auto done = committer.Commit({&a, &b, &c}, {});
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(units.waited.size(), 1u) << ::testing::PrintToString(units.waited);
  // An idempotency key costs one read more, for the whole group.
  ingest::Report keyed = report("app_2", false, 10 * kHour + 3);
  keyed.events[0].idempotency_key = "k-1";
  keyed.events[1].idempotency_key = "k-2";
  done = committer.Commit({&keyed, &a}, {});
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(units.waited.size(), 2u) << ::testing::PrintToString(units.waited);
  // And what the groups sent is there: 8 + 4 events, the hits in the ring.
  Store::ReliabilityQuery q1{"app_1", 10 * kHour, 11 * kHour, true, 0};
  Store::ReliabilityQuery q2{"app_2", 10 * kHour, 11 * kHour, true, 0};
  auto d1 = store_->ReadReliabilityData(q1);
  auto d2 = store_->ReadReliabilityData(q2);
  ASSERT_TRUE(d1.ok() && d2.ok());
  ASSERT_EQ(d1->aggregates.size(), 1u);
  ASSERT_EQ(d2->aggregates.size(), 1u);
  EXPECT_EQ(d1->aggregates[0].counts.hits, 4);
  EXPECT_EQ(d1->aggregates[0].counts.failures, 2);
  EXPECT_EQ(d2->aggregates[0].counts.hits, 2);
  EXPECT_EQ(d2->aggregates[0].counts.failures, 2);
  EventStore::EventQuery all;
  all.limit = 100;
  auto hits = store_->ListEvents("org_a", "app_1", all);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  EXPECT_EQ(hits->size(), 6u);
}

TEST_P(UnitOfWorkStoreTest, AFlappingGroupWritesEachOfItsIncidentsOnce) {
  // Default rules: one failure opens, one hit resolves.
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  const int64_t t0 = 20 * kHour;
  // First group: a failure opens an incident that stays open.
  ASSERT_TRUE(
      ingest::CommitEvents(*store_, {HitWithLatency(t0, 5, true)}).ok());
  // Second group, one report: a hit resolves that one, then 300 failures
  // each followed by a hit (more than one insert statement carries), and a
  // last failure whose incident stays open.
  std::vector<Event> events = {HitWithLatency(t0 + 1, 5)};
  for (int64_t k = 0; k < 300; ++k) {
    events.push_back(HitWithLatency(t0 + 10 + 2 * k, 5, true));
    events.push_back(HitWithLatency(t0 + 11 + 2 * k, 5));
  }
  events.push_back(HitWithLatency(t0 + 1000, 5, true));
  auto outcomes = ingest::CommitEvents(*store_, events);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().message();
  ASSERT_TRUE(outcomes->back().open_incident);
  const std::string last_open = outcomes->back().open_incident->id;

  IncidentStore::IncidentQuery all;
  all.limit = 1000;
  auto listed = store_->ListIncidents("org_a", all);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 302u);
  // Newest first: the one still open, then the 300 that opened and resolved
  // within the group, each at its failure and its hit, then the first.
  std::set<std::string> ids;
  for (size_t k = 0; k < listed->size(); ++k) {
    const Incident& i = (*listed)[k];
    ids.insert(i.id);
    EXPECT_EQ(i.application_id, "app_1");
    if (k == 0) {
      EXPECT_EQ(i.id, last_open);
      EXPECT_EQ(i.status, kIncidentAlarmed);
      EXPECT_EQ(i.opened_at, t0 + 1000);
      EXPECT_FALSE(i.resolved_at);
      continue;
    }
    EXPECT_EQ(i.status, kIncidentResolved) << k;
    if (k == listed->size() - 1) {
      EXPECT_EQ(i.opened_at, t0);
      EXPECT_EQ(i.resolved_at, t0 + 1);
      continue;
    }
    int64_t failure_at = t0 + 10 + 2 * static_cast<int64_t>(300 - k);
    EXPECT_EQ(i.opened_at, failure_at) << k;
    EXPECT_EQ(i.resolved_at, failure_at + 1) << k;
  }
  EXPECT_EQ(ids.size(), 302u);
  IncidentStore::IncidentQuery open;
  open.status = "open";
  auto count = store_->CountIncidents("org_a", open);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
}

TEST_P(UnitOfWorkStoreTest, AGroupResolvesOlderIncidentsAndOpensNewOnes) {
  // Default rules: one failure opens, one hit resolves.
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  ASSERT_TRUE(store_
                  ->CreateApplication(NewApp("app_2", "org_a", "prd_1", "job"),
                                      true, mint_, Audit("org_a", "a"))
                  .ok());
  const int64_t t0 = 30 * kHour;
  auto event = [](std::string app, int64_t at, bool failure) {
    Event e = HitWithLatency(at, 5, failure);
    e.application_id = std::move(app);
    return e;
  };
  // First group: each application opens an incident.
  ASSERT_TRUE(ingest::CommitEvents(
                  *store_, {event("app_1", t0, true), event("app_2", t0, true)})
                  .ok());
  // Second group: each resolves its incident and opens another; the second
  // application's new one resolves too.
  auto outcomes = ingest::CommitEvents(
      *store_, {event("app_1", t0 + 1, false), event("app_1", t0 + 2, true),
                event("app_2", t0 + 3, false), event("app_2", t0 + 4, true),
                event("app_2", t0 + 5, false)});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().message();
  ASSERT_TRUE((*outcomes)[1].open_incident);
  EXPECT_FALSE((*outcomes)[4].open_incident);

  IncidentStore::IncidentQuery all;
  all.limit = 10;
  auto listed = store_->ListIncidents("org_a", all);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  std::map<std::pair<std::string, int64_t>, const Incident*> by_opening;
  for (const Incident& i : *listed) {
    by_opening[{i.application_id, i.opened_at}] = &i;
  }
  ASSERT_EQ(by_opening.size(), 4u);
  const Incident* old1 = by_opening[{"app_1", t0}];
  const Incident* new1 = by_opening[{"app_1", t0 + 2}];
  const Incident* old2 = by_opening[{"app_2", t0}];
  const Incident* new2 = by_opening[{"app_2", t0 + 4}];
  ASSERT_TRUE(old1 && new1 && old2 && new2);
  EXPECT_EQ(old1->status, kIncidentResolved);
  EXPECT_EQ(old1->resolved_at, t0 + 1);
  EXPECT_EQ(new1->status, kIncidentAlarmed);
  EXPECT_FALSE(new1->resolved_at);
  EXPECT_EQ(new1->id, (*outcomes)[1].open_incident->id);
  EXPECT_EQ(old2->status, kIncidentResolved);
  EXPECT_EQ(old2->resolved_at, t0 + 3);
  EXPECT_EQ(new2->status, kIncidentResolved);
  EXPECT_EQ(new2->resolved_at, t0 + 5);
}

TEST_P(UnitOfWorkStoreTest, IncidentsAreWrittenInTheOrderGiven) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  auto incident = [](std::string id, int64_t opened_at) {
    Incident i;
    i.id = std::move(id);
    i.organization_id = "org_a";
    i.application_id = "app_1";
    i.kind = "failures";
    i.severity = "not_classified";
    i.status = std::string(kIncidentAlarmed);
    i.opened_at = opened_at;
    return i;
  };
  // An incident stored before, with an id of the random form.
  Incident before = incident(auth::NewId("inc"), 1000);
  ASSERT_TRUE(store_
                  ->InUnitOfWork([&](UnitOfWork& unit) {
                    return unit.WriteIncident(before, true);
                  })
                  .ok());
  // One call: insert a, resolve the one from before, insert c, then
  // acknowledge a (inserted earlier in the same call).
  Incident a = incident(auth::NewOrderedId("inc", 2000), 2000);
  Incident c = incident(auth::NewOrderedId("inc", 3000), 3000);
  Incident resolved = before;
  resolved.status = std::string(kIncidentResolved);
  resolved.resolved_at = 2500;
  resolved.resolved_by = "rules";
  Incident acknowledged = a;
  acknowledged.status = std::string(kIncidentAcknowledged);
  acknowledged.acknowledged_at = 3500;
  acknowledged.acknowledged_by = "usr_1";
  Status written = store_->InUnitOfWork([&](UnitOfWork& unit) {
    return unit.WriteIncidents(
        {{&a, true}, {&resolved, false}, {&c, true}, {&acknowledged, false}});
  });
  ASSERT_TRUE(written.ok()) << written.message();
  auto got_a = store_->GetIncident("org_a", a.id);
  auto got_before = store_->GetIncident("org_a", before.id);
  auto got_c = store_->GetIncident("org_a", c.id);
  ASSERT_TRUE(got_a.ok() && got_before.ok() && got_c.ok());
  EXPECT_EQ(got_a->status, kIncidentAcknowledged);
  EXPECT_EQ(got_a->acknowledged_at, 3500);
  EXPECT_EQ(got_a->acknowledged_by, "usr_1");
  EXPECT_EQ(got_before->status, kIncidentResolved);
  EXPECT_EQ(got_before->resolved_at, 2500);
  EXPECT_EQ(got_c->status, kIncidentAlarmed);
  EXPECT_EQ(got_c->opened_at, 3000);
  // An update of an incident that is not there fails the unit.
  Incident missing = incident(auth::NewOrderedId("inc", 4000), 4000);
  EXPECT_FALSE(store_
                   ->InUnitOfWork([&](UnitOfWork& unit) {
                     return unit.WriteIncidents({{&missing, false}});
                   })
                   .ok());
}

TEST_P(UnitOfWorkStoreTest, LockingApplicationsGivesEachItsOldestOpenAlert) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  for (std::string n : {"2", "3"}) {
    ASSERT_TRUE(store_
                    ->CreateApplication(
                        NewApp("app_" + n, "org_a", "prd_1", "worker" + n),
                        true, mint_, Audit("org_a", "a" + n))
                    .ok());
  }
  auto alert = [](std::string app, std::string key, int64_t opened_at,
                  std::string_view status) {
    Incident i;
    i.id = auth::NewOrderedId("inc", opened_at);
    i.organization_id = "org_a";
    i.application_id = std::move(app);
    i.kind = "alert";
    i.severity = "sev2";
    i.status = std::string(status);
    i.opened_at = opened_at;
    i.alert = AlertRecord{std::move(key), "alertmanager", "{}", 1, opened_at};
    return i;
  };
  // app_1: a resolved alert (the oldest), then two open ones; app_2: one
  // open; app_3: none.
  std::vector<Incident> incidents = {
      alert("app_1", "k0", 1000, kIncidentResolved),
      alert("app_1", "k2", 3000, kIncidentAlarmed),
      alert("app_1", "k1", 2000, kIncidentAcknowledged),
      alert("app_2", "k3", 4000, kIncidentAlarmed)};
  ASSERT_TRUE(store_
                  ->InUnitOfWork([&](UnitOfWork& unit) {
                    for (const Incident& i : incidents) {
                      HW_RETURN_IF_ERROR(unit.WriteIncident(i, true));
                    }
                    return Status::Ok();
                  })
                  .ok());
  std::map<std::string, std::optional<Incident>> open_alerts;
  ASSERT_TRUE(store_
                  ->InUnitOfWork([&](UnitOfWork& unit) -> Status {
                    auto locked = unit.LockApplications(
                        {"app_3", "app_1", "app_2", "app_1"}, 5000);
                    if (!locked.ok()) return locked.status();
                    for (TrackedApplication& t : *locked) {
                      open_alerts[t.app.id] = t.open_alert;
                    }
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(open_alerts.size(), 3u);
  ASSERT_TRUE(open_alerts["app_1"]);
  EXPECT_EQ(open_alerts["app_1"]->id, incidents[2].id);
  EXPECT_EQ(open_alerts["app_1"]->status, kIncidentAcknowledged);
  ASSERT_TRUE(open_alerts["app_1"]->alert);
  EXPECT_EQ(open_alerts["app_1"]->alert->key, "k1");
  ASSERT_TRUE(open_alerts["app_2"]);
  EXPECT_EQ(open_alerts["app_2"]->id, incidents[3].id);
  EXPECT_FALSE(open_alerts["app_3"]);
}

INSTANTIATE_TEST_SUITE_P(Backends, UnitOfWorkStoreTest, StoreBackends());

}  // namespace
}  // namespace hookwarden
