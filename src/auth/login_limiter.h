// Slows down password guessing. Failed logins are counted over a sliding
// window per username and address pair, per username and per address:
// - past the pair's or the username's limit a login is refused (429, without
//   checking the password);
// - past the address's limit the address is slowed down, not refused: each
//   further login from it waits longer (doubling, up to a cap) before its
//   password is checked, so that a correct password still logs in when many
//   users share one address (a NAT or a reverse proxy).
// Usernames are counted without regard to case. Kept in memory, in a table
// of bounded size: entries expire with the window (Sweep, on a timer) and,
// when the table is full, the entry idle longest makes room. A restart
// forgets it. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
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
    size_t capacity = 10'000;  // Entries kept at most.
    int64_t first_delay_millis = 250;
    int64_t max_delay_millis = 4000;
    int max_waiting = 8;  // Logins waiting out a delay at once.
  };
  // Waits `millis` milliseconds on the calling thread.
  using Sleeper = std::function<void(int64_t millis)>;

  LoginLimiter(const Clock& clock, Limits limits, Sleeper sleep = {});
  explicit LoginLimiter(const Clock& clock) : LoginLimiter(clock, Limits{}) {}

  // Ok, or RateLimited with the seconds until the oldest counted failure of
  // the pair or the username leaves the window. Never refuses for the
  // address alone.
  Status Check(std::string_view username, std::string_view address);
  // How long a login from `address` waits before its password is checked:
  // 0 up to the address's limit, then first_delay_millis doubling with each
  // further failure, at most max_delay_millis.
  int64_t DelayMillis(std::string_view address);
  // Check, then waits out DelayMillis on the calling thread. When
  // max_waiting logins wait already, RateLimited instead of waiting.
  Status Admit(std::string_view username, std::string_view address);

  void RecordFailure(std::string_view username, std::string_view address);
  // Forgets the failures of this username from this address.
  void RecordSuccess(std::string_view username, std::string_view address);

  // Drops every entry whose failures all left the window.
  void Sweep();
  // The number of entries in the table (at most Limits::capacity).
  size_t size() const;

 private:
  struct Key {
    std::string text;
    size_t limit;  // Refusal (or delay) threshold.
    size_t kept;   // Failures kept at most.
    bool refuses;
  };
  std::vector<Key> Keys(std::string_view username,
                        std::string_view address) const;
  // Drops failures older than the window; returns the key's remaining count.
  size_t Prune(const std::string& key, int64_t now);
  int64_t RetryAfterSeconds(const std::string& key, int64_t now) const;
  // Makes room for one more entry. Requires mutex_.
  void MakeRoom(int64_t now);
  void SweepLocked(int64_t now);

  const Clock& clock_;
  const Limits limits_;
  const Sleeper sleep_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::deque<int64_t>>
      failures_;     // Guarded by mutex_.
  int waiting_ = 0;  // Guarded by mutex_.
};

}  // namespace hookwarden::auth
