#include "auth/login_limiter.h"

#include <array>
#include <utility>

namespace hookwarden::auth {
namespace {

std::array<std::pair<std::string, int>, 3> Keys(
    std::string_view username, std::string_view address,
    const LoginLimiter::Limits& limits) {
  std::string user(username), addr(address);
  return {{{"p:" + addr + "\n" + user, limits.per_username_and_address},
           {"a:" + addr, limits.per_address},
           {"u:" + user, limits.per_username}}};
}

}  // namespace

size_t LoginLimiter::Prune(const std::string& key, int64_t now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - limits_.window_millis)
    times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return 0;
  }
  return times.size();
}

int64_t LoginLimiter::RetryAfterSeconds(const std::string& key,
                                        int64_t now) const {
  int64_t oldest = failures_.at(key).front();
  int64_t millis = oldest + limits_.window_millis - now;
  return std::max<int64_t>(1, (millis + 999) / 1000);
}

Status LoginLimiter::Check(std::string_view username,
                           std::string_view address) {
  std::lock_guard lock(mutex_);
  int64_t now = clock_.NowMillis();
  for (const auto& [key, limit] : Keys(username, address, limits_)) {
    if (Prune(key, now) >= static_cast<size_t>(limit)) {
      return Status::RateLimited("too many failed logins; try again later",
                                 static_cast<int>(RetryAfterSeconds(key, now)));
    }
  }
  return Status::Ok();
}

void LoginLimiter::RecordFailure(std::string_view username,
                                 std::string_view address) {
  std::lock_guard lock(mutex_);
  int64_t now = clock_.NowMillis();
  for (const auto& [key, limit] : Keys(username, address, limits_)) {
    Prune(key, now);
    failures_[key].push_back(now);
  }
}

void LoginLimiter::RecordSuccess(std::string_view username,
                                 std::string_view address) {
  std::lock_guard lock(mutex_);
  failures_.erase(Keys(username, address, limits_)[0].first);
}

}  // namespace hookwarden::auth
