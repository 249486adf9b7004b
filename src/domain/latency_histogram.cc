#include "domain/latency_histogram.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace hookwarden {

namespace {

// The upper bounds of the first buckets, kFloor·kRatio^b for b in [0, 400)
// (up to about 10^14 ms), computed once; BucketOf finds a value's bucket in
// them (FirstBounds). (A bound may differ by one ulp from another pow()
// call's: the table is the buckets' bound.)
const std::array<double, 400>& UpperBounds() {
  static const std::array<double, 400> bounds = [] {
    std::array<double, 400> b{};
    for (size_t i = 0; i < b.size(); ++i) {
      b[i] = LatencyHistogram::kFloor *
             std::pow(LatencyHistogram::kRatio, static_cast<int>(i));
    }
    return b;
  }();
  return bounds;
}

// The binary exponent of the smallest power of two FirstBounds covers:
// 2^-8 is below kFloor (0.01), and 2^(kMinExponent + 63) = 2^55 is past the
// last bound (0.01·1.1^399, below 2^49). Other kFloor or kRatio may need
// other ones.
constexpr int kMinExponent = -8;
static_assert(LatencyHistogram::kFloor == 0.01 &&
              LatencyHistogram::kRatio == 1.1);

// For each binary exponent e from kMinExponent, the first upper bound that
// is at least 2^e: the bucket of a value in [2^e, 2^(e+1)) is at or after
// it, and at or before e + 1's, a few bounds on (log 2 / log kRatio ≈ 7.3).
const std::array<int, 64>& FirstBounds() {
  static const std::array<int, 64> first = [] {
    std::array<int, 64> f{};
    const auto& bounds = UpperBounds();
    for (size_t i = 0; i < f.size(); ++i) {
      double power = std::ldexp(1.0, kMinExponent + static_cast<int>(i));
      f[i] = static_cast<int>(
          std::lower_bound(bounds.begin(), bounds.end(), power) -
          bounds.begin());
    }
    return f;
  }();
  return first;
}

// The binary exponent of a positive, normal `v`: v is in [2^e, 2^(e+1)).
int ExponentOf(double v) {
  return static_cast<int>((std::bit_cast<uint64_t>(v) >> 52) & 0x7ff) - 1023;
}

}  // namespace

int LatencyHistogram::BucketOf(double ms) {
  if (!(ms > kFloor)) return 0;
  // The first bucket whose upper bound is at least ms: after those below
  // ms's power of two.
  const auto& bounds = UpperBounds();
  if (ms <= bounds.back()) {
    int b = FirstBounds()[ExponentOf(ms) - kMinExponent];
    while (bounds[b] < ms) ++b;
    return b;
  }
  int b = static_cast<int>(std::ceil(std::log(ms / kFloor) / std::log(kRatio)));
  // Rounding in log() may land one bucket off at an exact bound.
  while (b > 1 && ms <= kFloor * std::pow(kRatio, b - 1)) --b;
  while (ms > kFloor * std::pow(kRatio, b)) ++b;
  return b;
}

double LatencyHistogram::MiddleOf(int bucket) {
  if (bucket == 0) return kFloor / 2;
  return kFloor * std::pow(kRatio, bucket - 0.5);
}

void LatencyHistogram::Add(double ms) {
  ++buckets_[BucketOf(ms)];
  ++count_;
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (const auto& [bucket, n] : other.buckets_) buckets_[bucket] += n;
  count_ += other.count_;
}

std::optional<double> LatencyHistogram::Quantile(double q, double min,
                                                 double max) const {
  if (count_ == 0) return std::nullopt;
  int64_t rank = static_cast<int64_t>(std::ceil(q * count_));
  if (rank < 1) rank = 1;
  int64_t seen = 0;
  for (const auto& [bucket, n] : buckets_) {
    seen += n;
    if (seen >= rank) {
      double middle = MiddleOf(bucket);
      return middle < min ? min : middle > max ? max : middle;
    }
  }
  return max;
}

std::string LatencyHistogram::Encode() const {
  std::string out;
  for (const auto& [bucket, n] : buckets_) {
    if (!out.empty()) out += ' ';
    out += std::to_string(bucket);
    out += ':';
    out += std::to_string(n);
  }
  return out;
}

std::optional<LatencyHistogram> LatencyHistogram::Decode(
    std::string_view text) {
  LatencyHistogram h;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    int bucket = 0;
    int64_t n = 0;
    auto b = std::from_chars(p, end, bucket);
    if (b.ec != std::errc() || b.ptr == end || *b.ptr != ':' || bucket < 0) {
      return std::nullopt;
    }
    auto c = std::from_chars(b.ptr + 1, end, n);
    if (c.ec != std::errc() || n <= 0) return std::nullopt;
    h.buckets_[bucket] += n;
    h.count_ += n;
    p = c.ptr;
    if (p < end) {
      if (*p != ' ' || p + 1 == end) return std::nullopt;
      ++p;
    }
  }
  return h;
}

}  // namespace hookwarden
