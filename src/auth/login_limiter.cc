#include "auth/login_limiter.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>

namespace hookwarden::auth {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Failures counted past the address's limit: enough to reach the longest
// delay.
constexpr size_t kDelaySteps = 16;

}  // namespace

LoginLimiter::LoginLimiter(const Clock& clock, Limits limits, Sleeper sleep)
    : clock_(clock),
      limits_(limits),
      sleep_(sleep ? std::move(sleep) : Sleeper([](int64_t millis) {
        std::this_thread::sleep_for(std::chrono::milliseconds(millis));
      })) {}

std::vector<LoginLimiter::Key> LoginLimiter::Keys(
    std::string_view username, std::string_view address) const {
  std::string user = Lower(username), addr(address);
  auto pair = static_cast<size_t>(limits_.per_username_and_address);
  auto per_user = static_cast<size_t>(limits_.per_username);
  auto per_addr = static_cast<size_t>(limits_.per_address);
  return {{"p:" + addr + "\n" + user, pair, pair, true},
          {"u:" + user, per_user, per_user, true},
          {"a:" + addr, per_addr, per_addr + kDelaySteps, false}};
}

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
  for (const Key& key : Keys(username, address)) {
    if (!key.refuses) continue;
    if (Prune(key.text, now) >= key.limit) {
      return Status::RateLimited(
          "too many failed logins; try again later",
          static_cast<int>(RetryAfterSeconds(key.text, now)));
    }
  }
  return Status::Ok();
}

int64_t LoginLimiter::DelayMillis(std::string_view address) {
  std::lock_guard lock(mutex_);
  const Key key = Keys("", address)[2];
  size_t count = Prune(key.text, clock_.NowMillis());
  if (count < key.limit) return 0;
  int64_t delay = limits_.first_delay_millis;
  for (size_t i = key.limit; i < count && delay < limits_.max_delay_millis;
       ++i) {
    delay *= 2;
  }
  return std::min(delay, limits_.max_delay_millis);
}

Status LoginLimiter::Admit(std::string_view username,
                           std::string_view address) {
  HW_RETURN_IF_ERROR(Check(username, address));
  int64_t delay = DelayMillis(address);
  if (delay == 0) return Status::Ok();
  {
    std::lock_guard lock(mutex_);
    if (waiting_ >= limits_.max_waiting) {
      return Status::RateLimited(
          "too many logins from this address; try again shortly",
          static_cast<int>((delay + 999) / 1000));
    }
    ++waiting_;
  }
  sleep_(delay);
  std::lock_guard lock(mutex_);
  --waiting_;
  return Status::Ok();
}

void LoginLimiter::RecordFailure(std::string_view username,
                                 std::string_view address) {
  std::lock_guard lock(mutex_);
  int64_t now = clock_.NowMillis();
  for (const Key& key : Keys(username, address)) {
    Prune(key.text, now);
    auto it = failures_.find(key.text);
    if (it == failures_.end()) {
      MakeRoom(now);
      it = failures_.emplace(key.text, std::deque<int64_t>()).first;
    }
    it->second.push_back(now);
    while (it->second.size() > key.kept) it->second.pop_front();
  }
}

void LoginLimiter::RecordSuccess(std::string_view username,
                                 std::string_view address) {
  std::lock_guard lock(mutex_);
  failures_.erase(Keys(username, address)[0].text);
}

void LoginLimiter::MakeRoom(int64_t now) {
  if (failures_.size() < limits_.capacity) return;
  SweepLocked(now);
  if (failures_.size() < limits_.capacity) return;
  // Still full: the entry whose last failure is oldest goes.
  auto idle = std::min_element(failures_.begin(), failures_.end(),
                               [](const auto& a, const auto& b) {
                                 return a.second.back() < b.second.back();
                               });
  failures_.erase(idle);
}

void LoginLimiter::SweepLocked(int64_t now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    if (it->second.back() <= now - limits_.window_millis) {
      it = failures_.erase(it);
    } else {
      ++it;
    }
  }
}

void LoginLimiter::Sweep() {
  std::lock_guard lock(mutex_);
  SweepLocked(clock_.NowMillis());
}

size_t LoginLimiter::size() const {
  std::lock_guard lock(mutex_);
  return failures_.size();
}

}  // namespace hookwarden::auth
