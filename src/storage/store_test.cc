// The Store contract, run against every backend.
#include "storage/store.h"

#include <gtest/gtest.h>

#include <set>

#include "ingest/report_committer.h"
#include "storage/open_store.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

TEST_P(StoreContractTest, UsernamesAreUnique) {
  Status s = store_->CreateUser(User{"usr_c", "alice", "h", 3});
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(s.field(), "username");
  EXPECT_EQ(*store_->CountUsers(), 2);
  EXPECT_EQ(store_->FindUserByUsername("bob")->id, "usr_b");
  EXPECT_EQ(store_->FindUserByUsername("carol").status().code(),
            ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, MembershipIsTheOnlyWayIntoAnOrganization) {
  EXPECT_EQ(store_->FindMembership("usr_a", "a")->role, Role::kOwner);
  EXPECT_EQ(store_->FindMembership("usr_a", "org_a")->organization.slug, "a");
  EXPECT_EQ(store_->FindMembership("usr_a", "b").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->FindMembership("usr_a", "org_b").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->FindMembership("usr_a", "nope").status().code(),
            ErrorCode::kNotFound);
  auto dup =
      store_->CreateOrganization(Organization{"org_c", "C", "a", 1}, "usr_a",
                                 Audit("org_c", "organization.created"));
  EXPECT_EQ(dup.code(), ErrorCode::kConflict);
  EXPECT_EQ(dup.field(), "slug");
  EXPECT_EQ(store_->ListMemberships("usr_a")->size(), 1u);
}

TEST_P(StoreContractTest, AnOrganizationKeepsAnOwner) {
  ASSERT_NO_FATAL_FAILURE(Join("org_a", "usr_b", Role::kAdmin));
  EXPECT_EQ(store_
                ->UpdateMemberRole("org_a", "alice", Role::kMember,
                                   Audit("org_a", "member.updated"))
                .status()
                .code(),
            ErrorCode::kConflict);
  EXPECT_EQ(
      store_->RemoveMember("org_a", "alice", Audit("org_a", "member.removed"))
          .code(),
      ErrorCode::kConflict);
  ASSERT_TRUE(store_
                  ->UpdateMemberRole("org_a", "bob", Role::kOwner,
                                     Audit("org_a", "member.updated"))
                  .ok());
  EXPECT_TRUE(
      store_->RemoveMember("org_a", "alice", Audit("org_a", "member.removed"))
          .ok());
  EXPECT_EQ(store_->ListMembers("org_a")->size(), 1u);
  EXPECT_EQ(
      store_->RemoveMember("org_a", "carol", Audit("org_a", "member.removed"))
          .code(),
      ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, DerivedSlugsGetSuffixesAndExplicitOnesConflict) {
  auto p1 = store_->CreateProduct(NewProduct("prd_1", "org_a", "Web", "web"),
                                  false, Audit("org_a", "p"));
  auto p2 = store_->CreateProduct(NewProduct("prd_2", "org_a", "Web!", "web"),
                                  false, Audit("org_a", "p"));
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(p1->slug, "web");
  EXPECT_EQ(p2->slug, "web-2");
  auto p3 = store_->CreateProduct(NewProduct("prd_3", "org_a", "Other", "web"),
                                  true, Audit("org_a", "p"));
  EXPECT_EQ(p3.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(p3.status().field(), "slug");
  auto p4 = store_->CreateProduct(NewProduct("prd_4", "org_a", "Web", "x"),
                                  true, Audit("org_a", "p"));
  EXPECT_EQ(p4.status().field(), "name");
  // Another organization has its own namespace.
  auto p5 = store_->CreateProduct(NewProduct("prd_5", "org_b", "Web", "web"),
                                  true, Audit("org_b", "p"));
  EXPECT_TRUE(p5.ok());
  EXPECT_EQ(store_->ListProducts("org_a")->size(), 2u);
}

TEST_P(StoreContractTest, RowsOfAnotherOrganizationAreNotFound) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  EXPECT_EQ(store_->GetProduct("org_b", "prd_1").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetProduct("org_b", "web").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetApplication("org_b", "app_1").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      store_->DeleteApplication("org_b", "app_1", Audit("org_b", "x")).code(),
      ErrorCode::kNotFound);
  Product stolen = NewProduct("prd_1", "org_b", "Mine", "mine");
  EXPECT_EQ(store_->UpdateProduct(stolen, Audit("org_b", "x")).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetProduct("org_a", "prd_1")->name, "Web");
  EXPECT_TRUE(store_->ListAuditEntries("org_b", 10, std::nullopt)->size() == 1);
}

TEST_P(StoreContractTest, ProductsWithApplicationsCannotBeDeleted) {
  ASSERT_TRUE(store_
                  ->CreateProduct(NewProduct("prd_1", "org_a", "Web", "web"),
                                  true, Audit("org_a", "p"))
                  .ok());
  auto app = store_->CreateApplication(NewApp("app_1", "org_a", "prd_1", "api"),
                                       true, mint_, Audit("org_a", "a"));
  ASSERT_TRUE(app.ok());
  EXPECT_EQ(app->product_slug, "web");
  EXPECT_EQ(app->rules.failures_to_open, 1);
  EXPECT_EQ(store_->DeleteProduct("org_a", "prd_1", Audit("org_a", "d")).code(),
            ErrorCode::kConflict);
  ASSERT_TRUE(
      store_->DeleteApplication("org_a", "app_1", Audit("org_a", "d")).ok());
  EXPECT_TRUE(
      store_->DeleteProduct("org_a", "prd_1", Audit("org_a", "d")).ok());
}

TEST_P(StoreContractTest, AuditLogIsNewestFirstAndPages) {
  for (int i = 0; i < 5; ++i) {
    auto p = NewProduct("prd_" + std::to_string(i), "org_a",
                        "P" + std::to_string(i), "p" + std::to_string(i));
    ASSERT_TRUE(
        store_->CreateProduct(p, true, Audit("org_a", "product.created")).ok());
  }
  auto first = store_->ListAuditEntries("org_a", 4, std::nullopt);
  ASSERT_EQ(first->size(), 4u);
  EXPECT_GT(first->at(0).id, first->at(1).id);
  auto rest = store_->ListAuditEntries("org_a", 4, first->back().id);
  ASSERT_EQ(rest->size(),
            2u);  // One more product and the organization's creation.
  EXPECT_EQ(rest->back().action, "organization.created");
}

TEST_P(StoreContractTest, AFailedChangeWritesNoAuditEntry) {
  auto before = store_->ListAuditEntries("org_a", 100, std::nullopt)->size();
  EXPECT_FALSE(
      store_->RemoveMember("org_a", "alice", Audit("org_a", "member.removed"))
          .ok());
  EXPECT_EQ(store_->ListAuditEntries("org_a", 100, std::nullopt)->size(),
            before);
}

TEST_P(StoreContractTest, SessionsExpireAndEndWithAPasswordChange) {
  ASSERT_TRUE(
      store_->CreateLoginSession(LoginSession{"h1", "usr_a", "csrf", 0, 1000})
          .ok());
  EXPECT_TRUE(store_->FindLoginSession("h1", 999).ok());
  EXPECT_EQ(store_->FindLoginSession("h1", 1000).status().code(),
            ErrorCode::kNotFound);
  ASSERT_TRUE(
      store_->CreateLoginSession(LoginSession{"h2", "usr_a", "csrf", 0, 5000})
          .ok());
  ASSERT_TRUE(store_->SetPasswordHash("usr_a", "new").ok());
  EXPECT_EQ(store_->FindLoginSession("h2", 1).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetUser("usr_a")->password_hash, "new");
}

TEST_P(StoreContractTest, ApiKeysBelongToTheirUser) {
  ASSERT_TRUE(store_
                  ->CreateApiKey(ApiKey{
                      "key_1", "usr_a", "ci", "hash1", "hwp_...abcd", 1, {}})
                  .ok());
  EXPECT_EQ(store_->FindApiKeyByHash("hash1")->user_id, "usr_a");
  EXPECT_EQ(store_->DeleteApiKey("usr_b", "key_1").code(),
            ErrorCode::kNotFound);
  ASSERT_TRUE(store_->TouchApiKey("key_1", 77).ok());
  EXPECT_EQ(store_->ListApiKeys("usr_a")->at(0).last_used_at, 77);
  ASSERT_TRUE(store_->DeleteApiKey("usr_a", "key_1").ok());
  EXPECT_EQ(store_->FindApiKeyByHash("hash1").status().code(),
            ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, TheFirstSettingWins) {
  EXPECT_EQ(*store_->GetOrInsertSetting("k", "one"), "one");
  EXPECT_EQ(*store_->GetOrInsertSetting("k", "two"), "one");
}

TEST_P(StoreContractTest, ReopeningKeepsDataAndSchema) {
  store_.reset();
  auto reopened = OpenAgain();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(*reopened->CountUsers(), 2);
}

Event Hit(int64_t at, std::optional<std::string> key = std::nullopt) {
  Event e;
  e.organization_id = "org_a";
  e.application_id = "app_1";
  e.at = e.received_at = at;
  e.idempotency_key = std::move(key);
  return e;
}

Event Failure(int64_t at, std::string message) {
  Event e = Hit(at);
  e.failure = true;
  e.message = std::move(message);
  return e;
}

// Which events of an append were duplicates.
std::vector<bool> Duplicates(
    const Result<std::vector<ingest::EventOutcome>>& r) {
  std::vector<bool> out;
  if (r.ok()) {
    for (const ingest::EventOutcome& o : *r) out.push_back(o.duplicate);
  }
  return out;
}

TEST_P(StoreContractTest, IdempotencyKeysMakeDuplicatesWithinAndAcrossCalls) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  auto first =
      ingest::CommitEvents(*store_, {Hit(1, "a"), Hit(2, "b"), Hit(3, "a")});
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(Duplicates(first), (std::vector<bool>{false, false, true}));
  auto second = ingest::CommitEvents(*store_, {Hit(4, "b"), Hit(5, "c")});
  EXPECT_EQ(Duplicates(second), (std::vector<bool>{true, false}));
  Store::EventQuery all;
  all.limit = 100;
  EXPECT_EQ(store_->ListEvents("org_a", "app_1", all)->size(), 3u);
  // Another organization sees none of them.
  EXPECT_TRUE(store_->ListEvents("org_b", "app_1", all)->empty());
}

TEST_P(StoreContractTest, ACallKeepsTheNewestHitsAndEveryFailure) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  std::vector<Event> events;
  for (int i = 0; i < 1500; ++i) events.push_back(Hit(10'000 + i));
  for (int i = 0; i < 20; ++i)
    events.push_back(Failure(5'000 + i, "f" + std::to_string(i)));
  ASSERT_TRUE(ingest::CommitEvents(*store_, events).ok());
  Store::EventQuery hits;
  hits.status = EventStatus::kHit;
  hits.limit = 5000;
  auto kept = store_->ListEvents("org_a", "app_1", hits);
  ASSERT_EQ(kept->size(), static_cast<size_t>(kKeptEventsPerApplication));
  EXPECT_EQ(kept->front().at, 11'499);  // Newest first.
  EXPECT_EQ(kept->back().at, 10'500);
  Store::EventQuery failures;
  failures.status = EventStatus::kFailure;
  failures.limit = 5000;
  EXPECT_EQ(store_->ListEvents("org_a", "app_1", failures)->size(), 20u);
}

TEST_P(StoreContractTest, KeptHitsAreARingOverwrittenInPlace) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  // 30 calls of 100 hits: each call's hits take the next slots, so exactly
  // the newest 1,000 are kept at every moment, with no pass of retention.
  for (int call = 0; call < 30; ++call) {
    std::vector<Event> events;
    for (int i = 0; i < 100; ++i) events.push_back(Hit(call * 100 + i));
    ASSERT_TRUE(ingest::CommitEvents(*store_, events).ok());
    Store::EventQuery hits;
    hits.status = EventStatus::kHit;
    hits.limit = 5000;
    auto kept = store_->ListEvents("org_a", "app_1", hits);
    ASSERT_TRUE(kept.ok());
    size_t sent = (call + 1) * 100;
    ASSERT_EQ(kept->size(), std::min<size_t>(sent, kKeptEventsPerApplication));
    EXPECT_EQ(kept->front().at, static_cast<int64_t>(sent) - 1);
    EXPECT_EQ(kept->back().at,
              static_cast<int64_t>(sent) - static_cast<int64_t>(kept->size()));
    // Each with an id of its own.
    std::set<int64_t> ids;
    for (const Event& e : *kept) {
      EXPECT_GT(e.id, 0);
      ids.insert(e.id);
    }
    EXPECT_EQ(ids.size(), kept->size());
  }
}

// A job's end is kept with its event: the exit code and the output (and
// over a full ring: AnOverwrittenSlotKeepsOnlyItsNewHit).
TEST_P(StoreContractTest, EventsKeepTheirExitCodeAndOutput) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  Event failed = Failure(1, "exit status 3");
  failed.exit_code = 3;
  failed.output = "disk full\n\xc3\xa9";
  failed.output_truncated = true;
  Event done = Hit(2);
  done.exit_code = 0;
  done.output = "ok";
  ASSERT_TRUE(ingest::CommitEvents(*store_, {failed, done}).ok());
  Store::EventQuery all;
  all.limit = 10;
  auto kept = store_->ListEvents("org_a", "app_1", all);
  ASSERT_EQ(kept->size(), 2u);
  EXPECT_EQ(kept->at(0).exit_code, 0);
  EXPECT_EQ(kept->at(0).output, "ok");
  EXPECT_FALSE(kept->at(0).output_truncated);
  EXPECT_EQ(kept->at(1).exit_code, 3);
  EXPECT_EQ(kept->at(1).output, "disk full\n\xc3\xa9");
  EXPECT_TRUE(kept->at(1).output_truncated);
  // A plain hit reports neither.
  ASSERT_TRUE(ingest::CommitEvents(*store_, {Hit(3)}).ok());
  kept = store_->ListEvents("org_a", "app_1", all);
  EXPECT_FALSE(kept->front().exit_code.has_value());
  EXPECT_FALSE(kept->front().output.has_value());
}

// A full ring's slot keeps what its new hit brought and nothing of the one
// it overwrites: a plain hit leaves no job's fields behind, and a run's end
// sets them, also beside plain hits in one commit.
TEST_P(StoreContractTest, AnOverwrittenSlotKeepsOnlyItsNewHit) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  auto run = [](int64_t at) {
    Event e = Hit(at);
    e.latency_ms = 5;
    e.message = "run";
    e.exit_code = 0;
    e.output = "out";
    e.output_truncated = true;
    e.duration_ms = 7;
    return e;
  };
  auto plain = [](int64_t at) {
    Event e = Hit(at);
    e.latency_ms = 12;
    e.message = "plain";
    return e;
  };
  std::vector<Event> full;
  for (int i = 0; i < kKeptEventsPerApplication; ++i) full.push_back(run(i));
  ASSERT_TRUE(ingest::CommitEvents(*store_, full).ok());
  const int64_t next = kKeptEventsPerApplication;
  ASSERT_TRUE(ingest::CommitEvents(*store_, {plain(next), run(next + 1),
                                             plain(next + 2), Hit(next + 3)})
                  .ok());
  Store::EventQuery newest;
  newest.limit = 5;
  auto kept = store_->ListEvents("org_a", "app_1", newest);
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 5u);
  std::vector<int64_t> ats;
  for (const Event& e : *kept) ats.push_back(e.at);
  EXPECT_EQ(ats, (std::vector<int64_t>{next + 3, next + 2, next + 1, next,
                                       next - 1}));
  for (const Event& e : *kept) {
    SCOPED_TRACE(e.at);
    bool is_run = e.at == next + 1 || e.at == next - 1;
    if (is_run) {
      EXPECT_EQ(e.latency_ms, 5);
      EXPECT_EQ(e.message, "run");
      EXPECT_EQ(e.exit_code, 0);
      EXPECT_EQ(e.output, "out");
      EXPECT_TRUE(e.output_truncated);
      EXPECT_EQ(e.duration_ms, 7);
      continue;
    }
    if (e.at == next + 3) {
      EXPECT_FALSE(e.latency_ms.has_value());
      EXPECT_FALSE(e.message.has_value());
    } else {
      EXPECT_EQ(e.latency_ms, 12);
      EXPECT_EQ(e.message, "plain");
    }
    EXPECT_FALSE(e.exit_code.has_value());
    EXPECT_FALSE(e.output.has_value());
    EXPECT_FALSE(e.output_truncated);
    EXPECT_FALSE(e.duration_ms.has_value());
  }
  // Still the newest kKeptEventsPerApplication, each once.
  Store::EventQuery hits;
  hits.status = EventStatus::kHit;
  hits.limit = 5000;
  auto all = store_->ListEvents("org_a", "app_1", hits);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), static_cast<size_t>(kKeptEventsPerApplication));
  EXPECT_EQ(all->back().at, 4);
}

TEST_P(StoreContractTest, EventsOfADeletedApplicationAreRefusedAndNotStored) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  ASSERT_TRUE(
      store_->DeleteApplication("org_a", "app_1", Audit("org_a", "d")).ok());
  // A token granted before the deletion still sends: nothing is stored.
  auto outcome = ingest::CommitEvents(*store_, {Hit(1), Failure(2, "x")});
  EXPECT_EQ(outcome.status().code(), ErrorCode::kNotFound);
  Store::EventQuery all;
  all.limit = 100;
  EXPECT_TRUE(store_->ListEvents("org_a", "app_1", all)->empty());
}

