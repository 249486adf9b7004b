// Migrations 19 (the hit ring's own table) and 20 (PostgreSQL: events
// partitioned by day) on a store of version 18 with every kind of event
// row: what the events list answered before, it answers after.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "domain/event.h"
#include "storage/backend_test_database.h"
#include "storage/sql_helpers.h"

namespace hookwarden {
namespace {

using sql_store_internal::Done;

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kStart = 20'780 * kDay;  // 2026-11-23

// (id, at, status, message) of an event, as the list shows it.
using Row = std::tuple<int64_t, int64_t, int64_t, std::string>;

class EventsMigrationTest : public testing::BackendDatabaseTest {
 protected:
  void SetUp() override {
    BackendDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(MigrateTo(18));
  }

  // Version 18's rows of app_1: 5 hits in ring slots 0-4 (next slot 5),
  // 6 hits kept before the ring, 4 failures and 3 log messages, over 4
  // days, two of them at the same millisecond. Returns them as listed:
  // newest first, by id where the time is the same.
  std::vector<Row> AddVersion18Rows() {
    struct Added {
      int64_t at, status, slot;
    };
    std::vector<Added> added;
    for (int i = 0; i < 6; ++i)
      added.push_back({kStart + i * 7 * 3'600'000, 0, -1});
    for (int i = 0; i < 4; ++i) added.push_back({kStart + i * kDay + 1, 1, -1});
    for (int i = 0; i < 3; ++i) added.push_back({kStart + i * kDay + 2, 2, -1});
    for (int i = 0; i < 5; ++i) {
      added.push_back({kStart + 3 * kDay + i * 3'600'000, 0, i});
    }
    added.push_back({kStart + 1, 0, -1});  // The same time as a failure.
    EXPECT_TRUE(db_->Write([&](sql::Connection& c) -> Status {
                     for (size_t i = 0; i < added.size(); ++i) {
                       const Added& a = added[i];
                       HW_RETURN_IF_ERROR(Done(c.Execute(
                           "INSERT INTO events (organization_id,"
                           " application_id, failure, at, received_at,"
                           " message, ring_slot) VALUES"
                           " ('org_a', 'app_1', ?, ?, ?, ?, ?)",
                           {a.status, a.at, a.at, "m" + std::to_string(i),
                            a.slot < 0 ? sql::Value() : sql::Value(a.slot)})));
                     }
                     HW_RETURN_IF_ERROR(AddApplications(c, "org_a", {"app_1"}));
                     HW_RETURN_IF_ERROR(AddApplications(c, "org_b", {"app_2"}));
                     // Another application's and organization's event.
                     HW_RETURN_IF_ERROR(Done(c.Execute(
                         "INSERT INTO events (organization_id, application_id,"
                         " failure, at, received_at) VALUES"
                         " ('org_b', 'app_2', 1, ?, ?)",
                         {kStart, kStart})));
                     return Done(c.Execute(
                         "INSERT INTO hit_rings (application_id, next_slot)"
                         " VALUES ('app_1', 5)"));
                   })
                    .ok());
    std::vector<Row> listed;
    EXPECT_TRUE(db_->Read([&](sql::Connection& c) -> Status {
                     auto rows = c.Query(
                         "SELECT id, at, failure, message FROM events"
                         " WHERE application_id = 'app_1'"
                         " ORDER BY at DESC, id DESC");
                     if (!rows.ok()) return rows.status();
                     for (const sql::Row& r : *rows) {
                       listed.emplace_back(r.Int(0), r.Int(1), r.Int(2),
                                           r.Text(3));
                     }
                     return Status::Ok();
                   })
                    .ok());
    return listed;
  }

