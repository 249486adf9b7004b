// Two `hookwarden serve` nodes on one PostgreSQL database, reporting
// threads on both, and one node killed with SIGKILL mid-stream: every event
// either node acknowledged with a 2xx is stored, and the killed node's
// clients see connection errors, never a 2xx that was lost. A client whose
// request got no answer sends it again, with the same Idempotency-Key, to
// the survivor, as a client behind a load balancer would.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ingest_fixture.h"
#include "storage/postgres/scratch_database.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr int kThreadsPerNode = 2;
constexpr int kThreads = 2 * kThreadsPerNode;
constexpr int kPerThread = 400;
// The killed node's threads have this many acknowledged between them first.
constexpr int kAcknowledgedBeforeKill = 200;

std::string Message(int thread, int i) {
  return "node-kill-" + std::to_string(thread) + "-" + std::to_string(i);
}

// What one reporting thread did.
struct Tally {
  int sent = 0;                           // distinct events sent
  std::vector<std::string> acknowledged;  // answered 200 (new or duplicate)
  int acknowledged_by_killed = 0;         // of those, by the killed node
  int connection_errors = 0;              // no answer: resent to the survivor
  std::vector<std::string> unexpected;    // any other answer
};

// The ingestion fixture on a database of its own, plus a second node on the
// same database with the same master key.
class PostgresNodeKillTest : public IngestTest {
 protected:
  void SetUp() override {
    ASSERT_FALSE(database_.url().empty()) << database_.error();
    IngestTest::SetUp();
    if (HasFatalFailure()) return;
    std::ifstream key_file(server_.data_dir() + "/master.key");
    std::string master_key;
    ASSERT_TRUE(std::getline(key_file, master_key)) << "no master.key";
    ASSERT_TRUE(survivor_.Start(
        {"--database", database_.url(), "--token-rate-limit", "0"},
        {{"HOOKWARDEN_MASTER_KEY", master_key}}));
  }
  std::vector<std::string> ServerArgs() const override {
    return {"--database", database_.url(), "--token-rate-limit", "0"};
  }

  // Reports kPerThread failures (every failure is kept as a row) as
  // `thread`, starting on node `port`, each with a unique message,
  // Idempotency-Key and timestamp. A request that gets no answer (the node
  // is gone) is sent again to the survivor, which then takes the rest.
  void Report(int thread, int port, int64_t newest,
              std::atomic<int>& acknowledged_by_killed, Tally& tally) {
    const bool on_killed = port != survivor_.port();
    auto connection = std::make_unique<RawConnection>(port);
    for (int i = 0; i < kPerThread; ++i) {
      std::string message = Message(thread, i);
      int64_t at = newest - (int64_t{i} * kThreads + thread);
      std::string request = BuildRequest(
          "POST", ReportPath(kIngestApp, "failures"),
          {{"Authorization", "Bearer " + api_token_},
           {"Content-Type", "application/json"},
           {"Idempotency-Key", message}},
          json::serialize(json::object{{"message", message},
                                       {"timestamp", FormatTime(at)},
                                       {"latency_ms", i % 500}}));
      ++tally.sent;
      for (int attempt = 0; attempt < 3; ++attempt) {
        Response r;
        if (connection->connected() && connection->Send(request)) {
          r = connection->ReadResponse(std::chrono::seconds(20));
        }
        if (r.status == 0) {
          // The node is gone: a connection error, never an answer. Resend
          // to the survivor.
          ++tally.connection_errors;
          port = survivor_.port();
          connection = std::make_unique<RawConnection>(port);
          continue;
        }
        json::value v = r.json();
        if (r.status == 200 && (At(v, "/accepted") == json::value(1) ||
                                At(v, "/duplicate") == json::value(true))) {
          tally.acknowledged.push_back(message);
          if (on_killed && port != survivor_.port()) {
            ++tally.acknowledged_by_killed;
            ++acknowledged_by_killed;
          }
        } else {
          tally.unexpected.push_back(message + ": " + std::to_string(r.status) +
                                     " " + r.body);
        }
        if (r.header("connection").find("close") != std::string::npos)
          connection = std::make_unique<RawConnection>(port);
        break;
      }
    }
  }

  ScratchDatabase database_;
  ServerProcess survivor_;
};

TEST_F(PostgresNodeKillTest, KillingOneNodeLosesNoAcknowledgedEvent) {
  int64_t newest = NowMillis() - 60 * 1000;
  std::atomic<int> acknowledged_by_killed{0};
  std::vector<Tally> tallies(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    int port = t < kThreadsPerNode ? server_.port() : survivor_.port();
    threads.emplace_back([&, t, port] {
      Report(t, port, newest, acknowledged_by_killed, tallies[t]);
    });
  }

  // Kill the first node once its clients have enough acknowledged, while
  // every thread is still sending.
  int status = 0;
  int at_kill = KillOnceAcknowledged(server_, acknowledged_by_killed,
                                     kAcknowledgedBeforeKill,
                                     std::chrono::seconds(30), &status);
  for (std::thread& t : threads) t.join();
  ASSERT_GE(at_kill, kAcknowledgedBeforeKill)
      << "too few acknowledged within 30 s";
  EXPECT_EQ(status, 128 + SIGKILL);

  std::set<std::string> sent;
  std::set<std::string> acked;
  int by_killed = 0;
  int connection_errors = 0;
  for (int t = 0; t < kThreads; ++t) {
    const Tally& tally = tallies[t];
    for (int i = 0; i < tally.sent; ++i) sent.insert(Message(t, i));
    for (const std::string& m : tally.acknowledged) acked.insert(m);
    by_killed += tally.acknowledged_by_killed;
    connection_errors += tally.connection_errors;
    for (const std::string& u : tally.unexpected)
      ADD_FAILURE() << "unexpected answer to " << u;
  }
  std::cerr << "node kill test: sent " << sent.size() << ", acknowledged "
            << acked.size() << " (" << by_killed << " by the killed node, "
            << at_kill << " at the kill), connection errors "
            << connection_errors << "\n";
  // The kill came mid-stream: the killed node's clients still had events to
  // send, and at least one request of theirs found the node gone.
  EXPECT_LT(by_killed, kThreadsPerNode * kPerThread);
  EXPECT_GE(connection_errors, 1);
  // Every event was sent, and each was acknowledged by one node or the other.
  EXPECT_EQ(sent.size(), size_t{kThreads * kPerThread});
  EXPECT_EQ(acked, sent);

  // The survivor lists each acknowledged event exactly once, and nothing
  // else.
  HttpClient survivor_admin(survivor_.port());
  ASSERT_EQ(survivor_admin.Login("admin", kAdminPassword).status, 200);
  std::set<std::string> stored;
  for (const json::value& e : AllEvents(survivor_admin)) {
    std::string message = Str(e, "/message");
    EXPECT_TRUE(sent.count(message)) << "never sent: " << e;
    EXPECT_TRUE(stored.insert(message).second) << "stored twice: " << e;
  }
  int missing = 0;
  for (const std::string& m : acked) {
    if (stored.count(m)) continue;
    if (++missing <= 10) ADD_FAILURE() << "acknowledged but lost: " << m;
  }
  EXPECT_EQ(missing, 0) << "acknowledged events lost";
  EXPECT_EQ(stored.size(), acked.size());
  EXPECT_EQ(survivor_.Stop(), 0);
}

}  // namespace
}  // namespace hookwarden::testing
