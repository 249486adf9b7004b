#include "storage/postgres/event_partitions.h"

#include <gtest/gtest.h>

#include <set>

#include "ingest/report_committer.h"
#include "storage/postgres/postgres_database.h"
#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

using sql::kDayMillis;

TEST(EventPartitionNames, NameEachUtcDayAndReadBack) {
  EXPECT_EQ(sql::DayPartitionName(0), "events_p19700101");
  EXPECT_EQ(sql::DayPartitionName(20'791), "events_p20261204");
  EXPECT_EQ(sql::DayOfPartition("events_p20261204"), 20'791);
  EXPECT_EQ(sql::DayOf(20'791 * kDayMillis), 20'791);
  EXPECT_EQ(sql::DayOf(20'792 * kDayMillis - 1), 20'791);
  EXPECT_EQ(sql::DayOf(-1), -1);
  // Days without a name keep their rows in the default partition.
  EXPECT_EQ(sql::DayPartitionName(-1), "");
  EXPECT_FALSE(sql::DayOfPartition("events_default").has_value());
  EXPECT_FALSE(sql::DayOfPartition("events_p20261332").has_value());
}

// The store on PostgreSQL (directly and through PgBouncer), with its events
// partitioned by day.
class EventPartitionsTest : public StoreContractTest {
 protected:
  static constexpr int64_t kToday = 20'791;  // 2026-12-04
  static constexpr int64_t kNow = kToday * kDayMillis + 5 * 3'600'000;

  void SetUp() override {
    StoreContractTest::SetUp();
    if (HasFatalFailure()) return;
    sql::PostgresDatabase::Options options;
    options.url = scratch_->url();
    auto db = sql::PostgresDatabase::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().message();
    raw_ = std::move(db.value());
    ASSERT_NO_FATAL_FAILURE(CreateWebApp());
  }

  // The partitions of events, by name.
  std::set<std::string> Partitions() {
    std::set<std::string> out;
    EXPECT_TRUE(raw_->Read([&](sql::Connection& c) -> Status {
                      auto rows = c.Query(
                          "SELECT p.relname FROM pg_inherits i JOIN pg_class p"
                          " ON p.oid = i.inhrelid"
                          " WHERE i.inhparent = 'events'::regclass");
                      if (!rows.ok()) return rows.status();
                      for (const sql::Row& r : *rows) out.insert(r.Text(0));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  // The partition that holds the event at `at`.
  std::string PartitionOf(int64_t at) {
    std::string out;
    EXPECT_TRUE(raw_->Read([&](sql::Connection& c) -> Status {
                      auto rows = c.Query(
                          "SELECT tableoid::regclass::text FROM events"
                          " WHERE at = ?",
                          {at});
                      if (!rows.ok()) return rows.status();
                      if (rows->size() == 1) out = rows->front().Text(0);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  std::vector<int64_t> ListedTimes(std::optional<EventStatus> status = {}) {
    Store::EventQuery all;
    all.status = status;
    all.limit = 5000;
    auto events = store_->ListEvents("org_a", "app_1", all);
    EXPECT_TRUE(events.ok()) << events.status().message();
    std::vector<int64_t> out;
    if (events.ok()) {
      for (const Event& e : *events) out.push_back(e.at);
    }
    return out;
  }

  std::unique_ptr<sql::PostgresDatabase> raw_;
};

TEST_P(EventPartitionsTest, TheServerCreatesYesterdayToAWeekAheadAtStart) {
  store_ = OpenAgain(kNow);
  ASSERT_NE(store_, nullptr);
  std::set<std::string> partitions = Partitions();
  EXPECT_TRUE(partitions.count("events_default"));
  for (int64_t day = kToday - 1; day <= kToday + 7; ++day) {
    EXPECT_TRUE(partitions.count(sql::DayPartitionName(day)))
        << sql::DayPartitionName(day);
  }
  EXPECT_FALSE(partitions.count(sql::DayPartitionName(kToday - 2)));
  EXPECT_FALSE(partitions.count(sql::DayPartitionName(kToday + 8)));
}

TEST_P(EventPartitionsTest, EveryTimeTheApiAcceptsHasItsDaysPartition) {
  store_ = OpenAgain(kNow);
  ASSERT_NE(store_, nullptr);
  const int64_t first = kToday * kDayMillis;
  const int64_t last = (kToday + 1) * kDayMillis - 1;
  const int64_t oldest = kNow - 24 * 3'600'000;  // The API's bounds.
  const int64_t newest = kNow + 5 * 60'000;
  ASSERT_TRUE(ingest::CommitEvents(*store_,
                                   {Report(true, first), Report(true, last),
                                    Report(true, oldest), Report(true, newest)})
                  .ok());
  EXPECT_EQ(PartitionOf(first), "events_p20261204");
  EXPECT_EQ(PartitionOf(last), "events_p20261204");
  EXPECT_EQ(PartitionOf(oldest), "events_p20261203");
  EXPECT_EQ(PartitionOf(newest), "events_p20261204");
  EXPECT_EQ(ListedTimes(), (std::vector<int64_t>{last, newest, first, oldest}));
}

TEST_P(EventPartitionsTest, ADayWithoutPartitionKeepsItsEventsUntilItHasOne) {
  store_ = OpenAgain(kNow);
  ASSERT_NE(store_, nullptr);
  // A month ahead and a year back: no partition yet.
  const int64_t ahead = (kToday + 30) * kDayMillis + 1;
  const int64_t back = (kToday - 365) * kDayMillis;
  ASSERT_TRUE(
      ingest::CommitEvents(*store_, {Report(true, ahead), Report(true, back)})
          .ok());
  EXPECT_EQ(PartitionOf(ahead), "events_default");
  EXPECT_EQ(PartitionOf(back), "events_default");
  // Once the day comes near, its partition takes the row from the default.
  Store::Retention retention;
  retention.now = (kToday + 25) * kDayMillis;
  retention.failures_millis = 400 * kDayMillis;
  ASSERT_TRUE(store_->PruneEvents(retention).ok());
  EXPECT_EQ(PartitionOf(ahead), sql::DayPartitionName(kToday + 30));
  EXPECT_EQ(PartitionOf(back), "events_default");
  EXPECT_EQ(ListedTimes(), (std::vector<int64_t>{ahead, back}));
}

TEST_P(EventPartitionsTest, RetentionDropsTheDaysPastItWhole) {
  store_ = OpenAgain(kNow);
  ASSERT_NE(store_, nullptr);
  // A failure every 6 hours from yesterday to 5 days ahead, and hits.
  std::vector<Event> failures;
  for (int64_t at = (kToday - 1) * kDayMillis; at < (kToday + 6) * kDayMillis;
       at += 6 * 3'600'000) {
    failures.push_back(Report(true, at));
  }
  ASSERT_TRUE(ingest::CommitEvents(*store_, failures).ok());
  std::vector<Event> hits;
  for (int i = 0; i < 1200; ++i) {
    hits.push_back(Report(false, (kToday - 1) * kDayMillis + i));
  }
  ASSERT_TRUE(ingest::CommitEvents(*store_, hits).ok());
  // The fixture's first start (in 1970), this start's yesterday to a week
  // ahead, and the default partition.
  const size_t partitions_before = Partitions().size();
  ASSERT_EQ(partitions_before, 8u + 9u + 1u);

  // 30 days' retention, 33 days and 12 hours later: the cutoff is at noon
  // of kToday + 3.
  Store::Retention retention;
  retention.now = (kToday + 33) * kDayMillis + 12 * 3'600'000;
  const int64_t cutoff = retention.now - retention.failures_millis;
  ASSERT_EQ(cutoff, (kToday + 3) * kDayMillis + 12 * 3'600'000);
  int64_t removed = 0;
  for (int pass = 0; pass < 10; ++pass) {
    auto n = store_->PruneEvents(retention);
    ASSERT_TRUE(n.ok()) << n.status().message();
    removed += *n;
    if (*n < retention.max_rows) break;
  }
  // Every day that ended by the cutoff went whole (1970's, kToday - 1 to
  // kToday + 2); kToday + 3 straddles it; the pass created the days from
  // its own yesterday to a week ahead.
  std::set<std::string> expected = {"events_default"};
  for (int64_t day = kToday + 3; day <= kToday + 7; ++day) {
    expected.insert(sql::DayPartitionName(day));
  }
  for (int64_t day = kToday + 32; day <= kToday + 40; ++day) {
    expected.insert(sql::DayPartitionName(day));
  }
  EXPECT_EQ(Partitions(), expected);
  EXPECT_EQ(partitions_before - Partitions().size() + 9, 8u + 4u);
  // The failures from the cutoff on stay, the ring's hits all stay.
  std::vector<int64_t> kept_failures;
  for (int64_t at = cutoff; at < (kToday + 6) * kDayMillis;
       at += 6 * 3'600'000) {
    kept_failures.insert(kept_failures.begin(), at);
  }
  EXPECT_EQ(ListedTimes(EventStatus::kFailure), kept_failures);
  EXPECT_EQ(ListedTimes(EventStatus::kHit).size(),
            static_cast<size_t>(kKeptEventsPerApplication));
  EXPECT_EQ(removed,
            static_cast<int64_t>(failures.size() - kept_failures.size()));
}

INSTANTIATE_TEST_SUITE_P(Postgres, EventPartitionsTest,
                         ::testing::Values("postgresql", "pgbouncer"));

}  // namespace
}  // namespace hookwarden
