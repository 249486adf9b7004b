// PostgresDatabase against the tests' real PostgreSQL server: values,
// errors, transactions, the pool and reconnection.
#include "storage/postgres/postgres_database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "storage/postgres/postgres_connection.h"
#include "storage/postgres/scratch_database.h"

namespace hookwarden::sql {
namespace {

TEST(PostgresStatusTest, MapsSqlStatesToTheStoreTerms) {
  EXPECT_EQ(PostgresStatus("23505", "duplicate key", false).code(),
            ErrorCode::kConflict);
  EXPECT_EQ(PostgresStatus("40P01", "deadlock detected", false).code(),
            ErrorCode::kUnavailable);
  EXPECT_EQ(PostgresStatus("40001", "could not serialize", false).code(),
            ErrorCode::kUnavailable);
  EXPECT_EQ(PostgresStatus("08006", "connection failure", false).code(),
            ErrorCode::kUnavailable);
  EXPECT_EQ(PostgresStatus("57P01", "terminating connection", false).code(),
            ErrorCode::kUnavailable);
  EXPECT_EQ(PostgresStatus("", "server closed the connection", true).code(),
            ErrorCode::kUnavailable);
  EXPECT_EQ(PostgresStatus("42P01", "relation does not exist", false).code(),
            ErrorCode::kInternal);
  EXPECT_TRUE(IsRetryableSqlState("40P01"));
  EXPECT_TRUE(IsRetryableSqlState("40001"));
  EXPECT_FALSE(IsRetryableSqlState("23505"));
}

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(scratch_.url().empty()) << scratch_.error();
    db_ = Open();
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(Exec("CREATE TABLE t (id BIGINT PRIMARY KEY, v BIGINT)").ok());
  }
  void TearDown() override { db_.reset(); }

  std::unique_ptr<PostgresDatabase> Open(int max_connections = 4) {
    PostgresDatabase::Options options;
    options.url = scratch_.url();
    options.max_connections = max_connections;
    auto db = PostgresDatabase::Open(options);
    EXPECT_TRUE(db.ok()) << db.status().message();
    return db.ok() ? std::move(db.value()) : nullptr;
  }

  Status Exec(std::string sql, Params params = {}) {
    return db_->Write([&](Connection& c) -> Status {
      auto done = c.Execute(sql, params);
      return done.ok() ? Status::Ok() : done.status();
    });
  }

