#include "common/coarse_steady_clock.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

// The coarse clock compares with steady_clock (the same epoch): read
// between two readings of it, it is no later than the second, and not far
// behind the first (a tick at most; a second here, for any kernel).
TEST(CoarseSteadyNowTest, ComparesWithTheSteadyClock) {
  for (int i = 0; i < 1000; ++i) {
    auto before = std::chrono::steady_clock::now();
    auto coarse = CoarseSteadyNow();
    auto after = std::chrono::steady_clock::now();
    ASSERT_LE(coarse, after);
    ASSERT_GE(coarse, before - std::chrono::seconds(1));
  }
}

}  // namespace
}  // namespace hookwarden
