#include "storage/sql_events.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "storage/backend_test_database.h"

namespace hookwarden::sql_store_internal {
namespace {

// The events table of the whole schema, on each backend ("sqlite" or
// "postgresql"), written with plain SQL: hits kept before the ring existed
// are in events, where no code path writes hits any more.
class TrimHitsTest : public testing::BackendDatabaseTest {
 protected:
  void SetUp() override {
    BackendDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(MigrateTo());
    // app_1 and its ring, number 1.
    ASSERT_TRUE(db_->Write([&](sql::Connection& c) -> Status {
                     HW_RETURN_IF_ERROR(AddApplications(c, "org_a", {"app_1"}));
                     return Done(c.Execute(
                         "INSERT INTO hit_rings (ring, application_id,"
                         " next_slot) VALUES (1, 'app_1', 0)"));
                   })
                    .ok());
  }

  // Hits of app_1 at `from`..`from + n - 1`, in the ring's slots from
  // `first_slot` on, or in events, without a slot (-1).
  void AddHits(int64_t from, int n, int64_t first_slot) {
    ASSERT_TRUE(db_->Write([&](sql::Connection& c) -> Status {
                     for (int i = 0; i < n; ++i) {
                       if (first_slot < 0) {
                         HW_RETURN_IF_ERROR(Done(c.Execute(
                             "INSERT INTO events (organization_id,"
                             " application_id, failure, at, received_at)"
                             " VALUES ('org_a', 'app_1', 0, ?, ?)",
                             {from + i, from + i})));
                       } else {
                         HW_RETURN_IF_ERROR(Done(c.Execute(
                             "INSERT INTO new_hits (at, received_at,"
                             " slot_id) VALUES (?, ?, ?)",
                             {from + i, from + i, 1024 + first_slot + i})));
                       }
                     }
                     return Done(c.Execute(
                         "INSERT INTO events (organization_id, application_id,"
                         " failure, at, received_at) VALUES"
                         " ('org_a', 'app_1', 1, 0, 0)"));
                   })
                    .ok());
  }

  int64_t Trim(int keep, int64_t max_rows) {
    int64_t removed = -1;
    EXPECT_TRUE(db_->Write([&](sql::Connection& c) -> Status {
                     auto n = TrimHits(c, "app_1", keep, max_rows);
                     if (!n.ok()) return n.status();
                     removed = *n;
                     return Status::Ok();
                   })
                    .ok());
    return removed;
  }

  // (hits without a slot, oldest of them, hits in the ring, failures).
  std::vector<int64_t> Left() {
    std::vector<int64_t> out;
    EXPECT_TRUE(
        db_->Read([&](sql::Connection& c) -> Status {
             auto rows = c.Query(
                 "SELECT (SELECT count(*) FROM events WHERE failure = 0),"
                 " (SELECT coalesce(min(at), -1) FROM events WHERE"
                 " failure = 0), (SELECT count(*) FROM hit_ring),"
                 " (SELECT count(*) FROM events WHERE failure = 1)");
             if (!rows.ok()) return rows.status();
             for (int i = 0; i < 4; ++i) out.push_back(rows->front().Int(i));
             return Status::Ok();
           })
            .ok());
    return out;
  }
};

TEST_P(TrimHitsTest, KeepsTheNewestHitsCountingTheRing) {
  ASSERT_NO_FATAL_FAILURE(AddHits(1, 1200, -1));   // Before the ring.
  ASSERT_NO_FATAL_FAILURE(AddHits(2001, 300, 0));  // The ring's first 300.
  // 1,000 kept: the ring's 300 and the newest 700 of the others.
  EXPECT_EQ(Trim(1000, 200), 200);  // At most 200 a pass.
  EXPECT_EQ(Trim(1000, -1), 300);
  EXPECT_EQ(Left(), (std::vector<int64_t>{700, 501, 300, 2}));
  EXPECT_EQ(Trim(1000, -1), 0);
  // Once the ring is full, the hits outside it all go; failures stay.
  ASSERT_NO_FATAL_FAILURE(AddHits(3001, 700, 300));
  EXPECT_EQ(Trim(1000, -1), 700);
  EXPECT_EQ(Left(), (std::vector<int64_t>{0, -1, 1000, 3}));
}

INSTANTIATE_TEST_SUITE_P(Backends, TrimHitsTest,
                         ::testing::Values("sqlite", "postgresql"));

// A group's events, all accepted: the rows each would make.
TEST(RowsToKeepTest, KeepsEveryFailureAndTheNewestHitsOfEachApplication) {
  const int64_t kept = kKeptEventsPerApplication;
  std::vector<Event> events;
  // app_1: kept + 301 hits, two at each time (hit i at i / 2), so that the
  // newest `kept` end between hits 300 and 301, both at 150: of hits at the
  // same time, the later in the list is kept. Then a failure and a log
  // message as old as the oldest hits. app_2: 10 hits, all kept.
  for (int64_t i = 0; i < kept + 301; ++i) {
    Event e;
    e.application_id = "app_1";
    e.at = i / 2;
    events.push_back(e);
  }
  Event failure;
  failure.application_id = "app_1";
  failure.failure = true;
  Event log = failure;
  log.failure = false;
  log.log = true;
  events.push_back(failure);
  events.push_back(log);
  for (int64_t i = 0; i < 10; ++i) {
    Event e;
    e.application_id = "app_2";
    e.at = i;
    events.push_back(e);
  }
  std::vector<const Event*> pointers;
  for (const Event& e : events) pointers.push_back(&e);

  std::vector<bool> keep = RowsToKeep(pointers);

  ASSERT_EQ(keep.size(), events.size());
  std::vector<bool> expected(events.size(), true);
  for (size_t i = 0; i <= 300; ++i) expected[i] = false;
  EXPECT_EQ(keep, expected);
  EXPECT_FALSE(keep[300]);
  EXPECT_TRUE(keep[301]);
  EXPECT_EQ(std::count(keep.begin(), keep.end(), true), kept + 2 + 10);
}

}  // namespace
}  // namespace hookwarden::sql_store_internal