TEST_P(StoreContractTest, RetentionRemovesOnlyWhatOutlivedIt) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  const int64_t day = 86'400'000;
  const int64_t now = 100 * day;
  // 1,200 recent hits in calls small enough that each keeps them all.
  for (int call = 0; call < 4; ++call) {
    std::vector<Event> events;
    for (int i = 0; i < 300; ++i)
      events.push_back(Hit(now - day + call * 300 + i));
    ASSERT_TRUE(ingest::CommitEvents(*store_, events).ok());
  }
  ASSERT_TRUE(ingest::CommitEvents(*store_, {Failure(now - 31 * day, "old"),
                                             Failure(now - 29 * day, "recent")})
                  .ok());
  ASSERT_TRUE(
      ingest::CommitEvents(*store_, {Hit(now - 2 * day, "old-key")}).ok());
  // The hits' ring keeps 1,000 of them whatever retention does; with the
  // two failures, 1,002 rows.
  Store::EventQuery stored;
  stored.limit = 5000;
  EXPECT_EQ(store_->ListEvents("org_a", "app_1", stored)->size(),
            static_cast<size_t>(kKeptEventsPerApplication) + 2);

  Store::Retention retention;
  retention.now = now;
  retention.max_rows = 100;  // Several passes.
  int64_t removed_total = 0;
  for (int pass = 0; pass < 100; ++pass) {
    auto removed = store_->PruneEvents(retention);
    ASSERT_TRUE(removed.ok()) << removed.status().message();
    removed_total += *removed;
    if (*removed < retention.max_rows) break;
  }
  Store::EventQuery all;
  all.limit = 5000;
  auto left = store_->ListEvents("org_a", "app_1", all);
  int failures = 0;
  for (const Event& e : *left) failures += e.failure;
  EXPECT_EQ(failures,
            1);  // The 31-day-old failure went; the 29-day-old one stays.
  EXPECT_EQ(left->size(), static_cast<size_t>(kKeptEventsPerApplication) + 1);
  // The old failure, the old key, and whatever hits the appends had not
  // trimmed yet.
  EXPECT_GE(removed_total, 2);
  // The key's 24 hours are over: the same key is new again.
  EXPECT_EQ(Duplicates(ingest::CommitEvents(*store_, {Hit(now, "old-key")})),
            std::vector<bool>{false});
}

