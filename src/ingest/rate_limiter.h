// Token buckets, one per API token: `rate` requests a second on average,
// `burst` at once. Thread-safe; the buckets are spread over shards so that
// concurrent requests of different tokens rarely share a lock.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"

namespace hookwarden::ingest {

class RateLimiter {
 public:
  // `rate` 0 turns limiting off.
  RateLimiter(const Clock& clock, double rate, double burst)
      : clock_(clock), rate_(rate), burst_(burst) {}

  // Takes one request from `key`'s bucket. Returns 0 when allowed, or the
  // whole seconds to wait (≥ 1) when the bucket is empty.
  int Take(std::string_view key);

 private:
  struct Bucket {
    double tokens;
    int64_t updated_at;
  };
  // Looks a bucket up by a view of its key: no copy per request.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Bucket, KeyHash, std::equal_to<>>
        buckets;  // Guarded by mutex.
  };
  static constexpr size_t kShards = 16;
  static constexpr size_t kMaxBucketsPerShard = 65536;

  const Clock& clock_;
  const double rate_;
  const double burst_;
  std::array<Shard, kShards> shards_;
};

}  // namespace hookwarden::ingest
