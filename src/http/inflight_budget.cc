#include "http/inflight_budget.h"

#include <utility>

namespace hookwarden::http {

InflightBudget::Lease::Lease(Lease&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)) {}

InflightBudget::Lease& InflightBudget::Lease::operator=(
    Lease&& other) noexcept {
  if (this != &other) {
    Release();
    budget_ = std::exchange(other.budget_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

InflightBudget::Lease::~Lease() { Release(); }

void InflightBudget::Lease::Release() {
  if (budget_ != nullptr && bytes_ > 0) {
    budget_->in_use_.fetch_sub(bytes_, std::memory_order_relaxed);
  }
  budget_ = nullptr;
  bytes_ = 0;
}

std::optional<InflightBudget::Lease> InflightBudget::TryTake(uint64_t bytes) {
  if (bytes == 0) return Lease(this, 0);
  uint64_t used = in_use_.load(std::memory_order_relaxed);
  do {
    if (bytes > limit_ || used > limit_ - bytes) {
      refused_.fetch_add(1, std::memory_order_relaxed);
      return std::nullopt;
    }
  } while (!in_use_.compare_exchange_weak(used, used + bytes,
                                          std::memory_order_relaxed));
  return Lease(this, bytes);
}

}  // namespace hookwarden::http
