#include "notify/backoff.h"

#include <gtest/gtest.h>

namespace hookwarden::notify {
namespace {

TEST(BackoffTest, DoublesFromTheBaseUpToTheCap) {
  BackoffPolicy p{1000, 60'000, 86'400'000};
  EXPECT_EQ(NominalDelay(p, 1), 1000);
  EXPECT_EQ(NominalDelay(p, 2), 2000);
  EXPECT_EQ(NominalDelay(p, 3), 4000);
  EXPECT_EQ(NominalDelay(p, 6), 32'000);
  EXPECT_EQ(NominalDelay(p, 7), 60'000);
  EXPECT_EQ(NominalDelay(p, 1000), 60'000);  // No overflow.
}

TEST(BackoffTest, JitterStaysWithinHalfAndAllOfTheNominalDelay) {
  BackoffPolicy p{1000, 3'600'000, 86'400'000};
  for (int64_t n : {1, 2, 5, 12, 40}) {
    int64_t nominal = NominalDelay(p, n);
    EXPECT_EQ(JitteredDelay(p, n, 0.0), nominal / 2) << n;
    EXPECT_LE(JitteredDelay(p, n, 0.999999), nominal) << n;
    EXPECT_GE(JitteredDelay(p, n, 0.999999), nominal - nominal / 1000 - 1) << n;
    for (int i = 0; i < 200; ++i) {
      int64_t d = JitteredDelay(p, n, RandomUnit());
      EXPECT_GE(d, nominal / 2) << n;
      EXPECT_LE(d, nominal) << n;
    }
  }
}

TEST(BackoffTest, RandomUnitIsInRangeAndVaries) {
  double lowest = 1, highest = 0;
  for (int i = 0; i < 1000; ++i) {
    double u = RandomUnit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    lowest = std::min(lowest, u);
    highest = std::max(highest, u);
  }
  // 1000 uniform draws all in one tenth of the range: about 1e-45.
  EXPECT_LT(lowest, 0.1);
  EXPECT_GT(highest, 0.9);
}

}  // namespace
}  // namespace hookwarden::notify
