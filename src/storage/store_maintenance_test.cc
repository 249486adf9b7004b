// The store's maintenance windows on both backends: what they cover, what
// the watch and the data plane read of them, and that another
// organization sees none of them.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "ingest/report_committer.h"
#include "storage/store.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

constexpr int64_t kHour = 3'600'000;

class MaintenanceStoreTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(CreateWebApp());
    // A second application of the same product, and one of another.
    ASSERT_TRUE(
        store_
            ->CreateApplication(NewApp("app_2", "org_a", "prd_1", "jobs"), true,
                                mint_, Audit("org_a", "a"))
            .ok());
    ASSERT_TRUE(store_
                    ->CreateProduct(NewProduct("prd_2", "org_a", "Ops", "ops"),
                                    true, Audit("org_a", "p"))
                    .ok());
    ASSERT_TRUE(
        store_
            ->CreateApplication(NewApp("app_3", "org_a", "prd_2", "cron"), true,
                                mint_, Audit("org_a", "a"))
            .ok());
  }

  MaintenanceWindow Window(std::string id, int64_t from, int64_t to,
                           std::vector<std::string> apps,
                           std::vector<std::string> products) {
    return NewMaintenanceWindow(std::move(id), from, to, std::move(apps),
                                std::move(products));
  }

  std::set<std::string> InMaintenance(int64_t at) {
    auto in = store_->ApplicationsInMaintenance("org_a", at);
    EXPECT_TRUE(in.ok()) << in.status().message();
    return in.ok() ? *in : std::set<std::string>{};
  }
};

TEST_P(MaintenanceStoreTest, AWindowCoversItsApplicationsAndItsProductsOnes) {
  auto created = store_->CreateMaintenanceWindow(
      Window("mnt_1", 10 * kHour, 12 * kHour, {"app_3"}, {"prd_1"}),
      Audit("org_a", "maintenance_window.created"));
  ASSERT_TRUE(created.ok()) << created.status().message();
  ASSERT_EQ(created->applications.size(), 1u);
  EXPECT_EQ(created->applications[0].slug, "cron");
  ASSERT_EQ(created->products.size(), 1u);
  EXPECT_EQ(created->products[0].slug, "web");

  EXPECT_TRUE(InMaintenance(10 * kHour - 1).empty());
  EXPECT_EQ(InMaintenance(10 * kHour),
            (std::set<std::string>{"app_1", "app_2", "app_3"}));
  EXPECT_TRUE(InMaintenance(12 * kHour).empty());

  Store::ReliabilityQuery q;
  q.application_id = "app_2";
  q.from = 0;
  q.to = 11 * kHour;
  auto data = store_->ReadReliabilityData(q);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->maintenance, (std::vector<Span>{{10 * kHour, 12 * kHour}}));
  q.to = 10 * kHour;  // The window begins where this ends.
  data = store_->ReadReliabilityData(q);
  ASSERT_TRUE(data.ok());
  EXPECT_TRUE(data->maintenance.empty());
}

TEST_P(MaintenanceStoreTest, AnotherOrganizationSeesNoneOfIt) {
  ASSERT_TRUE(
      store_
          ->CreateMaintenanceWindow(Window("mnt_1", 0, kHour, {"app_1"}, {}),
                                    Audit("org_a", "m"))
          .ok());
  EXPECT_EQ(store_->GetMaintenanceWindow("org_b", "mnt_1").status().code(),
            ErrorCode::kNotFound);
  MaintenanceStore::MaintenanceQuery all;
  auto listed = store_->ListMaintenanceWindows("org_b", all);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  EXPECT_EQ(
      store_->DeleteMaintenanceWindow("org_b", "mnt_1", Audit("org_b", "d"))
          .code(),
      ErrorCode::kNotFound);
  auto in = store_->ApplicationsInMaintenance("org_b", 10);
  ASSERT_TRUE(in.ok());
  EXPECT_TRUE(in->empty());
  EXPECT_TRUE(store_->GetMaintenanceWindow("org_a", "mnt_1").ok());
}

