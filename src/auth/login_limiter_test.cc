#include "auth/login_limiter.h"

#include <gtest/gtest.h>

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

TEST(LoginLimiterTest, CountsPerAddressAcrossUsernames) {
  ManualClock clock(0);
  LoginLimiter limiter(clock, {.per_username_and_address = 100,
                               .per_address = 2,
                               .per_username = 100,
                               .window_millis = 60'000});
  limiter.RecordFailure("a", "10.0.0.9");
  limiter.RecordFailure("b", "10.0.0.9");
  EXPECT_EQ(limiter.Check("c", "10.0.0.9").code(), ErrorCode::kRateLimited);
  EXPECT_TRUE(limiter.Check("c", "10.0.0.8").ok());
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
