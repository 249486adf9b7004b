// The fixed latency buckets of the per-minute aggregates: fine enough for a
// p95 within one bucket's width, coarse enough to store as 16 counters.
#pragma once

#include <array>
#include <cstdint>

namespace hookwarden {

inline constexpr int kLatencyBuckets = 16;

// Upper bounds in milliseconds (inclusive); the last bucket is unbounded.
inline constexpr std::array<double, kLatencyBuckets - 1> kLatencyBucketBounds =
    {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 60000};

// The bucket that counts a latency of `ms` (≥ 0).
inline int LatencyBucket(double ms) {
  int i = 0;
  while (i < kLatencyBuckets - 1 && ms > kLatencyBucketBounds[i]) ++i;
  return i;
}

}  // namespace hookwarden
