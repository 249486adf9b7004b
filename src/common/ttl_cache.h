// A small cache of values that stay good for a fixed time: answers that
// may be a little stale (the public status page, badges). Bounded: at
// most `capacity` entries; when full, expired entries go first, then the
// oldest. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace hookwarden {

template <class V>
class TtlCache {
 public:
  TtlCache(const Clock& clock, int64_t ttl_millis, size_t capacity)
      : clock_(clock), ttl_(ttl_millis), capacity_(capacity) {}

  // The value stored under `key` less than ttl ago, or nullopt.
  std::optional<V> Get(std::string_view key) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.expires_at <= clock_.NowMillis()) {
      return std::nullopt;
    }
    return it->second.value;
  }

  // Stores `value` under `key` for ttl from now.
  void Put(std::string key, V value) {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.NowMillis();
    if (entries_.size() >= capacity_ && !entries_.count(key)) {
      std::erase_if(entries_, [now](const auto& e) {
        return e.second.expires_at <= now;
      });
      while (entries_.size() >= capacity_) {
        auto oldest = entries_.begin();
        for (auto it = entries_.begin(); it != entries_.end(); ++it) {
          if (it->second.expires_at < oldest->second.expires_at) oldest = it;
        }
        entries_.erase(oldest);
      }
    }
    entries_[std::move(key)] = Entry{std::move(value), now + ttl_};
  }

  size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    V value;
    int64_t expires_at;
  };
  const Clock& clock_;
  const int64_t ttl_;
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;  // Guarded by mutex_.
};

}  // namespace hookwarden
