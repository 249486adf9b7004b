// Linked with TCMalloc (allocator_tests), as the server is.
#include "common/allocator.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace hookwarden {
namespace {

TEST(AllocatorTest, TheThreadCachesAreCappedAtTheBound) {
  if (std::getenv("TCMALLOC_MAX_TOTAL_THREAD_CACHE_BYTES") != nullptr) {
    // The operator chose the target: it stays.
    size_t chosen = AllocatorCacheLimit();
    EXPECT_FALSE(BoundAllocatorCaches());
    EXPECT_EQ(AllocatorCacheLimit(), chosen);
    return;
  }
  ASSERT_GT(AllocatorCacheLimit(), kThreadCacheBytes)
      << "TCMalloc's default should be larger than the bound";
  ASSERT_TRUE(BoundAllocatorCaches());
  EXPECT_EQ(AllocatorCacheLimit(), kThreadCacheBytes);
}

}  // namespace
}  // namespace hookwarden
