// Linked with TCMalloc (allocator_tests), as the server is.
#include "common/allocator.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

TEST(AllocatorTest, TheThreadCachesAreCappedAtTheBound) {
  ASSERT_GT(AllocatorCacheLimit(), kThreadCacheBytes)
      << "TCMalloc's default should be larger than the bound";
  ASSERT_TRUE(BoundAllocatorCaches());
  EXPECT_EQ(AllocatorCacheLimit(), kThreadCacheBytes);
}

}  // namespace
}  // namespace hookwarden
