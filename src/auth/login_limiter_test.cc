#include "auth/login_limiter.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hookwarden::auth {
namespace {

TEST(LoginLimiterTest, RefusesAfterTheLimitUntilTheWindowPasses) {
  ManualClock clock(1'000'000);
  LoginLimiter limiter(clock, {.per_username_and_address = 3,
                               .per_address = 100,
                               .per_username = 100,
                               .window_millis = 60'000});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.Check("alice", "10.0.0.1").ok());
    limiter.RecordFailure("alice", "10.0.0.1");
    clock.Advance(1000);
  }
  Status refused = limiter.Check("alice", "10.0.0.1");
  EXPECT_EQ(refused.code(), ErrorCode::kRateLimited);
  EXPECT_EQ(refused.retry_after_seconds(), 57);
  // Another address, or another user, is not affected.
  EXPECT_TRUE(limiter.Check("alice", "10.0.0.2").ok());
  EXPECT_TRUE(limiter.Check("bob", "10.0.0.1").ok());
  clock.Advance(57'000);
  EXPECT_TRUE(limiter.Check("alice", "10.0.0.1").ok());
}

TEST(LoginLimiterTest, AnAddressPastItsLimitIsSlowedDownNotRefused) {
  ManualClock clock(0);
  std::vector<int64_t> slept;
  LoginLimiter limiter(clock,
                       {.per_username_and_address = 100,
                        .per_address = 2,
                        .per_username = 100,
                        .window_millis = 60'000,
                        .first_delay_millis = 100,
                        .max_delay_millis = 1000},
                       [&](int64_t millis) { slept.push_back(millis); });
  limiter.RecordFailure("a", "10.0.0.9");
  EXPECT_EQ(limiter.DelayMillis("10.0.0.9"), 0);
  limiter.RecordFailure("b", "10.0.0.9");
  // Past the limit: never refused, each further failure waits twice as long.
  EXPECT_TRUE(limiter.Check("c", "10.0.0.9").ok());
  EXPECT_EQ(limiter.DelayMillis("10.0.0.9"), 100);
  limiter.RecordFailure("c", "10.0.0.9");
  EXPECT_EQ(limiter.DelayMillis("10.0.0.9"), 200);
  for (int i = 0; i < 30; ++i) limiter.RecordFailure("d", "10.0.0.9");
  EXPECT_EQ(limiter.DelayMillis("10.0.0.9"), 1000);
  EXPECT_TRUE(limiter.Admit("admin", "10.0.0.9").ok());
  EXPECT_EQ(slept, std::vector<int64_t>{1000});
  EXPECT_EQ(limiter.DelayMillis("10.0.0.8"), 0);
  clock.Advance(60'000);
  EXPECT_EQ(limiter.DelayMillis("10.0.0.9"), 0);
}

// Past max_waiting logins waiting out a delay at once (from any slowed
// address), a further login from a slowed address is refused at once, the
// right password or not; an address that is not slowed is not affected.
TEST(LoginLimiterTest, OnlyMaxWaitingLoginsWaitAtOnce) {
  ManualClock clock(0);
  std::mutex mutex;
  std::condition_variable changed;
  int sleeping = 0;
  bool release = false;
  LoginLimiter limiter(clock,
                       {.per_username_and_address = 100,
                        .per_address = 1,
                        .per_username = 100,
                        .window_millis = 60'000,
                        .first_delay_millis = 1500,
                        .max_delay_millis = 1500,
                        .max_waiting = 2},
                       [&](int64_t) {
                         std::unique_lock lock(mutex);
                         ++sleeping;
                         changed.notify_all();
                         changed.wait(lock, [&] { return release; });
                       });
  limiter.RecordFailure("guess", "10.0.0.1");
  limiter.RecordFailure("guess", "10.0.0.2");
  std::vector<std::thread> waiting;
  std::vector<Status> admitted(2, Status::Internal("not yet"));
  for (int i = 0; i < 2; ++i) {
    waiting.emplace_back([&, i] {
      admitted[i] = limiter.Admit("user" + std::to_string(i), "10.0.0.1");
    });
  }
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return sleeping == 2; });
  }
  Status refused = limiter.Admit("admin", "10.0.0.2");
  EXPECT_EQ(refused.code(), ErrorCode::kRateLimited);
  EXPECT_EQ(refused.retry_after_seconds(), 2);
  EXPECT_TRUE(limiter.Admit("admin", "10.0.0.3").ok());
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  changed.notify_all();
  for (std::thread& t : waiting) t.join();
  EXPECT_TRUE(admitted[0].ok());
  EXPECT_TRUE(admitted[1].ok());
  EXPECT_TRUE(limiter.Admit("admin", "10.0.0.2").ok());
  EXPECT_EQ(sleeping, 3);
}

TEST(LoginLimiterTest, UsernamesAreCountedWithoutRegardToCase) {
  ManualClock clock(0);
  LoginLimiter limiter(clock, {.per_username_and_address = 2,
                               .per_address = 100,
                               .per_username = 100,
                               .window_millis = 60'000});
  limiter.RecordFailure("Alice", "h");
  limiter.RecordFailure("ALICE", "h");
  EXPECT_FALSE(limiter.Check("alice", "h").ok());
}

TEST(LoginLimiterTest, TheTableIsBoundedAndEntriesExpire) {
  ManualClock clock(0);
  LoginLimiter limiter(clock, {.per_username_and_address = 2,
                               .per_address = 100,
                               .per_username = 100,
                               .window_millis = 60'000,
                               .capacity = 30});
  for (int i = 0; i < 1000; ++i) {
    limiter.RecordFailure("user" + std::to_string(i), "10.0.0.1");
    clock.Advance(1);
    ASSERT_LE(limiter.size(), 30u);
  }
  // The newest failures are still counted.
  limiter.RecordFailure("user999", "10.0.0.1");
  EXPECT_FALSE(limiter.Check("user999", "10.0.0.1").ok());
  clock.Advance(60'000);
  limiter.Sweep();
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(LoginLimiterTest, SuccessForgetsThePair) {
  ManualClock clock(0);
  LoginLimiter limiter(clock, {.per_username_and_address = 2,
                               .per_address = 100,
                               .per_username = 100,
                               .window_millis = 60'000});
  limiter.RecordFailure("alice", "h");
  limiter.RecordSuccess("alice", "h");
  limiter.RecordFailure("alice", "h");
  EXPECT_TRUE(limiter.Check("alice", "h").ok());
  limiter.RecordFailure("alice", "h");
  EXPECT_FALSE(limiter.Check("alice", "h").ok());
}

}  // namespace
}  // namespace hookwarden::auth
