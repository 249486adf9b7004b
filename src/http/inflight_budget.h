// A budget of bytes that requests hold while they are in flight: a request
// takes its share before its body is read and gives it back when its answer
// is written, so the bytes being read, parsed and queued never pass the
// limit together. Thread-safe; lock-free.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>

namespace hookwarden::http {

class InflightBudget {
 public:
  // Bytes held until it is destroyed (or moved from). Must not outlive the
  // budget it came from.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    uint64_t bytes() const { return bytes_; }

   private:
    friend class InflightBudget;
    Lease(InflightBudget* budget, uint64_t bytes)
        : budget_(budget), bytes_(bytes) {}
    void Release();

    InflightBudget* budget_ = nullptr;
    uint64_t bytes_ = 0;
  };

  explicit InflightBudget(uint64_t limit) : limit_(limit) {}

  // `bytes` more, when they fit under the limit with everything held now;
  // nullopt (and nothing taken) when they do not. Zero bytes always fit.
  std::optional<Lease> TryTake(uint64_t bytes);

  uint64_t limit() const { return limit_; }
  uint64_t in_use() const { return in_use_.load(std::memory_order_relaxed); }
  // How many requests TryTake refused since the start.
  uint64_t refused() const { return refused_.load(std::memory_order_relaxed); }

 private:
  const uint64_t limit_;
  std::atomic<uint64_t> in_use_{0};
  std::atomic<uint64_t> refused_{0};
};

}  // namespace hookwarden::http
