#include "domain/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace hookwarden {
namespace {

// The nearest-rank quantile of `values`, computed directly.
double ExactQuantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(q * values.size()));
  return values[std::max<size_t>(rank, 1) - 1];
}

void ExpectWithinFivePercent(const std::vector<double>& values) {
  LatencyHistogram h;
  for (double v : values) h.Add(v);
  double exact = ExactQuantile(values, 0.95);
  auto estimate =
      h.Quantile(0.95, *std::min_element(values.begin(), values.end()),
                 *std::max_element(values.begin(), values.end()));
  ASSERT_TRUE(estimate.has_value());
  EXPECT_LE(std::abs(*estimate - exact), 0.05 * exact)
      << "exact " << exact << ", estimate " << *estimate;
}

TEST(LatencyHistogramTest, P95OfOneToAHundredIsNinetyFiveWithinFivePercent) {
  std::vector<double> values;
  for (int i = 1; i <= 100; ++i) values.push_back(i);
  ExpectWithinFivePercent(values);
}

TEST(LatencyHistogramTest, QuantilesStayWithinFivePercentOnSpreadData) {
  std::mt19937 random(7);
  std::lognormal_distribution<double> latency(3.0, 1.5);
  for (int round = 0; round < 20; ++round) {
    std::vector<double> values;
    int n = 1 + round * 53;
    for (int i = 0; i < n; ++i) values.push_back(latency(random));
    ExpectWithinFivePercent(values);
  }
}

TEST(LatencyHistogramTest, BucketsHoldTheirBoundsExactly) {
  // Each bucket's values lie within √1.1 of its middle.
  for (double ms : {0.02, 0.5, 1.0, 9.99, 10.0, 123.4, 5000.0, 86'400'000.0}) {
    int b = LatencyHistogram::BucketOf(ms);
    double middle = LatencyHistogram::MiddleOf(b);
    EXPECT_LE(std::abs(middle - ms) / ms, std::sqrt(1.1) - 1 + 1e-9) << ms;
  }
  EXPECT_EQ(LatencyHistogram::BucketOf(0), 0);
  EXPECT_EQ(LatencyHistogram::BucketOf(0.01), 0);
  EXPECT_EQ(LatencyHistogram::BucketOf(0.011), 1);
}

TEST(LatencyHistogramTest, EachBucketEndsAtItsBound) {
  // Bucket b holds (0.01·1.1^(b-1), 0.01·1.1^b]: just below a bound is its
  // bucket, just above it the next, for every bucket up to 10^17 ms (past
  // the table of bounds too).
  for (int b = 1; b < 420; ++b) {
    double bound = LatencyHistogram::kFloor * std::pow(1.1, b);
    EXPECT_EQ(LatencyHistogram::BucketOf(bound * (1 - 1e-12)), b) << bound;
    EXPECT_EQ(LatencyHistogram::BucketOf(bound * (1 + 1e-12)), b + 1) << bound;
  }
  EXPECT_EQ(LatencyHistogram::BucketOf(std::nan("")), 0);
  EXPECT_EQ(LatencyHistogram::BucketOf(-3), 0);
}

TEST(LatencyHistogramTest, PowersOfTwoFallInTheBucketOfTheirBounds) {
  // Each bucket's search starts at the first bound past the value's power
  // of two: values at a power of two, and just below and above one, land
  // where the bounds say.
  for (int e = -6; e < 50; ++e) {
    double power = std::ldexp(1.0, e);
    for (double ms : {std::nextafter(power, 0.0), power,
                      std::nextafter(power, 2 * power)}) {
      int b = LatencyHistogram::BucketOf(ms);
      EXPECT_LE(ms, LatencyHistogram::kFloor * std::pow(1.1, b)) << ms;
      EXPECT_GT(ms, LatencyHistogram::kFloor * std::pow(1.1, b - 1)) << ms;
    }
  }
}

TEST(LatencyHistogramTest, ASingleValueIsReportedExactly) {
  LatencyHistogram h;
  h.Add(42.5);
  EXPECT_EQ(h.Quantile(0.95, 42.5, 42.5), 42.5);
  EXPECT_FALSE(LatencyHistogram().Quantile(0.95, 0, 0).has_value());
}

TEST(LatencyHistogramTest, MergingEqualsAddingEverythingToOne) {
  LatencyHistogram a, b, all;
  for (int i = 0; i < 50; ++i) {
    a.Add(i * 1.7);
    all.Add(i * 1.7);
    b.Add(i * 13.0);
    all.Add(i * 13.0);
  }
  a.Merge(b);
  EXPECT_EQ(a, all);
  EXPECT_EQ(a.count(), 100);
}

TEST(LatencyHistogramTest, TextFormRoundTripsAndRejectsGarbage) {
  LatencyHistogram h;
  for (double v : {0.0, 1.0, 1.0, 250.0, 99'999.0}) h.Add(v);
  auto back = LatencyHistogram::Decode(h.Encode());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, h);
  EXPECT_EQ(LatencyHistogram::Decode("")->count(), 0);
  for (const char* bad :
       {"x", "1", "1:", ":2", "1:0", "1:2 ", "-1:2", "1:2,3:4", "1:2  3:4"}) {
    EXPECT_FALSE(LatencyHistogram::Decode(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace hookwarden
