// When a failed delivery is tried again: exponential backoff with jitter.
// After the n-th failed attempt (n >= 1) the nominal delay is
// base * 2^(n-1), at most `cap`; the delay used is drawn uniformly from
// [nominal / 2, nominal] ("equal jitter"), so that deliveries that failed
// together do not all come back at once, yet none comes back too early.
#pragma once

#include <cstdint>

namespace hookwarden::notify {

struct BackoffPolicy {
  int64_t base_millis = 10'000;
  int64_t cap_millis = 3'600'000;
  // No attempt starts later than this after the delivery was created.
  int64_t give_up_after_millis = 24LL * 3'600'000;
};

// The nominal delay after `failed_attempts` (>= 1) failures.
int64_t NominalDelay(const BackoffPolicy& policy, int64_t failed_attempts);

// The delay to use: `unit` in [0, 1) picks it within
// [NominalDelay / 2, NominalDelay].
int64_t JitteredDelay(const BackoffPolicy& policy, int64_t failed_attempts,
                      double unit);

// A uniform double in [0, 1) from libsodium's generator. Thread-safe.
double RandomUnit();

}  // namespace hookwarden::notify