  // The rows of `sql` in a read transaction (none when it fails).
  std::vector<Row> Select(std::string sql, Params params = {}) {
    std::vector<Row> rows;
    Status s = db_->Read([&](Connection& c) -> Status {
      auto r = c.Query(sql, params);
      if (!r.ok()) return r.status();
      rows = std::move(r.value());
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.message();
    return rows;
  }

  int64_t Value(int64_t id) {
    auto rows = Select("SELECT v FROM t WHERE id = ?", {id});
    return rows.empty() ? -1 : rows.front().Int(0);
  }

  // Ends the server sessions of this test's database (as a restarted
  // server would have), but not the caller's own.
  void TerminateSessions() {
    ASSERT_EQ(testing::ScratchDatabase::RunAsAdmin(
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  " WHERE datname = '" +
                  scratch_.name() + "' AND pid <> pg_backend_pid()"),
              "");
  }

  testing::ScratchDatabase scratch_;
  std::unique_ptr<PostgresDatabase> db_;
};

TEST_F(PostgresDatabaseTest, ValuesGoAndComeBackUnchanged) {
  ASSERT_TRUE(
      Exec("CREATE TABLE v (i BIGINT, d DOUBLE PRECISION, s TEXT)").ok());
  Params rows[] = {
      {INT64_MAX, 0.1, std::string("it's a '?' -- not a placeholder")},
      {INT64_MIN, -1.5e300, std::string("")},
      {int64_t{0}, 1.0 / 3, std::monostate{}},
      {std::monostate{}, std::monostate{}, std::string("é ✓")},
  };
  for (const Params& p : rows) {
    ASSERT_TRUE(Exec("INSERT INTO v (i, d, s) VALUES (?, ?, ?)", p).ok());
  }
  auto back = Select("SELECT i, d, s FROM v ORDER BY i NULLS LAST");
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(back[0].Int(0), INT64_MIN);
  EXPECT_EQ(back[0].Double(1), -1.5e300);
  EXPECT_EQ(back[0].Text(2), "");
  EXPECT_FALSE(back[0].IsNull(2));
  EXPECT_EQ(back[1].Int(0), 0);
  EXPECT_EQ(back[1].Double(1), 1.0 / 3);
  EXPECT_TRUE(back[1].IsNull(2));
  EXPECT_EQ(back[2].Int(0), INT64_MAX);
  EXPECT_EQ(back[2].Double(1), 0.1);
  EXPECT_EQ(back[2].Text(2), "it's a '?' -- not a placeholder");
  EXPECT_TRUE(back[3].IsNull(0));
  EXPECT_TRUE(back[3].IsNull(1));
  EXPECT_EQ(back[3].Text(2), "é ✓");
  // Aggregates come back as numbers: COUNT is a bigint, SUM a numeric.
  auto sums = Select("SELECT COUNT(*), SUM(i) FROM v WHERE i BETWEEN ? AND ?",
                     {int64_t{-1}, int64_t{INT64_MAX}});
  ASSERT_EQ(sums.size(), 1u);
  EXPECT_EQ(sums[0].Int(0), 2);
  EXPECT_EQ(sums[0].Int(1), INT64_MAX);
}

TEST_F(PostgresDatabaseTest, AUniqueViolationIsAConflictAndRollsBack) {
  ASSERT_TRUE(Exec("INSERT INTO t VALUES (1, 1)").ok());
  Status s = db_->Write([](Connection& c) -> Status {
    auto first = c.Execute("INSERT INTO t VALUES (2, 2)");
    if (!first.ok()) return first.status();
    auto second = c.Execute("INSERT INTO t VALUES (1, 3)");
    return second.ok() ? Status::Ok() : second.status();
  });
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(Value(2), -1);
  EXPECT_EQ(Value(1), 1);
}

TEST_F(PostgresDatabaseTest, AFailedStatementNeverCommitsSilently) {
  Status s = db_->Write([](Connection& c) -> Status {
    EXPECT_TRUE(c.Execute("INSERT INTO t VALUES (1, 1)").ok());
    EXPECT_FALSE(c.Execute("INSERT INTO missing VALUES (1)").ok());
    return Status::Ok();  // As if the failure did not matter.
  });
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_EQ(Value(1), -1);
}

TEST_F(PostgresDatabaseTest, ASentStatementsFailureEndsTheWholeTransaction) {
  ASSERT_TRUE(Exec("INSERT INTO t VALUES (1, 1)").ok());
  bool later_failed = false;
  Status s = db_->Write([&](Connection& c) -> Status {
    // Queued without waiting: the duplicate's failure shows later.
    HW_RETURN_IF_ERROR(
        c.Send("INSERT INTO t VALUES (?, ?)", {int64_t{2}, int64_t{2}}));
    HW_RETURN_IF_ERROR(
        c.Send("INSERT INTO t VALUES (?, ?)", {int64_t{1}, int64_t{3}}));
    HW_RETURN_IF_ERROR(
        c.Send("INSERT INTO t VALUES (?, ?)", {int64_t{3}, int64_t{3}}));
    auto read = c.Query("SELECT COUNT(*) FROM t");
    later_failed = !read.ok();
    return read.ok() ? Status::Ok() : read.status();
  });
  EXPECT_TRUE(later_failed);
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(Value(1), 1);
  EXPECT_EQ(Value(2), -1);
  EXPECT_EQ(Value(3), -1);
  // The connection serves the next transaction.
  EXPECT_TRUE(Exec("INSERT INTO t VALUES (2, 2)").ok());
  EXPECT_EQ(Value(2), 2);
}

TEST_F(PostgresDatabaseTest, AFailureAmongTheLastSentStatementsFailsTheCommit) {
  Status s = db_->Write([](Connection& c) -> Status {
    HW_RETURN_IF_ERROR(c.Send("INSERT INTO t VALUES (1, 1)"));
    HW_RETURN_IF_ERROR(c.Send("INSERT INTO t VALUES (1, 2)"));
    return c.Send("INSERT INTO t VALUES (2, 2)");
  });
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(Value(1), -1);
  EXPECT_EQ(Value(2), -1);
}

TEST_F(PostgresDatabaseTest,
       AStatementTheServerRefusedToPrepareIsPreparedAgain) {
  db_ = Open(/*max_connections=*/1);  // Always the same connection.
  auto insert = [&] {
    return db_->Write([](Connection& c) -> Status {
      return c.Send("INSERT INTO later (id) VALUES (?)", {int64_t{1}});
    });
  };
  EXPECT_EQ(insert().code(), ErrorCode::kInternal);  // No such table yet.
  ASSERT_TRUE(Exec("CREATE TABLE later (id BIGINT)").ok());
  EXPECT_TRUE(insert().ok());
  EXPECT_EQ(Select("SELECT id FROM later").size(), 1u);
}

TEST_F(PostgresDatabaseTest, ManySentStatementsNeitherBlockNorGetLost) {
  constexpr int64_t kRows = 3 * PostgresConnection::kMaxQueued + 7;
  Status s = db_->Write([](Connection& c) -> Status {
    for (int64_t i = 0; i < kRows; ++i) {
      HW_RETURN_IF_ERROR(c.Send("INSERT INTO t VALUES (?, ?)", {i, i}));
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.message();
  auto count = Select("SELECT COUNT(*), SUM(v) FROM t");
  ASSERT_EQ(count.size(), 1u);
  EXPECT_EQ(count[0].Int(0), kRows);
  EXPECT_EQ(count[0].Int(1), kRows * (kRows - 1) / 2);
}

TEST_F(PostgresDatabaseTest, MismatchedParametersAreRefused) {
  EXPECT_EQ(Exec("INSERT INTO t VALUES (?, ?)", {int64_t{1}}).code(),
            ErrorCode::kInternal);
  EXPECT_EQ(Value(1), -1);
}

TEST_F(PostgresDatabaseTest, AReadSeesOneSnapshot) {
  ASSERT_TRUE(Exec("INSERT INTO t VALUES (1, 1)").ok());
  Status s = db_->Read([&](Connection& c) -> Status {
    auto before = c.Query("SELECT COUNT(*) FROM t");
    EXPECT_TRUE(Exec("INSERT INTO t VALUES (2, 2)").ok());
    auto after = c.Query("SELECT COUNT(*) FROM t");
    EXPECT_EQ(before->front().Int(0), 1);
    EXPECT_EQ(after->front().Int(0), 1);
    // A read transaction writes nothing.
    EXPECT_FALSE(c.Execute("INSERT INTO t VALUES (3, 3)").ok());
    return Status::Ok();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Select("SELECT id FROM t").size(), 2u);
}

TEST_F(PostgresDatabaseTest, ALockSerializesReadModifyWrite) {
  ASSERT_TRUE(Exec("INSERT INTO t VALUES (1, 0)").ok());
  auto other = Open();  // As another server would.
  ASSERT_NE(other, nullptr);
  constexpr int kThreads = 4, kRounds = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    PostgresDatabase* db = t % 2 ? other.get() : db_.get();
    threads.emplace_back([db] {
      for (int i = 0; i < kRounds; ++i) {
        Status s = db->Write([](Connection& c) -> Status {
          HW_RETURN_IF_ERROR(c.Lock("counter"));
          auto rows = c.Query("SELECT v FROM t WHERE id = 1");
          if (!rows.ok()) return rows.status();
          auto done = c.Execute("UPDATE t SET v = ? WHERE id = 1",
                                {rows->front().Int(0) + 1});
          return done.ok() ? Status::Ok() : done.status();
        });
        EXPECT_TRUE(s.ok()) << s.message();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Value(1), kThreads * kRounds);
}

TEST_F(PostgresDatabaseTest, ADeadlockedTransactionRunsAgain) {
  ASSERT_TRUE(Exec("INSERT INTO t VALUES (1, 0), (2, 0)").ok());
  std::atomic<int> attempts{0};
  std::latch both_hold_one(2);
  auto cross = [&](int64_t first, int64_t second) {
    std::atomic<bool> waited{false};
    Status s = db_->Write([&](Connection& c) -> Status {
      ++attempts;
      auto a = c.Execute("UPDATE t SET v = v + 1 WHERE id = ?", {first});
      if (!a.ok()) return a.status();
      if (!waited.exchange(true)) both_hold_one.arrive_and_wait();
      auto b = c.Execute("UPDATE t SET v = v + 1 WHERE id = ?", {second});
      return b.ok() ? Status::Ok() : b.status();
    });
    EXPECT_TRUE(s.ok()) << s.message();
  };
  std::thread one(cross, 1, 2), two(cross, 2, 1);
  one.join();
  two.join();
  EXPECT_EQ(attempts.load(), 3);  // One of the two ran twice.
  EXPECT_EQ(Value(1), 2);
  EXPECT_EQ(Value(2), 2);
}

TEST_F(PostgresDatabaseTest, ThePoolIsBounded) {
  db_ = Open(/*max_connections=*/2);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      Status s = db_->Read([&](Connection& c) -> Status {
        int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        auto slept = c.Query("SELECT pg_sleep(0.05)");
        --inside;
        return slept.ok() ? Status::Ok() : slept.status();
      });
      EXPECT_TRUE(s.ok()) << s.message();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(most.load(), 2);
}

TEST_F(PostgresDatabaseTest, ConnectionsLostWhileIdleAreReplaced) {
  ASSERT_TRUE(Exec("INSERT INTO t VALUES (1, 1)").ok());
  TerminateSessions();
  EXPECT_EQ(Value(1), 1);
  TerminateSessions();
  EXPECT_TRUE(Exec("UPDATE t SET v = 2 WHERE id = 1").ok());
  EXPECT_EQ(Value(1), 2);
}

TEST_F(PostgresDatabaseTest, AConnectionLostInATransactionIsUnavailable) {
  Status s = db_->Write([](Connection& c) -> Status {
    EXPECT_TRUE(c.Execute("INSERT INTO t VALUES (1, 1)").ok());
    auto killed = c.Query("SELECT pg_terminate_backend(pg_backend_pid())");
    return killed.ok() ? Status::Ok() : killed.status();
  });
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
  // Nothing of it was committed, and the next transaction connects anew.
  EXPECT_EQ(Value(1), -1);
  EXPECT_TRUE(Exec("INSERT INTO t VALUES (1, 1)").ok());
}

TEST(PostgresDatabaseOpenTest, AnUnreachableServerIsUnavailable) {
  PostgresDatabase::Options options;
  options.url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2";
  auto db = PostgresDatabase::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace hookwarden::sql
