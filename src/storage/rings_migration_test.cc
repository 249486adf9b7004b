// Migration 23 (each ring numbered, each slot keyed) on a store of version
// 22 whose rings are in every state: partly filled, full, partly filled
// without their hit_rings row, and not started. Each goes on from its next
// slot, and every event keeps an id of its own.
#include <gtest/gtest.h>

#include "domain/event.h"
#include "storage/backend_test_database.h"
#include "storage/sql_helpers.h"

namespace hookwarden {
namespace {

using sql_store_internal::Done;

class RingsMigrationTest : public testing::BackendDatabaseTest {
 protected:
  void SetUp() override {
    UpgradeFrom(22, [this] { AddVersion22Rows(); });
  }

  // Four applications: "part" has hits in slots 0-4 and its next slot 5;
  // "full" all 1,000 slots, the newest in slot 36, its next slot 37;
  // "lost" hits in slots 0-4 but no hit_rings row; "none" no hit. One
  // failure in events, so that the events' ids and the ring's mix.
  void AddVersion22Rows() {
    Status added = db_->Write([&](sql::Connection& c) -> Status {
      HW_RETURN_IF_ERROR(
          AddApplications(c, "org_a", {"part", "full", "lost", "none"}));
      HW_RETURN_IF_ERROR(
          Done(c.Execute("INSERT INTO events (organization_id, application_id,"
                         " failure, at, received_at) VALUES"
                         " ('org_a', 'part', 1, 5, 5)")));
      auto hits = [&](const char* app, int slots, int newest_slot) -> Status {
        for (int slot = 0; slot < slots; ++slot) {
          // Time order from the slot after the newest round to it.
          int64_t at = 100 + (slot - newest_slot - 1 + slots) % slots;
          HW_RETURN_IF_ERROR(Done(c.Execute(
              "INSERT INTO hit_ring (application_id, slot, organization_id,"
              " failure, at, received_at) VALUES (?, ?, 'org_a', 0, ?, ?)",
              {app, int64_t{slot}, at, at})));
        }
        return Status::Ok();
      };
      HW_RETURN_IF_ERROR(hits("part", 5, 4));
      HW_RETURN_IF_ERROR(hits("full", kKeptEventsPerApplication, 36));
      HW_RETURN_IF_ERROR(hits("lost", 5, 4));
      return Done(
          c.Execute("INSERT INTO hit_rings (application_id, next_slot) VALUES"
                    " ('part', 5), ('full', 37)"));
    });
    ASSERT_TRUE(added.ok()) << added.message();
  }

  int64_t Of(const std::string& app, const std::string& what) {
    return Count("SELECT " + what + " FROM ring_hits WHERE application_id = '" +
                 app + "'");
  }
};

TEST_P(RingsMigrationTest, EachRingGoesOnFromItsNextSlot) {
  const std::vector<std::string> apps = {"part", "full", "lost", "none"};
  // Each application has its ring, with a number of its own.
  EXPECT_EQ(Count("SELECT count(DISTINCT ring) FROM hit_rings"), 4);
  // Ten hits each, under the applications' locks as a group commit takes
  // them.
  std::vector<Event> hits;
  for (const std::string& app : apps) {
    for (int i = 0; i < 10; ++i) {
      Event e;
      e.organization_id = "org_a";
      e.application_id = app;
      e.at = e.received_at = 10'000 + i;
      hits.push_back(e);
    }
  }
  std::vector<const Event*> kept;
  for (const Event& e : hits) kept.push_back(&e);
  Status done = store_->InUnitOfWork([&](UnitOfWork& unit) -> Status {
    auto locked = unit.LockApplications(apps, 20'000);
    if (!locked.ok()) return locked.status();
    return unit.KeepEvents(kept);
  });
  ASSERT_TRUE(done.ok()) << done.message();

  const std::string added = "at >= 10000";
  EXPECT_EQ(Of("part", "count(*)"), 15);
  EXPECT_EQ(Of("part", "min(slot) FILTER (WHERE " + added + ")"), 5);
  EXPECT_EQ(Of("full", "count(*)"), kKeptEventsPerApplication);
  EXPECT_EQ(Of("full", "min(slot) FILTER (WHERE " + added + ")"), 37);
  EXPECT_EQ(Of("full", "max(slot) FILTER (WHERE " + added + ")"), 46);
  EXPECT_EQ(Of("lost", "count(*)"), 15);
  EXPECT_EQ(Of("lost", "min(slot) FILTER (WHERE " + added + ")"), 5);
  EXPECT_EQ(Of("none", "count(*)"), 10);
  EXPECT_EQ(Of("none", "min(slot)"), 0);
  EXPECT_EQ(Count("SELECT next_slot FROM hit_rings WHERE"
                  " application_id = 'full'"),
            47);
  // Every event has an id, and no two the same one.
  EXPECT_EQ(Count("SELECT count(*) FROM hit_ring WHERE id IS NULL"), 0);
  EXPECT_EQ(Count("SELECT count(*) - count(DISTINCT id) FROM (SELECT id FROM"
                  " events UNION ALL SELECT id FROM hit_ring) AS e"),
            0);
}

INSTANTIATE_TEST_SUITE_P(Backends, RingsMigrationTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden
