// Slows down password guessing: failed logins are counted per username and
// address pair, per address and per username over a sliding window, and a
// login is refused (without checking the password) once any count reaches
// its limit. Kept in memory: a restart forgets it. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "common/status.h"

namespace hookwarden::auth {

class LoginLimiter {
 public:
  struct Limits {
    int per_username_and_address = 5;
    int per_address = 20;
    int per_username = 50;
    int64_t window_millis = 15 * 60 * 1000;
  };

  LoginLimiter(const Clock& clock, Limits limits)
      : clock_(clock), limits_(limits) {}
  explicit LoginLimiter(const Clock& clock) : LoginLimiter(clock, Limits{}) {}

  // Ok, or RateLimited with the seconds until the oldest counted failure
  // leaves the window.
  Status Check(std::string_view username, std::string_view address);
  void RecordFailure(std::string_view username, std::string_view address);
  // Forgets the failures of this username from this address.
  void RecordSuccess(std::string_view username, std::string_view address);

 private:
  // Drops failures older than the window; returns the key's remaining count.
  size_t Prune(const std::string& key, int64_t now);
  int64_t RetryAfterSeconds(const std::string& key, int64_t now) const;

  const Clock& clock_;
  const Limits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<int64_t>>
      failures_;  // Guarded by mutex_.
};

}  // namespace hookwarden::auth
