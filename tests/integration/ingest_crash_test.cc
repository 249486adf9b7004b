// The crash test of the data plane: 8 threads report concurrently over their
// own keep-alive connections while the server is killed with SIGKILL; after a
// restart on the same data directory, every acknowledged event is there and
// nothing that was never sent is.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ingest_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr int kThreads = 8;
constexpr int kPerThread = 1500;
constexpr int kAcknowledgedBeforeKill = 1000;
// One request in kHitEvery is a hit, the rest failures: every failure is
// kept, hits only up to 1,000 per application, and this stays below that.
constexpr int kHitEvery = 16;
static_assert(kThreads * ((kPerThread + kHitEvery - 1) / kHitEvery) < 1000);

std::string Message(int thread, int i) {
  return "crash-" + std::to_string(thread) + "-" + std::to_string(i);
}

// What one reporting thread did.
struct Tally {
  int sent = 0;                           // requests whose sending began
  std::vector<std::string> acknowledged;  // messages answered 200 accepted 1
  int throttled = 0;                      // 429s
  std::vector<std::string> unexpected;    // any other answer
};

class IngestCrashTest : public IngestTest {
 protected:
  // Reports kPerThread events as `thread` over one keep-alive connection
  // (a new one only when the server closed the previous one), each with a
  // unique message, Idempotency-Key and timestamp, until the budget is spent
  // or the server is gone.
  void Report(int thread, int64_t newest, std::atomic<int>& acknowledged,
              Tally& tally) {
    auto connection = std::make_unique<RawConnection>(server_.port());
    for (int i = 0; i < kPerThread; ++i) {
      if (!connection->connected()) break;
      bool failure = i % kHitEvery != 0;
      std::string message = Message(thread, i);
      // Unique timestamps, so that the events list pages cleanly.
      int64_t at = newest - (int64_t{i} * kThreads + thread);
      json::object body{{"message", message},
                        {"timestamp", FormatTime(at)},
                        {"latency_ms", i % 500}};
      std::string request = BuildRequest(
          "POST", ReportPath(kIngestApp, failure ? "failures" : "hits"),
          {{"Authorization", "Bearer " + api_token_},
           {"Content-Type", "application/json"},
           {"Idempotency-Key", message}},
          json::serialize(body));
      ++tally.sent;
      if (!connection->Send(request)) break;
      Response r = connection->ReadResponse(std::chrono::seconds(20));
      if (r.status == 0) break;  // the server is gone
      json::value v = r.json();
      if (r.status == 200 && At(v, "/accepted") == json::value(1) &&
          Str(v, "/status") == (failure ? "failure" : "hit")) {
        tally.acknowledged.push_back(message);
        ++acknowledged;
      } else if (r.status == 429) {
        ++tally.throttled;
      } else {
        tally.unexpected.push_back(message + ": " + std::to_string(r.status) +
                                   " " + r.body);
      }
      if (r.header("connection").find("close") != std::string::npos)
        connection = std::make_unique<RawConnection>(server_.port());
    }
  }
};

TEST_F(IngestCrashTest, KillDuringConcurrentReportsLosesNothingAcknowledged) {
  int64_t newest = NowMillis() - 60 * 1000;
  std::atomic<int> acknowledged{0};
  std::vector<Tally> tallies(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(
        [&, t] { Report(t, newest, acknowledged, tallies[t]); });
  }

  // Kill once enough is acknowledged, while the threads are still sending.
  int status = 0;
  int at_kill =
      KillOnceAcknowledged(server_, acknowledged, kAcknowledgedBeforeKill,
                           std::chrono::seconds(60), &status);
  for (std::thread& t : threads) t.join();
  ASSERT_GE(at_kill, kAcknowledgedBeforeKill)
      << "too few acknowledged within 60 s";
  EXPECT_EQ(status, 128 + SIGKILL);

  int sent = 0;
  int throttled = 0;
  std::set<std::string> acked;
  std::set<std::string> acked_failures;
  std::set<std::string> sent_messages;
  for (int t = 0; t < kThreads; ++t) {
    const Tally& tally = tallies[t];
    sent += tally.sent;
    throttled += tally.throttled;
    for (int i = 0; i < tally.sent; ++i) sent_messages.insert(Message(t, i));
    for (const std::string& m : tally.acknowledged) acked.insert(m);
    for (const std::string& u : tally.unexpected)
      ADD_FAILURE() << "unexpected answer to " << u;
  }
  for (const std::string& m : acked) {
    int i = std::atoi(m.substr(m.rfind('-') + 1).c_str());
    if (i % kHitEvery != 0) acked_failures.insert(m);
  }
  std::cerr << "crash test: sent " << sent << ", acknowledged " << acked.size()
            << " (" << at_kill << " at the kill), throttled " << throttled
            << "\n";
  ASSERT_EQ(static_cast<int>(acked.size()), acknowledged.load());
  // The kill must have come while requests were still being sent.
  EXPECT_LT(sent, kThreads * kPerThread) << "every request was sent first";
  EXPECT_LE(static_cast<int>(acked.size()), sent);

  // Restart on the same data directory (the master key lives there).
  ASSERT_TRUE(server_.Start(
      {}, {{"HOOKWARDEN_ADMIN_PASSWORD", std::string(kAdminPassword)}}));
  admin_ = Login("admin", kAdminPassword);
  EXPECT_EQ(NewClient().Get("/readyz").status, 200);

  json::array events = AllEvents(admin_);
  std::set<std::string> stored;
  int stored_failures = 0;
  for (const json::value& e : events) {
    std::string message = Str(e, "/message");
    EXPECT_TRUE(sent_messages.count(message)) << "never sent: " << e;
    EXPECT_TRUE(stored.insert(message).second) << "stored twice: " << e;
    if (Str(e, "/status") == "failure") ++stored_failures;
  }
  std::cerr << "crash test: stored " << stored.size() << " (" << stored_failures
            << " failures)\n";
  EXPECT_GE(stored.size(), acked.size());
  EXPECT_LE(static_cast<int>(stored.size()), sent);
  int missing = 0;
  for (const std::string& m : acked) {
    if (stored.count(m)) continue;
    if (++missing <= 10) ADD_FAILURE() << "acknowledged but lost: " << m;
  }
  EXPECT_EQ(missing, 0) << "acknowledged events lost ("
                        << (acked.size() - acked_failures.size())
                        << " of the acknowledged were hits)";

  // The server works normally after the restart.
  Response hit = Hit(json::object{{"message", "after the crash"}});
  EXPECT_EQ(hit.status, 200) << hit.body;
  EXPECT_EQ(At(hit.json(), "/accepted"), json::value(1)) << hit.body;
  // A repeat of an acknowledged key is still a duplicate.
  if (!acked_failures.empty()) {
    const std::string& key = *acked_failures.begin();
    Response again = Failure(json::object{{"message", "repeat"}},
                             {{"Idempotency-Key", key}});
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(At(again.json(), "/duplicate"), json::value(true))
        << key << ": " << again.body;
  }
  EXPECT_EQ(NewClient().Get("/readyz").status, 200);
  EXPECT_TRUE(Healthy());
  size_t expected_now = stored.size() + 1;
  EXPECT_EQ(AllEvents(admin_).size(), expected_now);

  // With the sqlite3 tool: the aggregates agree, and the file is sound.
  EXPECT_EQ(server_.Stop(), 0);
  std::string db = server_.data_dir() + "/hookwarden.db";
  if (auto sum =
          Sqlite(db, "SELECT SUM(hits+failures) FROM minute_aggregates")) {
    long long counted = std::atoll(sum->c_str());
    std::cerr << "crash test: minute_aggregates count " << counted << "\n";
    EXPECT_EQ(counted, static_cast<long long>(expected_now)) << *sum;
    EXPECT_GE(counted, static_cast<long long>(acked.size()) + 1);
    EXPECT_LE(counted, static_cast<long long>(sent) + 1);
    auto integrity = Sqlite(db, "PRAGMA integrity_check");
    ASSERT_TRUE(integrity.has_value());
    EXPECT_EQ(*integrity, "ok");
  } else {
    std::cerr << "crash test: sqlite3 not available; aggregates and "
                 "integrity_check skipped\n";
  }
}

}  // namespace
}  // namespace hookwarden::testing
