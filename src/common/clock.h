// Time as the rest of the server sees it: milliseconds since the Unix epoch,
// behind an interface so that tests can set the time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace hookwarden {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since 1970-01-01T00:00:00Z. Thread-safe.
  virtual int64_t NowMillis() const = 0;
};

// The wall clock.
class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_millis) : now_(now_millis) {}
  int64_t NowMillis() const override { return now_.load(); }
  void Advance(int64_t millis) { now_ += millis; }
  void Set(int64_t now_millis) { now_ = now_millis; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace hookwarden
