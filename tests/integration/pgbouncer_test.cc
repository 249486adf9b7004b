// hookwarden behind PgBouncer in transaction pooling mode (the pooler of
// scripts/test-postgres.sh: at most 4 server sessions per database however
// many clients connect): two nodes report, read and change credentials
// through it, each with --database-pooled and a direct connection for the
// notifications; the statement bounds still hold; and a pooled database
// without a direct one is refused at start, naming the flag.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "incidents_fixture.h"
#include "storage/postgres/scratch_database.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr int kPoolerSessions = 4;  // default_pool_size of the pooler.

// The flags that put a node on `database` through the tests' PgBouncer.
std::vector<std::string> PooledArgs(const ScratchDatabase& database) {
  return {"--database",
          PooledUrl(database),
          "--database-pooled",
          "--database-direct",
          database.url(),
          "--database-connections",
          "8"};
}

class PgBouncerTest : public IncidentTest {
 protected:
  void SetUp() override {
    ASSERT_FALSE(database_.url().empty()) << database_.error();
    ASSERT_FALSE(PooledUrl(database_).empty()) << MissingTestPgBouncerMessage();
    IncidentTest::SetUp();
    std::ifstream key_file(server_.data_dir() + "/master.key");
    std::string master_key;
    ASSERT_TRUE(std::getline(key_file, master_key)) << "no master.key";
    ASSERT_TRUE(other_.Start(PooledArgs(database_),
                             {{"HOOKWARDEN_MASTER_KEY", master_key}}));
  }
  // Both nodes stop before the database goes.
  void TearDown() override {
    EXPECT_EQ(other_.Stop(), 0) << "SIGTERM should end node B cleanly";
    if (HasFailure()) std::cerr << "---- node B ----\n" << other_.log_text();
    IncidentTest::TearDown();
  }
  std::vector<std::string> ServerArgs() const override {
    return PooledArgs(database_);
  }

  // A hit to "checkout" through node A (`first`) or node B.
  Response HitThrough(bool first) {
    HttpClient client(first ? server_.port() : other_.port());
    return client.RequestRaw("POST", ReportPath(kIngestApp, "hits"), "{}",
                             {{"Authorization", "Bearer " + api_token_},
                              {"Content-Type", "application/json"}});
  }

  ScratchDatabase database_;
  ServerProcess other_;
};

TEST_F(PgBouncerTest, ConcurrentReportsThroughThePoolerAreAllStored) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::atomic<int> acknowledged{0};
  std::atomic<int> refused{0};
  std::string last_refusal;
  std::mutex refusal_mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Response r = HitThrough((t + i) % 2 == 0);
        if (r.status == 200) {
          ++acknowledged;
        } else {
          ++refused;
          std::lock_guard lock(refusal_mutex);
          last_refusal = std::to_string(r.status) + " " + r.body;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(refused.load(), 0) << last_refusal;
  EXPECT_EQ(acknowledged.load(), kThreads * kEach);

  // Both nodes count every acknowledged hit: stored = acknowledged.
  Response figures = AppMetrics("");
  ASSERT_EQ(figures.status, 200) << figures.body;
  EXPECT_EQ(NumberAt(figures.json(), "/hits"), acknowledged.load());

  // The server saw the pooler's few sessions, not the nodes' connections:
  // the pooler's 4 and each node's listener (direct), beside this check's.
  HeldSession watcher(database_.url());
  ASSERT_EQ(watcher.error(), "");
  EXPECT_EQ(watcher.Run("DO $$ BEGIN IF (SELECT count(*) FROM"
                        " pg_stat_activity WHERE datname = current_database()"
                        " AND backend_type = 'client backend') > " +
                        std::to_string(kPoolerSessions + 3) +
                        " THEN RAISE EXCEPTION 'too many sessions'; END IF;"
                        " END $$"),
            "");
}

TEST_F(PgBouncerTest, ARegeneratedTokenIsRejectedByTheOtherNodeWithinASecond) {
  // Node B remembers the grant.
  for (int i = 0; i < 3; ++i) ASSERT_EQ(HitThrough(false).status, 200);
  Response regenerated =
      admin_.Request("POST", Path(hits_credential_id_, "/regenerate"));
  ASSERT_EQ(regenerated.status, 200) << regenerated.body;
  // The notification reached node B through its direct connection.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  Response last;
  do {
    last = HitThrough(false);
    if (last.status == 401) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(last.status, 401) << last.body;
}

// Through the pooler, a report waiting on a lock past
// --database-lock-timeout is refused: the bounds travel with each
// transaction, whichever server session the pooler lends it.
class PgBouncerBoundsTest : public IngestTest {
 protected:
  void SetUp() override {
    ASSERT_FALSE(database_.url().empty()) << database_.error();
    ASSERT_FALSE(PooledUrl(database_).empty()) << MissingTestPgBouncerMessage();
    IngestTest::SetUp();
  }
  std::vector<std::string> ServerArgs() const override {
    std::vector<std::string> args = PooledArgs(database_);
    args.insert(args.end(), {"--database-lock-timeout", "1"});
    return args;
  }
  ScratchDatabase database_;
};

TEST_F(PgBouncerBoundsTest, AReportWaitingForALockIsRefusedThenServed) {
  ASSERT_EQ(Hit().status, 200);
  HeldSession holder(database_.url());
  ASSERT_EQ(holder.error(), "");
  ASSERT_EQ(holder.Run("BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE"),
            "");
  Response stalled = Failure(json::object{{"message", "stalled"}});
  EXPECT_TRUE(IsError(stalled, 503, "unavailable")) << stalled.body;
  EXPECT_EQ(holder.Run("COMMIT"), "");
  EXPECT_EQ(Failure(json::object{{"message", "after"}}).status, 200);
}

TEST(PgBouncerStartTest, APooledDatabaseWithoutADirectOneIsRefused) {
  ScratchDatabase database;
  ASSERT_FALSE(database.url().empty()) << database.error();
  ASSERT_FALSE(PooledUrl(database).empty()) << MissingTestPgBouncerMessage();
  char data[] = "/tmp/hookwarden-pgbouncer-test.XXXXXX";
  ASSERT_NE(::mkdtemp(data), nullptr);
  CliResult result =
      RunCli({"serve", "--listen", "127.0.0.1:0", "--data", data, "--database",
              PooledUrl(database), "--database-pooled"});
  std::filesystem::remove_all(data);
  EXPECT_NE(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("--database-direct"), std::string::npos)
      << result.output;
  // The URL's password is never echoed.
  std::string password = database.url().substr(
      database.url().find(':', 13) + 1,
      database.url().find('@') - database.url().find(':', 13) - 1);
  EXPECT_EQ(result.output.find(password), std::string::npos) << result.output;
}

}  // namespace
}  // namespace hookwarden::testing
