#include "common/time_floor.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

TEST(FloorToTest, ATimeFallsToTheStartOfItsSpan) {
  EXPECT_EQ(FloorTo(0, kMinute), 0);
  EXPECT_EQ(FloorTo(kMinute - 1, kMinute), 0);
  EXPECT_EQ(FloorTo(kMinute, kMinute), kMinute);
  EXPECT_EQ(FloorTo(5 * kMinute + 17, kMinute), 5 * kMinute);
  EXPECT_EQ(FloorTo(3 * kHour + 59 * kMinute, kHour), 3 * kHour);
  EXPECT_EQ(FloorTo(1'796'000'000'123, 86'400'000), 1'795'996'800'000);
}

TEST(FloorToTest, BeforeTheEpochATimeFallsBackNotTowardsZero) {
  EXPECT_EQ(FloorTo(-1, kMinute), -kMinute);
  EXPECT_EQ(FloorTo(-kMinute, kMinute), -kMinute);
  EXPECT_EQ(FloorTo(-kMinute - 1, kMinute), -2 * kMinute);
  EXPECT_EQ(FloorTo(-kHour + 1, kHour), -kHour);
}

}  // namespace
}  // namespace hookwarden