TEST_P(StoreContractTest, DeploysAreUpdatedByTheirId) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  Deploy d;
  d.id = "run-1";
  d.organization_id = "org_a";
  d.application_id = "app_1";
  d.version = "1.0";
  d.created_at = d.updated_at = 10;
  auto created = ingest::CommitDeploy(*store_, d);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->second);
  d.status = "failure";
  d.created_at = d.updated_at = 20;
  auto updated = ingest::CommitDeploy(*store_, d);
  EXPECT_FALSE(updated->second);
  EXPECT_EQ(updated->first.created_at, 10);
  auto list =
      store_->ListDeploys("org_a", "app_1", std::nullopt, std::nullopt, 10);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().status, "failure");
  EXPECT_TRUE(
      store_->ListDeploys("org_b", "app_1", std::nullopt, std::nullopt, 10)
          ->empty());
}

TEST_P(StoreContractTest, DeploysComeAPageAtATimeNewestFirst) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  // Two at one time (then by id, highest first), one before, one after.
  for (auto [id, at] : std::vector<std::pair<std::string, int64_t>>{
           {"b", 20}, {"a", 20}, {"c", 10}, {"d", 30}}) {
    Deploy d;
    d.id = id;
    d.organization_id = "org_a";
    d.application_id = "app_1";
    d.version = "1." + id;
    d.created_at = d.updated_at = at;
    ASSERT_TRUE(ingest::CommitDeploy(*store_, d).ok());
  }
  std::vector<std::string> ids;
  std::optional<Store::DeployPosition> before;
  for (int page = 0; page < 3; ++page) {
    auto list = store_->ListDeploys("org_a", "app_1", std::nullopt,
                                    std::nullopt, 2, before);
    ASSERT_TRUE(list.ok()) << list.status().message();
    EXPECT_LE(list->size(), 2u);
    for (const Deploy& d : *list) ids.push_back(d.id);
    if (list->size() < 2) break;
    before = Store::DeployPosition{list->back().created_at, list->back().id};
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"d", "b", "a", "c"}));
  auto window = store_->ListDeploys("org_a", "app_1", 20, 30, 10,
                                    Store::DeployPosition{20, "b"});
  ASSERT_TRUE(window.ok());
  ASSERT_EQ(window->size(), 1u);
  EXPECT_EQ(window->front().id, "a");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, StoreBackends());

TEST(OpenStoreTest, RejectsUnknownUrlsWithoutEchoingThem) {
  auto r =
      OpenStore(StoreOptions{"mysql://user:secret@host/db", "/tmp", false}, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "database");
  EXPECT_EQ(r.status().message().find("secret"), std::string::npos);
}

TEST(OpenStoreTest, APoolerGoesOnlyInFrontOfPostgres) {
  StoreOptions pooled{"", "/tmp", false};
  pooled.pooled = true;
  auto r = OpenStore(pooled, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "database_pooled");

  StoreOptions direct{"", "/tmp", false};
  direct.direct_database = "postgresql://user:secret@host/db";
  r = OpenStore(direct, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "database_direct");
  EXPECT_EQ(r.status().message().find("secret"), std::string::npos);
}

}  // namespace
}  // namespace hookwarden
