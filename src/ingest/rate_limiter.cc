#include "ingest/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace hookwarden::ingest {

int RateLimiter::Take(std::string_view key) {
  if (rate_ <= 0) return 0;
  Shard& shard = shards_[KeyHash{}(key) % kShards];
  int64_t now = clock_.NowMillis();
  std::lock_guard lock(shard.mutex);
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) {
    // Full buckets are forgotten when a shard grows too big: a forgotten
    // bucket is full again, which is only generous.
    if (shard.buckets.size() >= kMaxBucketsPerShard) shard.buckets.clear();
    it = shard.buckets.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  double elapsed = std::max<int64_t>(0, now - b.updated_at) / 1000.0;
  b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
  b.updated_at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
}

}  // namespace hookwarden::ingest
