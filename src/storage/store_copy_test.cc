// Copying a database to the other backend (SQLite to PostgreSQL and back),
// against real databases of both.
#include "storage/store_copy.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ingest/report_committer.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

// The fixture's store is the source; the target is an empty database of
// the other backend.
class StoreCopyTest : public StoreContractTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreContractTest::SetUp());
    target_options_ = StoreOptions{"", dir_ / "copy", false};
    target_is_postgres_ = GetParam() == "sqlite";
    if (target_is_postgres_) {
      target_scratch_ = std::make_unique<testing::ScratchDatabase>();
      ASSERT_FALSE(target_scratch_->url().empty()) << target_scratch_->error();
      target_options_.database = target_scratch_->url();
    }
  }
  void TearDown() override {
    StoreContractTest::TearDown();
    target_scratch_.reset();
  }

  std::unique_ptr<sql::Database> OpenRaw(const StoreOptions& options) {
    auto db = OpenDatabase(options, 3000);
    EXPECT_TRUE(db.ok()) << db.status().message();
    return db.ok() ? std::move(db.value()) : nullptr;
  }

  Result<std::vector<CopiedCount>> Copy(int64_t batch) {
    auto from = OpenRaw(options_);
    auto to = OpenRaw(target_options_);
    if (!from || !to) return Status::Internal("cannot open");
    CopyOptions copy;
    copy.rows_per_batch = batch;
    copy.target_is_postgres = target_is_postgres_;
    return CopyDatabase(*from, *to, copy);
  }

  // A little of everything: an application with a credential, tokens,
  // events with an incident, a deploy, a secret, sessions and keys.
  void Populate() {
    ASSERT_NO_FATAL_FAILURE(CreateWebApp());
    IssuedToken integration = CreateHitsCredential();
    ASSERT_TRUE(store_
                    ->Activate(integration, mint_, 500, "10.0.0.1", "curl",
                               Audit("org_a", "activated"))
                    .ok());
    // A run the first event finishes, and one left open.
    ingest::Report starts;
    for (int64_t at : {3'000'000, 3'500'000}) {
      hookwarden::Run run;
      run.organization_id = "org_a";
      run.application_id = "app_1";
      run.started_at = at;
      starts.starts.push_back(run);
    }
    ASSERT_TRUE(ingest::CommitReport(*store_, std::move(starts)).ok());
    std::vector<Event> events;
    for (int i = 0; i < 30; ++i) {
      Event e;
      e.organization_id = "org_a";
      e.application_id = "app_1";
      e.failure = i % 10 == 9;
      e.at = e.received_at = 3'600'000 + i * 45'000;
      if (i % 3 == 0) e.latency_ms = 0.5 + i;
      if (e.failure) e.message = "it's down: 'quoted' ?";
      if (i == 4) e.idempotency_key = "job-4";
      events.push_back(e);
    }
    ASSERT_TRUE(ingest::CommitEvents(*store_, events).ok());
    Deploy d;
    d.id = "run-1";
    d.organization_id = "org_a";
    d.application_id = "app_1";
    d.version = "1.2";
    d.commit = "abc";
    d.created_at = d.updated_at = 4'000'000;
    ASSERT_TRUE(ingest::CommitDeploy(*store_, d).ok());
    ASSERT_TRUE(store_
                    ->CreateInvitation(
                        Invitation{"inv_1", "org_a", "Carol", Role::kAdmin,
                                   "usr_a", "", 1000, 9'000'000'000'000},
                        nullptr, 10, Audit("org_a", "invitation.created"))
                    .ok());
    Secret secret;
    secret.organization_id = "org_a";
    secret.name = "TOKEN";
    secret.sealed = "sealed-secret";
    secret.created_by = "alice";
    ASSERT_TRUE(store_->CreateSecret(secret, Audit("org_a", "s")).ok());
    ASSERT_TRUE(store_
                    ->CreateLoginSession(
                        LoginSession{"sess-hash", "usr_a", "csrf", 1, 99'999})
                    .ok());
    ApiKey key{"key_1", "usr_a", "laptop", "key-hash", "hint", 1, std::nullopt};
    ASSERT_TRUE(store_->CreateApiKey(key).ok());
    ASSERT_TRUE(store_->GetOrInsertSetting("token_hash_key", "sealed-k").ok());
    // A channel that names the secret, with one delivery tried once.
    Channel channel;
    channel.id = "chn_1";
    channel.organization_id = "org_a";
    channel.name = "pager";
    channel.url = "https://hooks.example.com/{{TOKEN}}";
    channel.headers = {{"X-Team", "ops"}};
    channel.events = {"incident.opened"};
    channel.application_ids = {"app_1"};
    channel.secret_names = {"TOKEN"};
    channel.signing_secret_sealed = "sealed-signing";
    channel.created_by = "alice";
    channel.created_at = channel.updated_at = 5'000'000;
    ASSERT_TRUE(store_->CreateChannel(channel, Audit("org_a", "c")).ok());
    // What the channel remembers of the application's incidents.
    FlapState flapping;
    flapping.flapping = true;
    flapping.since = 5'000'000;
    flapping.openings = {4'900'000, 5'000'000};
    ASSERT_TRUE(store_
                    ->InUnitOfWork([&](UnitOfWork& unit) {
                      return unit.Outbox().SaveFlapState("org_a", "chn_1",
                                                         "app_1", flapping);
                    })
                    .ok());
    ASSERT_TRUE(store_
                    ->EnqueueDelivery("org_a", "chn_1", "evt_1", "test",
                                      R"({"type":"test"})", 5'000'000)
                    .ok());
    auto claimed = store_->ClaimDeliveries(5'000'001, 5'100'000, "worker", 1);
    ASSERT_TRUE(claimed.ok() && claimed->size() == 1u);
    DeliveryOutcome outcome;
    outcome.delivery_id = claimed->front().delivery.id;
    outcome.claim = "worker";
    outcome.attempt = {
        5'000'002, 12, 503, "", "https://hooks.example.com/{{TOKEN}}", "busy"};
    outcome.status = "pending";
    outcome.next_attempt_at = 5'010'000;
    ASSERT_TRUE(store_->RecordDeliveryAttempt(outcome).ok());
    MaintenanceWindow window;
    window.id = "mnt_1";
    window.organization_id = "org_a";
    window.reason = "database upgrade";
    window.starts_at = 2 * 3'600'000;
    window.ends_at = 3 * 3'600'000;
    window.applications = {{"app_1", ""}};
    window.products = {{"prd_1", ""}};
    window.created_by = "alice";
    ASSERT_TRUE(
        store_->CreateMaintenanceWindow(window, Audit("org_a", "m")).ok());
    // The status page with its product, the badge key, and a public note.
    StatusPage page = DefaultStatusPage("org_a", "a", "A");
    page.enabled = true;
    page.title = "A status";
    page.products = {{"prd_1", "", ""}};
    ASSERT_TRUE(store_->PutStatusPage(page, Audit("org_a", "sp")).ok());
    ASSERT_TRUE(store_
                    ->ReplaceBadgeKey("org_a", "badge-hash", "hwb_...x", 6,
                                      Audit("org_a", "bk"))
                    .ok());
    auto incidents = store_->ListIncidents("org_a", {});
    ASSERT_TRUE(incidents.ok() && !incidents->empty());
    ASSERT_TRUE(store_
                    ->PublishIncident("org_a", incidents->front().id,
                                      {"All good again.", true, "alice", 7},
                                      Audit("org_a", "ip"))
                    .ok());
    ASSERT_TRUE(store_
                    ->InUnitOfWork([](UnitOfWork& unit) {
                      return unit.SaveBurnFiring("org_a", "app_1",
                                                 {{"page_1h_5m", 4'000'000}});
                    })
                    .ok());
  }

  StoreOptions target_options_;
  bool target_is_postgres_ = false;
  std::unique_ptr<testing::ScratchDatabase> target_scratch_;
};

// The value of `r`, or (failing the test) T's empty one.
template <class T>
T Must(Result<T> r, const char* what) {
  EXPECT_TRUE(r.ok()) << what << ": " << r.status().message();
  return r.ok() ? std::move(r).value() : T();
}

// What a reader sees of org_a's data, as text, for comparing two stores.
std::vector<std::string> Snapshot(Store& store) {
  std::vector<std::string> out;
  for (const User& u : Must(store.ListUsers(), "users"))
    out.push_back("user " + u.id);
  for (const Application& a :
       Must(store.ListApplications("org_a", std::nullopt), "apps")) {
    out.push_back("app " + a.id + " " + a.slug + " " +
                  (a.open_incident ? a.open_incident->id : "-"));
  }
  for (const IntegrationToken& t :
       Must(store.ListIntegrationTokens("org_a"), "credentials")) {
    out.push_back("credential " + t.id + " " + t.hint + " " +
                  std::to_string(t.use_count));
  }
  Store::EventQuery all;
  all.limit = 1000;
  for (const Event& e :
       Must(store.ListEvents("org_a", "app_1", all), "events")) {
    out.push_back("event " + std::to_string(e.id) + " " + std::to_string(e.at) +
                  " " + e.message.value_or("-") + " " +
                  std::to_string(e.latency_ms.value_or(-1)) + " " +
                  std::to_string(e.duration_ms.value_or(-1)));
  }
  for (const Incident& i :
       Must(store.ListIncidents("org_a", {}), "incidents")) {
    out.push_back("incident " + i.id + " " + i.status + " " +
                  std::to_string(i.opened_at));
  }
  for (const Deploy& d :
       Must(store.ListDeploys("org_a", "app_1", std::nullopt, std::nullopt, 10),
            "deploys")) {
    out.push_back("deploy " + d.id + " " + d.version);
  }
  for (const Invitation& i :
       Must(store.ListOrganizationInvitations("org_a", 2000), "invitations")) {
    out.push_back("invitation " + i.id + " " + i.username + " " +
                  std::to_string(i.expires_at));
  }
  for (const Secret& s : Must(store.ListSecrets("org_a"), "secrets")) {
    out.push_back("secret " + s.name + " " + s.sealed);
  }
  for (const AuditEntry& e :
       Must(store.ListAuditEntries("org_a", 100, std::nullopt), "audit")) {
    out.push_back("audit " + std::to_string(e.id) + " " + e.action);
  }
  Store::ReliabilityQuery q;
  q.application_id = "app_1";
  q.from = 0;
  q.to = 10 * 3'600'000;
  q.incidents_opened_before = q.to;
  auto data = Must(store.ReadReliabilityData(q), "figures");
  for (const Span& s : data.maintenance) {
    out.push_back("maintenance " + std::to_string(s.from) + " " +
                  std::to_string(s.to));
  }
  MaintenanceStore::MaintenanceQuery windows;
  for (const MaintenanceWindow& w :
       Must(store.ListMaintenanceWindows("org_a", windows), "windows")) {
    out.push_back("window " + w.id + " " + w.reason + " " +
                  std::to_string(w.applications.size()) + " " +
                  std::to_string(w.products.size()));
  }
  for (const auto& [app, firing] :
       Must(store.BurnFiringIn("org_a"), "burn alerts")) {
    for (const BurnFiring& f : firing) {
      out.push_back("burn " + app + " " + f.rule + " " +
                    std::to_string(f.since));
    }
  }
  EventCounts counts;
  for (const auto& slice : data.aggregates) counts.Merge(slice.counts);
  out.push_back("counts " + std::to_string(counts.hits) + " " +
                std::to_string(counts.failures) + " " +
                std::to_string(counts.latency_sum));
  auto setting = store.GetSetting("token_hash_key");
  out.push_back("setting " +
                (setting.ok() ? *setting : setting.status().message()));
  auto session = store.FindLoginSession("sess-hash", 2);
  out.push_back("session " +
                (session.ok() ? session->user_id : session.status().message()));
  auto page = store.FindStatusPageByBadgeKey("badge-hash");
  out.push_back("status page " +
                (page.ok()
                     ? page->title + " " + std::to_string(page->products.size())
                     : page.status().message()));
  std::vector<std::string> incident_ids;
  for (const Incident& i : Must(store.ListIncidents("org_a", {}), "incidents"))
    incident_ids.push_back(i.id);
  for (const auto& [id, p] :
       Must(store.IncidentPublications("org_a", incident_ids), "published")) {
    out.push_back("published " + id + " " + p.public_note.value_or("-"));
  }
  auto key = store.FindApiKeyByHash("key-hash");
  out.push_back("key " + (key.ok() ? key->id : key.status().message()));
  return out;
}

TEST_P(StoreCopyTest, CopiesEveryRowAndTheCopyReadsTheSame) {
  ASSERT_NO_FATAL_FAILURE(Populate());
  std::vector<std::string> before = Snapshot(*store_);
  // Small batches: several pages per table.
  auto counts = Copy(/*batch=*/7);
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  ASSERT_EQ(counts->size(), CopiedTables().size());
  std::map<std::string, int64_t> rows;
  for (const CopiedCount& c : *counts) rows[c.table] = c.rows;
  // Failures in events, the newest hits in the ring.
  EXPECT_EQ(rows["events"] + rows["hit_ring"], 30);
  EXPECT_EQ(rows["users"], 2);
  EXPECT_GE(rows["audit_log"], 5);
  for (const CopiedTable& t : CopiedTables()) {
    EXPECT_GT(rows[t.name], 0) << t.name << " was not exercised";
  }

  StoreOptions source = options_;
  options_ = target_options_;
  std::unique_ptr<Store> copy = OpenAgain();
  options_ = source;
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(Snapshot(*copy), before);
  // New rows get ids after the copied ones.
  ASSERT_TRUE(copy->RecordAuditEntry(Audit("org_a", "after")).ok());
  auto newest = copy->ListAuditEntries("org_a", 1, std::nullopt);
  ASSERT_EQ(newest->size(), 1u);
  EXPECT_EQ(newest->front().action, "after");
  // New events too, in the ring and out of it: no id names two events.
  Store::EventQuery all;
  all.limit = 100;
  auto copied_events = copy->ListEvents("org_a", "app_1", all);
  ASSERT_TRUE(copied_events.ok());
  int64_t max_id = 0;
  for (const Event& e : *copied_events) max_id = std::max(max_id, e.id);
  ASSERT_TRUE(ingest::CommitEvents(
                  *copy, {Report(false, 7'200'000), Report(true, 7'200'001)})
                  .ok());
  auto added = copy->ListEvents("org_a", "app_1", all);
  ASSERT_TRUE(added.ok());
  ASSERT_EQ(added->size(), copied_events->size() + 2);
  EXPECT_GT(added->at(0).id, max_id);
  EXPECT_GT(added->at(1).id, max_id);
  EXPECT_NE(added->at(0).id, added->at(1).id);
  // A new application's ring is numbered after the copied ones: its hits
  // take slots of their own.
  ASSERT_TRUE(copy->CreateApplication(NewApp("app_2", "org_a", "prd_1", "new"),
                                      true, mint_, Audit("org_a", "a2"))
                  .ok());
  Event other = Report(false, 7'200'002);
  other.application_id = "app_2";
  ASSERT_TRUE(ingest::CommitEvents(*copy, {other}).ok());
  auto its = copy->ListEvents("org_a", "app_2", all);
  ASSERT_TRUE(its.ok());
  ASSERT_EQ(its->size(), 1u);
  EXPECT_GT(its->front().id, added->front().id);
  EXPECT_EQ(copy->ListEvents("org_a", "app_1", all)->size(), added->size());
  // Into a database that has rows, nothing is copied.
  copy.reset();
  auto again = Copy(1000);
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
}

// The catalog's tables (not its views) and columns, but schema_migrations.
std::map<std::string, std::set<std::string>> Catalog(sql::Database& db,
                                                     bool postgres) {
  std::map<std::string, std::set<std::string>> tables;
  Status s = db.Read([&](sql::Connection& c) -> Status {
    auto rows = postgres
                    ? c.Query(
                          "SELECT table_name, column_name FROM"
                          " information_schema.columns WHERE table_schema ="
                          " current_schema() AND table_name NOT IN (SELECT"
                          " inhrelid::regclass::text FROM pg_inherits) AND"
                          " table_name IN (SELECT table_name FROM"
                          " information_schema.tables WHERE table_schema ="
                          " current_schema() AND table_type = 'BASE TABLE')")
                    : c.Query(
                          "SELECT m.name, p.name FROM sqlite_master m,"
                          " pragma_table_info(m.name) p WHERE m.type = 'table'"
                          " AND m.name NOT LIKE 'sqlite_%'");
    if (!rows.ok()) return rows.status();
    for (const sql::Row& r : *rows) {
      if (r.Text(0) != "schema_migrations") {
        tables[r.Text(0)].insert(r.Text(1));
      }
    }
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return tables;
}

TEST_P(StoreCopyTest, TheTablesCopiedAreTheWholeSchema) {
  std::map<std::string, std::set<std::string>> listed;
  for (const CopiedTable& t : CopiedTables()) {
    listed[t.name] = std::set<std::string>(t.columns.begin(), t.columns.end());
    for (const std::string& k : t.key) EXPECT_TRUE(listed[t.name].count(k));
  }
  auto source = OpenRaw(options_);
  auto target = OpenRaw(target_options_);
  ASSERT_TRUE(source && target);
  EXPECT_EQ(Catalog(*source, !target_is_postgres_), listed);
  EXPECT_EQ(Catalog(*target, target_is_postgres_), listed);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreCopyTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden
