// The Store contract when several writers change the same rows at once, as
// several servers on one database do: run against every backend, with two
// stores opened on the same database.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "ingest/report_committer.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

class ConcurrentStoreTest : public StoreContractTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreContractTest::SetUp());
    other_ = OpenAgain();
    ASSERT_NE(other_, nullptr);
  }
  void TearDown() override {
    other_.reset();
    StoreContractTest::TearDown();
  }

  // Runs `work(store, thread)` on `threads` threads, alternating the two
  // stores, and waits for them all.
  void OnThreads(int threads, const std::function<void(Store&, int)>& work) {
    std::vector<std::thread> running;
    for (int t = 0; t < threads; ++t) {
      Store* store = t % 2 ? other_.get() : store_.get();
      running.emplace_back([&work, store, t] { work(*store, t); });
    }
    for (auto& t : running) t.join();
  }

  std::unique_ptr<Store> other_;
};

Event FailureAt(int64_t at) {
  Event e;
  e.organization_id = "org_a";
  e.application_id = "app_1";
  e.failure = true;
  e.at = e.received_at = at;
  e.message = "down";
  return e;
}

TEST_P(ConcurrentStoreTest, EveryEventOfOneApplicationCountsOnce) {
  ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  Application app = *store_->GetApplication("org_a", "app_1");
  app.rules = IncidentRules{3, 2, "sev2", 0};
  ASSERT_TRUE(store_->UpdateApplication(app, mint_, Audit("org_a", "a")).ok());
  constexpr int kThreads = 4, kCalls = 15, kPerCall = 5;
  const int64_t base = 600'000;  // Minute 10; every event in minute 10.
  std::mutex mutex;
  std::set<std::string> incidents_seen;
  OnThreads(kThreads, [&](Store& store, int thread) {
    for (int call = 0; call < kCalls; ++call) {
      std::vector<Event> events;
      for (int i = 0; i < kPerCall; ++i) {
        events.push_back(FailureAt(base + thread * 1000 + call * 10 + i));
      }
      auto outcomes = ingest::CommitEvents(store, events);
      ASSERT_TRUE(outcomes.ok()) << outcomes.status().message();
      std::lock_guard lock(mutex);
      for (const ingest::EventOutcome& o : *outcomes) {
        if (o.open_incident) incidents_seen.insert(o.open_incident->id);
      }
    }
  });
  const int total = kThreads * kCalls * kPerCall;
  Store::ReliabilityQuery q;
  q.application_id = "app_1";
  q.from = 0;
  q.to = 3'600'000;
  q.incidents_opened_before = q.to;
  q.minutes_only = true;
  auto data = store_->ReadReliabilityData(q);
  ASSERT_TRUE(data.ok()) << data.status().message();
  EventCounts counts;
  for (const auto& slice : data->aggregates) counts.Merge(slice.counts);
  EXPECT_EQ(counts.failures, total);
  EXPECT_EQ(counts.hits, 0);
  // One incident: the streak is shared by every writer.
  EXPECT_EQ(data->incidents.size(), 1u);
  EXPECT_EQ(incidents_seen.size(), 1u);
  Store::EventQuery all;
  all.limit = 5000;
  EXPECT_EQ(store_->ListEvents("org_a", "app_1", all)->size(),
            static_cast<size_t>(total));
}

TEST_P(ConcurrentStoreTest, DerivedSlugsStayDistinct) {
  ASSERT_TRUE(store_
                  ->CreateProduct(NewProduct("prd_1", "org_a", "Web", "web"),
                                  true, Audit("org_a", "p"))
                  .ok());
  std::mutex mutex;
  std::set<std::string> slugs;
  OnThreads(6, [&](Store& store, int thread) {
    Application app =
        NewApp("app_" + std::to_string(thread), "org_a", "prd_1", "api");
    auto created = store.CreateApplication(app, /*slug_is_explicit=*/false,
                                           mint_, Audit("org_a", "a"));
    ASSERT_TRUE(created.ok()) << created.status().message();
    std::lock_guard lock(mutex);
    slugs.insert(created->slug);
  });
  EXPECT_EQ(slugs.size(), 6u);
  EXPECT_EQ(slugs.count("api"), 1u);
  EXPECT_EQ(slugs.count("api-6"), 1u);
}

TEST_P(ConcurrentStoreTest, OwnersDemotingEachOtherAtOnceLeaveAnOwner) {
  ASSERT_NO_FATAL_FAILURE(Join("org_a", "usr_b", Role::kOwner));
  std::atomic<int> demoted{0}, refused{0};
  OnThreads(2, [&](Store& store, int thread) {
    auto r = store.UpdateMemberRole("org_a", thread ? "alice" : "bob",
                                    Role::kMember, Audit("org_a", "m"));
    if (r.ok()) {
      ++demoted;
    } else {
      EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
      ++refused;
    }
  });
  EXPECT_EQ(demoted.load(), 1);
  EXPECT_EQ(refused.load(), 1);
  int owners = 0;
  // Kept in a local: a range-for over *(a temporary Result) would read the
  // members after the Result is gone.
  auto members = store_->ListMembers("org_a");
  ASSERT_TRUE(members.ok());
  for (const Member& m : *members) {
    owners += m.role == Role::kOwner;
  }
  EXPECT_EQ(owners, 1);
}

TEST_P(ConcurrentStoreTest, ActivationsAtOnceShareOneApiToken) {
  IssuedToken integration = CreateHitsCredential();
  std::mutex mutex;
  std::set<std::string> api_tokens;
  OnThreads(6, [&](Store& store, int thread) {
    auto api = store.Activate(integration, mint_, 1000, "127.0.0.1", "test",
                              Audit("org_a", "activated"));
    ASSERT_TRUE(api.ok()) << api.status().message();
    std::lock_guard lock(mutex);
    api_tokens.insert(api->api_token.token_hash);
  });
  EXPECT_EQ(api_tokens.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConcurrentStoreTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden
