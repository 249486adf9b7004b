#include "notify/backoff.h"

#include <sodium.h>

#include <algorithm>

#include "auth/random.h"

namespace hookwarden::notify {

int64_t NominalDelay(const BackoffPolicy& policy, int64_t failed_attempts) {
  int64_t delay = std::max<int64_t>(policy.base_millis, 1);
  for (int64_t i = 1; i < failed_attempts && delay < policy.cap_millis; ++i) {
    delay *= 2;
  }
  return std::min(delay, std::max<int64_t>(policy.cap_millis, 1));
}

int64_t JitteredDelay(const BackoffPolicy& policy, int64_t failed_attempts,
                      double unit) {
  int64_t nominal = NominalDelay(policy, failed_attempts);
  int64_t half = nominal / 2;
  unit = std::clamp(unit, 0.0, 1.0);
  return half +
         static_cast<int64_t>(unit * static_cast<double>(nominal - half));
}

double RandomUnit() {
  auth::EnsureSodium();
  uint64_t bits = 0;
  randombytes_buf(&bits, sizeof bits);
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

}  // namespace hookwarden::notify
