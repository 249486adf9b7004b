// A latency histogram fine enough that a percentile read from it is within
// 5 % of the exact value: bucket b > 0 counts latencies in
// (kFloor·kRatio^(b-1), kFloor·kRatio^b] milliseconds, bucket 0 those up to
// kFloor. A percentile is reported as its bucket's geometric middle, whose
// distance to any value of the bucket is at most √kRatio − 1 ≈ 4.9 %.
//
// Sparse: only buckets that counted something are kept, so a minute of
// steady traffic costs a few entries. The text form ("b:n b:n ...", buckets
// ascending) is what the store keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hookwarden {

class LatencyHistogram {
 public:
  static constexpr double kFloor = 0.01;  // Milliseconds.
  static constexpr double kRatio = 1.1;

  // Counts one latency of `ms` (≥ 0) milliseconds.
  void Add(double ms);
  void Merge(const LatencyHistogram& other);
  int64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }

  // The nearest-rank `q`-quantile (0 < q ≤ 1): the bucket holding the
  // ceil(q·count)-th smallest latency, as its geometric middle clamped to
  // [min, max] (the exact extremes, which the caller knows). nullopt when
  // empty.
  std::optional<double> Quantile(double q, double min, double max) const;

  std::string Encode() const;
  // nullopt when `text` is not an Encode() output.
  static std::optional<LatencyHistogram> Decode(std::string_view text);

  // The bucket that counts `ms`, and the middle of a bucket.
  static int BucketOf(double ms);
  static double MiddleOf(int bucket);

  bool operator==(const LatencyHistogram&) const = default;

 private:
  std::map<int, int64_t> buckets_;
  int64_t count_ = 0;
};

}  // namespace hookwarden