  std::vector<Row> List(const Store::EventQuery& q) {
    auto events = store_->ListEvents("org_a", "app_1", q);
    EXPECT_TRUE(events.ok()) << events.status().message();
    std::vector<Row> out;
    if (events.ok()) {
      for (const Event& e : *events) {
        out.emplace_back(e.id, e.at, static_cast<int64_t>(StatusOf(e)),
                         e.message.value_or(""));
      }
    }
    return out;
  }
};

TEST_P(EventsMigrationTest, KeepsEveryEventAndTheListsAnswers) {
  std::vector<Row> before = AddVersion18Rows();
  ASSERT_EQ(before.size(), 19u);
  // The newest event was deleted before the migration (its application
  // was): its id, once shown, is never given to another.
  int64_t deleted_id = 0;
  ASSERT_TRUE(db_->Write([&](sql::Connection& c) -> Status {
                   HW_RETURN_IF_ERROR(Done(c.Execute(
                       "INSERT INTO events (organization_id, application_id,"
                       " failure, at, received_at) VALUES"
                       " ('org_c', 'app_3', 1, ?, ?)",
                       {kStart, kStart})));
                   auto rows = c.Query("SELECT max(id) FROM events");
                   if (!rows.ok()) return rows.status();
                   deleted_id = rows->front().Int(0);
                   return Done(c.Execute(
                       "DELETE FROM events WHERE organization_id = 'org_c'"));
                 })
                  .ok());
  ASSERT_GT(deleted_id, 0);
  ASSERT_NO_FATAL_FAILURE(MigrateAndOpen());
  EXPECT_EQ(Count("SELECT count(*) FROM hit_ring"), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM events"), 15);

  Store::EventQuery all;
  all.limit = 100;
  EXPECT_EQ(List(all), before);
  // Page by page, with the cursor of each page's last event.
  std::vector<Row> paged;
  Store::EventQuery page;
  page.limit = 4;
  while (true) {
    std::vector<Row> rows = List(page);
    paged.insert(paged.end(), rows.begin(), rows.end());
    if (rows.size() < 4) break;
    page.before = std::pair<int64_t, int64_t>{std::get<1>(rows.back()),
                                              std::get<0>(rows.back())};
  }
  EXPECT_EQ(paged, before);
  // By status and time.
  Store::EventQuery hits;
  hits.status = EventStatus::kHit;
  hits.from = kStart + kDay;
  hits.to = kStart + 4 * kDay;
  hits.limit = 100;
  std::vector<Row> expected;
  for (const Row& r : before) {
    if (std::get<2>(r) == 0 && std::get<1>(r) >= *hits.from &&
        std::get<1>(r) < *hits.to) {
      expected.push_back(r);
    }
  }
  EXPECT_EQ(expected.size(), 7u);
  EXPECT_EQ(List(hits), expected);
  auto last = store_->LastEventTimes("org_a");
  ASSERT_TRUE(last.ok()) << last.status().message();
  // When app_1 last reported: its newest hit or failure, a hit in the ring.
  auto newest_report =
      std::find_if(before.begin(), before.end(),
                   [](const Row& r) { return std::get<2>(r) < 2; });
  ASSERT_NE(newest_report, before.end());
  ASSERT_EQ(last->count("app_1"), 1u);
  EXPECT_EQ(last->at("app_1"), std::get<1>(*newest_report));
  EXPECT_EQ(last->size(), 1u);

  if (GetParam() == "postgresql") {
    // The four days' partitions, and the default one.
    EXPECT_EQ(Count("SELECT count(*) FROM pg_inherits"
                    " WHERE inhparent = 'events'::regclass"),
              5);
    EXPECT_EQ(Count("SELECT count(*) FROM pg_class"
                    " WHERE relname = 'events_unpartitioned'"),
              0);
  }

  // The ring goes on from its next slot, with new ids.
  Event hit;
  hit.organization_id = "org_a";
  hit.application_id = "app_1";
  hit.at = hit.received_at = kStart + 5 * kDay;
  ASSERT_TRUE(store_
                  ->InUnitOfWork([&](UnitOfWork& unit) {
                    return unit.KeepEvents({&hit, &hit});
                  })
                  .ok());
  std::vector<Row> after = List(all);
  ASSERT_EQ(after.size(), 21u);
  int64_t max_id = 0;
  for (const Row& r : before) max_id = std::max(max_id, std::get<0>(r));
  EXPECT_GT(deleted_id, max_id);
  max_id = deleted_id;
  EXPECT_GT(std::get<0>(after[0]), max_id);
  EXPECT_GT(std::get<0>(after[1]), max_id);
  EXPECT_NE(std::get<0>(after[0]), std::get<0>(after[1]));
  EXPECT_EQ(Count("SELECT count(*) FROM ring_hits WHERE slot IN (5, 6)"), 2);
  EXPECT_EQ(
      Count("SELECT next_slot FROM hit_rings WHERE application_id = 'app_1'"),
      7);
  // Around the ring and over the slots the migration moved (0 to 4): each
  // is overwritten in place, found by the key the migration gave it.
  std::vector<Event> more(kKeptEventsPerApplication - 7 + 3, hit);
  std::vector<const Event*> kept;
  for (Event& e : more) {
    e.at = e.received_at = kStart + 6 * kDay;
    kept.push_back(&e);
  }
  Status wrapped = store_->InUnitOfWork(
      [&](UnitOfWork& unit) { return unit.KeepEvents(kept); });
  ASSERT_TRUE(wrapped.ok()) << wrapped.message();
  EXPECT_EQ(Count("SELECT count(*) FROM hit_ring"), kKeptEventsPerApplication);
  EXPECT_EQ(Count("SELECT count(*) FROM ring_hits WHERE slot < 3 AND at = " +
                  std::to_string(kStart + 6 * kDay)),
            3);
  EXPECT_EQ(Count("SELECT count(*) FROM ring_hits WHERE slot IN (3, 4) AND"
                  " at < " +
                  std::to_string(kStart + 5 * kDay)),
            2);
  EXPECT_EQ(
      Count("SELECT next_slot FROM hit_rings WHERE application_id = 'app_1'"),
      3);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventsMigrationTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden
