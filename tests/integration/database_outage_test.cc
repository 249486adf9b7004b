// A node whose PostgreSQL goes away and comes back: /readyz says 503 and
// ingestion answers 503 (never a 2xx it did not commit) while the database
// is down; both recover by themselves when it returns, without a restart.
// The test runs its own PostgreSQL cluster (scripts/test-postgres.sh), so
// that stopping it disturbs no other test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

// scripts/test-postgres.sh <verb> <dir>; true when it exits 0.
bool Cluster(std::string_view verb, const std::string& dir) {
  std::string command = std::string(HOOKWARDEN_SOURCE_DIR) +
                        "/scripts/test-postgres.sh " + std::string(verb) +
                        " '" + dir + "' >/dev/null";
  return std::system(command.c_str()) == 0;
}

// Waits up to `seconds` for `done`; true when it came.
bool Within(double seconds, const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

class DatabaseOutageTest : public IncidentTest {
 protected:
  static void SetUpTestSuite() {
    dir_ = (std::filesystem::temp_directory_path() /
            ("hw-outage-" + std::to_string(::getpid())))
               .string();
    std::filesystem::remove_all(dir_);
    started_ = Cluster("start", dir_);
    std::ifstream(dir_ + "/url") >> url_;
  }
  static void TearDownTestSuite() { Cluster("stop", dir_); }

  void SetUp() override {
    ASSERT_TRUE(started_ && !url_.empty()) << "no PostgreSQL cluster";
    IncidentTest::SetUp();
  }
  std::vector<std::string> ServerArgs() const override {
    return {"--database", url_};
  }

  int Readyz() { return NewClient().Get("/readyz").status; }

  static inline std::string dir_, url_;
  static inline bool started_ = false;
};

TEST_F(DatabaseOutageTest, ReadyzAndIngestionSay503UntilTheDatabaseReturns) {
  ASSERT_EQ(Hit().status, 200);
  ASSERT_EQ(Readyz(), 200);

  // Hits without pause, counted by answer, from before the outage to after.
  std::atomic<bool> stop{false};
  std::atomic<int64_t> acknowledged{1}, refused{0}, wrong{0};
  std::atomic<int64_t> acknowledged_after_return{0};
  std::atomic<bool> returned{false};
  std::thread sender([&] {
    while (!stop) {
      Response r = Hit();
      if (r.status == 200) {
        ++acknowledged;
        if (returned) ++acknowledged_after_return;
      } else if (r.status == 503 && IsError(r, 503, "unavailable")) {
        ++refused;
      } else {
        ++wrong;
        ADD_FAILURE() << "neither 200 nor a 503: " << r.status << " " << r.body;
      }
    }
  });
  ASSERT_TRUE(Within(10, [&] { return acknowledged > 20; }));

  ASSERT_TRUE(Cluster("pause", dir_));
  EXPECT_TRUE(Within(10, [&] { return Readyz() == 503; }));
  EXPECT_TRUE(Within(15, [&] { return refused > 0; }))
      << "no ingestion answer said 503 while the database was down";

  ASSERT_TRUE(Cluster("resume", dir_));
  returned = true;
  EXPECT_TRUE(Within(20, [&] { return Readyz() == 200; }));
  EXPECT_TRUE(Within(20, [&] { return acknowledged_after_return > 5; }))
      << "ingestion did not recover";
  stop = true;
  sender.join();
  EXPECT_EQ(wrong, 0);

  // Every acknowledged hit is stored. A request whose commit reached the
  // database just as it stopped may be stored without a 2xx: never the
  // other way round.
  Response figures = AppMetrics("");
  ASSERT_EQ(figures.status, 200) << figures.body;
  auto stored = NumberAt(figures.json(), "/hits");
  ASSERT_TRUE(stored.has_value());
  EXPECT_GE(*stored, acknowledged.load());
  EXPECT_LE(*stored, acknowledged.load() + refused.load());
}

}  // namespace
}  // namespace hookwarden::testing
