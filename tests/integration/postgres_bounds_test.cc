// A PostgreSQL that stalls: a report whose statements wait past
// --database-lock-timeout or --database-statement-timeout is answered 503
// with nothing stored, instead of holding the writer without bound, and
// ingestion recovers by itself once the database moves again.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ingest_fixture.h"
#include "storage/postgres/scratch_database.h"

namespace hookwarden::testing {
namespace {

// Ingestion on a database of its own, with the bounds of `args`.
class PostgresBoundsTest : public IngestTest {
 protected:
  void SetUp() override {
    ASSERT_FALSE(database_.url().empty()) << database_.error();
    IngestTest::SetUp();
  }
  std::vector<std::string> ServerArgs() const override {
    std::vector<std::string> args = {"--database", database_.url()};
    for (const std::string& a : Bounds()) args.push_back(a);
    return args;
  }
  virtual std::vector<std::string> Bounds() const = 0;

  // Another client of the database that takes every lock on `table` and
  // keeps it until Release().
  void Lock(const std::string& table = "events") {
    holder_ = std::make_unique<HeldSession>(database_.url());
    ASSERT_EQ(holder_->error(), "");
    ASSERT_EQ(holder_->Run("BEGIN; LOCK TABLE " + table +
                           " IN ACCESS EXCLUSIVE MODE"),
              "");
  }
  void LockEvents() { Lock(); }

  // Waits (30 s at most) until a statement of this test's database waits
  // for a lock on `table`; fails the test when none does.
  void WaitForALockWaiter(const std::string& table) {
    HeldSession watcher(database_.url());
    ASSERT_EQ(watcher.error(), "");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!watcher
                .Run("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_locks"
                     " WHERE NOT granted AND database = (SELECT oid FROM"
                     " pg_database WHERE datname = current_database())"
                     " AND relation = '" +
                     table +
                     "'::regclass) THEN RAISE EXCEPTION 'none';"
                     " END IF; END $$")
                .empty()) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline)
          << "no statement ever waited for the lock";
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  void Release() { EXPECT_EQ(holder_->Run("COMMIT"), ""); }

  // A stalled report, then a good one once the lock is gone.
  void RefusedWhileStalledThenServed() {
    ASSERT_EQ(Hit().status, 200);
    ASSERT_NO_FATAL_FAILURE(LockEvents());
    Response stalled = Failure(boost::json::object{{"message", "stalled"}});
    EXPECT_TRUE(IsError(stalled, 503, "unavailable")) << stalled.body;
    EXPECT_TRUE(Healthy());
    Release();
    EXPECT_EQ(Failure(boost::json::object{{"message", "after"}}).status, 200);
    // The stalled report left nothing behind.
    int failures = 0;
    for (const auto& e : AllEvents(admin_)) {
      if (Str(e, "/status") == "failure") {
        ++failures;
        EXPECT_NE(Str(e, "/message"), "stalled");
      }
    }
    EXPECT_EQ(failures, 1);
  }

  ScratchDatabase database_;
  std::unique_ptr<HeldSession> holder_;
};

class PostgresLockTimeoutTest : public PostgresBoundsTest {
  std::vector<std::string> Bounds() const override {
    return {"--database-lock-timeout", "1"};
  }
};

class PostgresStatementTimeoutTest : public PostgresBoundsTest {
  std::vector<std::string> Bounds() const override {
    return {"--database-lock-timeout", "0", "--database-statement-timeout",
            "1"};
  }
};

TEST_F(PostgresLockTimeoutTest, AReportWaitingForALockIsRefusedThenServed) {
  RefusedWhileStalledThenServed();
}

TEST_F(PostgresStatementTimeoutTest, ASlowStatementIsCancelledThenServed) {
  RefusedWhileStalledThenServed();
}

// One thread for handlers, one for reports, and a report whose token
// lookup waits on a lock far longer than a client waits for /healthz.
class ReportWorkersTest : public PostgresBoundsTest {
  std::vector<std::string> Bounds() const override {
    return {"--database-lock-timeout", "60", "--workers", "1",
            "--report-workers",        "1"};
  }
};

TEST_F(ReportWorkersTest, TheControlPlaneNeverWaitsBehindAStalledReport) {
  // The API token has not been used yet: its first report looks it up in
  // the store, off the network thread, and waits for the lock.
  ASSERT_NO_FATAL_FAILURE(Lock("issued_tokens"));
  auto stalled = std::async(std::launch::async, [this] { return Hit(); });
  // Whatever fails below, the lock goes before the report is waited for.
  struct Unlock {
    HeldSession* holder;
    ~Unlock() { (void)holder->Run("ROLLBACK"); }
  } unlock{holder_.get()};
  ASSERT_NO_FATAL_FAILURE(WaitForALockWaiter("issued_tokens"));
  // Meanwhile the control plane answers, on its own threads.
  EXPECT_TRUE(Healthy());
  Response products = admin_.Get("/api/v1/orgs/default/products");
  EXPECT_EQ(products.status, 200) << products.body;
  Release();
  Response report = stalled.get();
  EXPECT_EQ(report.status, 200) << report.body;
}

}  // namespace
}  // namespace hookwarden::testing
