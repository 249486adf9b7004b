#include "ingest/rate_limiter.h"

#include <gtest/gtest.h>

namespace hookwarden::ingest {
namespace {

TEST(RateLimiterTest, AllowsTheBurstThenTheRate) {
  ManualClock clock(0);
  RateLimiter limiter(clock, /*rate=*/10, /*burst=*/20);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(limiter.Take("a"), 0) << i;
  EXPECT_EQ(limiter.Take("a"), 1);
  clock.Advance(100);  // One more token.
  EXPECT_EQ(limiter.Take("a"), 0);
  EXPECT_EQ(limiter.Take("a"), 1);
  // Other keys have their own bucket.
  EXPECT_EQ(limiter.Take("b"), 0);
}

TEST(RateLimiterTest, RetryAfterCoversTheWait) {
  ManualClock clock(0);
  RateLimiter limiter(clock, /*rate=*/0.25, /*burst=*/1);
  EXPECT_EQ(limiter.Take("a"), 0);
  EXPECT_EQ(limiter.Take("a"), 4);
  clock.Advance(4000);
  EXPECT_EQ(limiter.Take("a"), 0);
}

TEST(RateLimiterTest, ZeroRateIsOff) {
  ManualClock clock(0);
  RateLimiter limiter(clock, 0, 0);
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(limiter.Take("a"), 0);
}

}  // namespace
}  // namespace hookwarden::ingest
