#include "domain/time_spans.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

using Spans = std::vector<Span>;

TEST(TimeSpansTest, UnionMergesOverlapsAndTouchingSpansAndDropsEmptyOnes) {
  EXPECT_EQ(UnionOf({{50, 60}, {10, 20}, {15, 30}, {30, 40}, {45, 45}}),
            (Spans{{10, 40}, {50, 60}}));
}

TEST(TimeSpansTest, WithoutCutsHolesAndEnds) {
  EXPECT_EQ(Without({{0, 100}}, {{10, 20}, {90, 120}, {-5, 2}}),
            (Spans{{2, 10}, {20, 90}}));
  EXPECT_EQ(Without({{0, 10}, {20, 30}}, {{0, 30}}), Spans{});
  EXPECT_EQ(Without({{0, 10}}, {}), (Spans{{0, 10}}));
}

TEST(TimeSpansTest, IntersectionKeepsTheTimeInBoth) {
  EXPECT_EQ(Intersection({{0, 10}, {20, 30}}, {{5, 25}}),
            (Spans{{5, 10}, {20, 25}}));
  EXPECT_EQ(Intersection({{0, 10}}, {}), Spans{});
}

TEST(TimeSpansTest, CoveredWithinCountsOverlapsOnceAndOnlyInsideTheRange) {
  EXPECT_EQ(CoveredWithin({{0, 30}, {10, 40}, {90, 200}}, 20, 100), 30);
}

}  // namespace
}  // namespace hookwarden
