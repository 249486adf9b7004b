// Migration 24 (a ring's slot holds only what its hit brought) on a store of
// version 23 with two applications' rings, one full and one partly filled:
// every hit is still listed with its id, each ring goes on from its next
// slot, and deleting one application leaves the other's ring whole.
#include <gtest/gtest.h>

#include "domain/event.h"
#include "storage/backend_test_database.h"
#include "storage/sql_helpers.h"

namespace hookwarden {
namespace {

using sql_store_internal::Done;

class LeanRingMigrationTest : public testing::BackendDatabaseTest {
 protected:
  void SetUp() override {
    UpgradeFrom(23, [this] { AddVersion23Rows(); });
  }

  // "full" (ring 1): all 1,000 slots, hit i at 1,000 + i in slot i, its
  // next slot 0; "part" (ring 2): slots 0-2 at 5,000-5,002, its next slot 3,
  // and in slot 3 a failure at 4,000 (no hit_ring row ever held one; were
  // one there, it stays listed). Ids as the ring gave them: 1 to 1,004.
  void AddVersion23Rows() {
    Status added = db_->Write([&](sql::Connection& c) -> Status {
      HW_RETURN_IF_ERROR(AddApplications(c, "org_a", {"full", "part"}));
      HW_RETURN_IF_ERROR(
          Done(c.Execute("INSERT INTO hit_rings (ring, application_id,"
                         " next_slot) VALUES (1, 'full', 0), (2, 'part', 3)")));
      auto fill = [&](const char* app, int64_t ring, int64_t slot,
                      int64_t failure, int64_t at) {
        return Done(c.Execute(
            "INSERT INTO hit_ring (slot_id, application_id, slot, id,"
            " organization_id, failure, at, received_at, latency_ms,"
            " message) VALUES (?, ?, ?, ?, 'org_a', ?, ?, ?, 12.5, ?)",
            {ring * 1024 + slot, app, slot, ++last_id_, failure, at, at + 1,
             "m" + std::to_string(at)}));
      };
      for (int64_t i = 0; i < kKeptEventsPerApplication; ++i) {
        HW_RETURN_IF_ERROR(fill("full", 1, i, 0, 1'000 + i));
      }
      for (int64_t i = 0; i < 3; ++i) {
        HW_RETURN_IF_ERROR(fill("part", 2, i, 0, 5'000 + i));
      }
      HW_RETURN_IF_ERROR(fill("part", 2, 3, 1, 4'000));
      // The events' ids go on past the ring's, as the ring's own writes
      // left them.
      return Done(c.Execute(GetParam() == "postgresql"
                                ? "SELECT setval('event_ids', 1004)"
                                : "INSERT INTO sqlite_sequence (name, seq) "
                                  "VALUES ('events', 1004)"));
    });
    ASSERT_TRUE(added.ok()) << added.message();
  }

  std::vector<Event> Listed(const std::string& app) {
    EventStore::EventQuery all;
    all.limit = 5'000;
    auto events = store_->ListEvents("org_a", app, all);
    EXPECT_TRUE(events.ok()) << events.status().message();
    return events.ok() ? *events : std::vector<Event>{};
  }

  int64_t last_id_ = 0;
};

TEST_P(LeanRingMigrationTest, KeepsEveryHitAndEachRingGoesOn) {
  // Every hit is listed as before, newest first, with its id and values.
  std::vector<Event> full = Listed("full");
  ASSERT_EQ(full.size(), kKeptEventsPerApplication);
  for (size_t i = 0; i < full.size(); ++i) {
    const Event& e = full[i];
    int64_t slot = kKeptEventsPerApplication - 1 - static_cast<int64_t>(i);
    EXPECT_EQ(e.id, slot + 1);
    EXPECT_EQ(e.at, 1'000 + slot);
    EXPECT_EQ(e.received_at, 1'001 + slot);
    EXPECT_EQ(e.organization_id, "org_a");
    EXPECT_EQ(e.application_id, "full");
    EXPECT_FALSE(e.failure);
    EXPECT_EQ(e.message, "m" + std::to_string(1'000 + slot));
    EXPECT_FALSE(e.exit_code.has_value());
    EXPECT_FALSE(e.output.has_value());
    ASSERT_TRUE(e.latency_ms.has_value());
    EXPECT_EQ(*e.latency_ms, 12.5);
  }
  // No other organization sees them.
  EventStore::EventQuery all;
  auto elsewhere = store_->ListEvents("org_b", "full", all);
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.status().message();
  EXPECT_TRUE(elsewhere->empty());
  std::vector<Event> part = Listed("part");
  ASSERT_EQ(part.size(), 4u);
  EXPECT_EQ(part[0].at, 5'002);
  EXPECT_EQ(part[2].at, 5'000);
  EXPECT_EQ(part[3].at, 4'000);
  EXPECT_TRUE(part[3].failure);
  EXPECT_EQ(part[3].id, 1'004);
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE failure = 1"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM hit_ring"),
            kKeptEventsPerApplication + 3);

  // Two hits each: the full ring overwrites its slots 0 and 1, the other
  // fills its slots 3 and 4, each hit with an id never given before.
  std::vector<Event> hits;
  for (const char* app : {"full", "part"}) {
    for (int i = 0; i < 2; ++i) {
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
    auto locked = unit.LockApplications({"full", "part"}, 20'000);
    if (!locked.ok()) return locked.status();
    return unit.KeepEvents(kept);
  });
  ASSERT_TRUE(done.ok()) << done.message();
  full = Listed("full");
  ASSERT_EQ(full.size(), kKeptEventsPerApplication);
  EXPECT_EQ(full[0].at, 10'001);
  EXPECT_EQ(full[1].at, 10'000);
  EXPECT_EQ(full.back().at, 1'002);  // Slots 0 and 1 were overwritten.
  EXPECT_EQ(Count("SELECT count(*) FROM ring_hits WHERE application_id ="
                  " 'full' AND slot < 2 AND at >= 10000"),
            2);
  part = Listed("part");
  ASSERT_EQ(part.size(), 6u);
  EXPECT_EQ(Count("SELECT min(slot) FROM ring_hits WHERE application_id ="
                  " 'part' AND at >= 10000"),
            3);
  EXPECT_GT(part[0].id, 1'004);
  EXPECT_GT(part[1].id, 1'004);
  EXPECT_NE(part[0].id, part[1].id);
  EXPECT_EQ(Count("SELECT count(*) - count(DISTINCT id) FROM (SELECT id FROM"
                  " events UNION ALL SELECT id FROM hit_ring) AS e"),
            0);

  // Deleting one application takes its ring's slots, and only them.
  AuditEntry audit;
  audit.organization_id = "org_a";
  audit.action = "application.deleted";
  ASSERT_TRUE(store_->DeleteApplication("org_a", "part", audit).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM hit_ring"), kKeptEventsPerApplication);
  EXPECT_EQ(Listed("full").size(), kKeptEventsPerApplication);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeanRingMigrationTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden
