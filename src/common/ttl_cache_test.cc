#include "common/ttl_cache.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

TEST(TtlCacheTest, ValuesLastTheirTimeOnly) {
  ManualClock clock(1000);
  TtlCache<int> cache(clock, 30'000, 10);
  EXPECT_FALSE(cache.Get("a"));
  cache.Put("a", 1);
  clock.Advance(29'999);
  EXPECT_EQ(cache.Get("a"), 1);
  clock.Advance(1);
  EXPECT_FALSE(cache.Get("a"));
  cache.Put("a", 2);
  EXPECT_EQ(cache.Get("a"), 2);
}

TEST(TtlCacheTest, AFullCacheDropsExpiredThenOldestEntries) {
  ManualClock clock(0);
  TtlCache<int> cache(clock, 100, 3);
  cache.Put("a", 1);
  clock.Advance(10);
  cache.Put("b", 2);
  clock.Advance(10);
  cache.Put("c", 3);
  clock.Advance(10);
  cache.Put("d", 4);  // Nothing expired: "a", the oldest, goes.
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.Get("a"));
  EXPECT_EQ(cache.Get("b"), 2);
  EXPECT_EQ(cache.Get("d"), 4);
  clock.Advance(95);  // "b" and "c" expired.
  cache.Put("e", 5);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Get("d"), 4);
  EXPECT_EQ(cache.Get("e"), 5);
}

}  // namespace
}  // namespace hookwarden