TEST_P(MaintenanceStoreTest, ListsPageByStartNewestFirstAndFilterActive) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store_
                    ->CreateMaintenanceWindow(
                        Window("mnt_" + std::to_string(i), i * kHour,
                               i * kHour + 90 * 60'000, {"app_1"}, {}),
                        Audit("org_a", "m"))
                    .ok());
  }
  MaintenanceStore::MaintenanceQuery q;
  q.limit = 2;
  auto page = store_->ListMaintenanceWindows("org_a", q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, "mnt_4");
  EXPECT_EQ((*page)[1].id, "mnt_3");
  q.after = {(*page)[1].starts_at, (*page)[1].id};
  q.limit = 10;
  page = store_->ListMaintenanceWindows("org_a", q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].id, "mnt_2");
  // At 3:10 both the window of 2:00 (to 3:30) and that of 3:00 are on.
  MaintenanceStore::MaintenanceQuery active;
  active.active_at = 3 * kHour + 10 * 60'000;
  page = store_->ListMaintenanceWindows("org_a", active);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, "mnt_3");
  EXPECT_EQ((*page)[1].id, "mnt_2");
}

TEST_P(MaintenanceStoreTest, RetentionDropsWindowsPastTheFiguresReach) {
  constexpr int64_t kDay = 24 * kHour;
  ASSERT_TRUE(store_
                  ->CreateMaintenanceWindow(
                      Window("mnt_old", kDay, 2 * kDay, {"app_1"}, {"prd_2"}),
                      Audit("org_a", "m"))
                  .ok());
  ASSERT_TRUE(store_
                  ->CreateMaintenanceWindow(
                      Window("mnt_new", 20 * kDay, 21 * kDay, {"app_1"}, {}),
                      Audit("org_a", "m"))
                  .ok());
  EventStore::Retention retention;
  retention.now = 12 * kDay;
  retention.aggregates_millis = 10 * kDay;  // Figures reach back to day 2.
  ASSERT_TRUE(store_->PruneEvents(retention).ok());
  EXPECT_TRUE(store_->GetMaintenanceWindow("org_a", "mnt_old").ok());
  retention.now = 12 * kDay + 1;  // Day 2 is now out of reach.
  ASSERT_TRUE(store_->PruneEvents(retention).ok());
  EXPECT_EQ(store_->GetMaintenanceWindow("org_a", "mnt_old").status().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(store_->GetMaintenanceWindow("org_a", "mnt_new").ok());
  // Its application and product are no longer in it, then or ever.
  EXPECT_TRUE(InMaintenance(kDay + kHour).empty());
}

TEST_P(MaintenanceStoreTest, EachStartAndEndIsClaimedOnce) {
  ASSERT_TRUE(store_
                  ->CreateMaintenanceWindow(
                      Window("mnt_1", kHour, 2 * kHour, {"app_3"}, {"prd_1"}),
                      Audit("org_a", "m"))
                  .ok());
  auto due = store_->DueMaintenanceNotices(kHour - 1, 10);
  ASSERT_TRUE(due.ok());
  EXPECT_TRUE(due->empty());
  due = store_->DueMaintenanceNotices(kHour, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_FALSE((*due)[0].started_told);
  EXPECT_EQ((*due)[0].application_ids,
            (std::vector<std::string>{"app_1", "app_2", "app_3"}));
  std::vector<bool> claims;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(store_
                    ->InUnitOfWork([&](UnitOfWork& unit) -> Status {
                      auto first = unit.ClaimMaintenanceNotice("mnt_1", false);
                      if (!first.ok()) return first.status();
                      claims.push_back(*first);
                      return Status::Ok();
                    })
                    .ok());
  }
  EXPECT_EQ(claims, (std::vector<bool>{true, false}));
  due = store_->DueMaintenanceNotices(kHour + 1, 10);
  ASSERT_TRUE(due.ok());
  EXPECT_TRUE(due->empty());
  due = store_->DueMaintenanceNotices(2 * kHour, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_TRUE((*due)[0].started_told);
  EXPECT_FALSE((*due)[0].ended_told);
}

TEST_P(MaintenanceStoreTest, EventsInAWindowUnderWayOpenNoIncident) {
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  ASSERT_TRUE(store_
                  ->CreateMaintenanceWindow(
                      Window("mnt_1", now - kHour, now + kHour, {}, {"prd_1"}),
                      Audit("org_a", "m"))
                  .ok());
  auto outcomes = ingest::CommitEvents(*store_, {Report(true, now)});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().message();
  EXPECT_TRUE(outcomes->front().in_maintenance);
  EXPECT_EQ(outcomes->front().open_incident, nullptr);
  auto incidents = store_->ListIncidents("org_a", {});
  ASSERT_TRUE(incidents.ok());
  EXPECT_TRUE(incidents->empty());
  // The failure is kept and counted all the same.
  Store::EventQuery all;
  all.limit = 10;
  auto events = store_->ListEvents("org_a", "app_1", all);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u);
}

TEST_P(MaintenanceStoreTest, LockingApplicationsTellsWhichAreInAWindowThen) {
  // app_3 by name from 10:00 to 12:00; prd_1 (app_1, app_2) from 11:00 to
  // 13:00; a window that names app_3 again, long over.
  for (const MaintenanceWindow& w :
       {Window("mnt_1", 10 * kHour, 12 * kHour, {"app_3"}, {}),
        Window("mnt_2", 11 * kHour, 13 * kHour, {}, {"prd_1"}),
        Window("mnt_3", kHour, 2 * kHour, {"app_3"}, {"prd_1"})}) {
    ASSERT_TRUE(store_->CreateMaintenanceWindow(w, Audit("org_a", "m")).ok());
  }
  auto in_maintenance = [&](int64_t at) {
    std::set<std::string> in;
    EXPECT_TRUE(store_
                    ->InUnitOfWork([&](UnitOfWork& unit) -> Status {
                      auto locked = unit.LockApplications(
                          {"app_1", "app_2", "app_3"}, at);
                      if (!locked.ok()) return locked.status();
                      EXPECT_EQ(locked->size(), 3u);
                      for (const TrackedApplication& t : *locked) {
                        if (t.in_maintenance) in.insert(t.app.id);
                      }
                      return Status::Ok();
                    })
                    .ok());
    return in;
  };
  using Ids = std::set<std::string>;
  EXPECT_EQ(in_maintenance(10 * kHour - 1), Ids{});
  EXPECT_EQ(in_maintenance(10 * kHour), Ids{"app_3"});
  EXPECT_EQ(in_maintenance(11 * kHour), (Ids{"app_1", "app_2", "app_3"}));
  EXPECT_EQ(in_maintenance(12 * kHour), (Ids{"app_1", "app_2"}));
  EXPECT_EQ(in_maintenance(13 * kHour), Ids{});
  EXPECT_EQ(in_maintenance(kHour + 1), (Ids{"app_1", "app_2", "app_3"}));
}

TEST_P(MaintenanceStoreTest, DeletingAnApplicationTakesItOutOfItsWindows) {
  ASSERT_TRUE(store_
                  ->CreateMaintenanceWindow(
                      Window("mnt_1", 0, kHour, {"app_1", "app_3"}, {}),
                      Audit("org_a", "m"))
                  .ok());
  ASSERT_TRUE(
      store_->DeleteApplication("org_a", "app_1", Audit("org_a", "d")).ok());
  auto w = store_->GetMaintenanceWindow("org_a", "mnt_1");
  ASSERT_TRUE(w.ok());
  ASSERT_EQ(w->applications.size(), 1u);
  EXPECT_EQ(w->applications[0].id, "app_3");
}

INSTANTIATE_TEST_SUITE_P(Backends, MaintenanceStoreTest, StoreBackends());

}  // namespace
}  // namespace hookwarden
