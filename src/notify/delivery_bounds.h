// How many deliveries may be in flight at once: at most `global` in all, at
// most `per_organization` of one organization and `per_channel` of one
// channel, so that a receiver that hangs holds only its own channel's
// share and never delays another organization's deliveries.
//
// Not thread-safe: the delivery worker guards it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hookwarden::notify {

struct DeliveryLimits {
  int global = 16;
  int per_organization = 8;
  int per_channel = 2;
};

class DeliveryBounds {
 public:
  explicit DeliveryBounds(DeliveryLimits limits) : limits_(limits) {}

  // Counts one delivery of `org_id`'s channel `channel_id` in flight and
  // returns true, or returns false (and counts nothing) when that would
  // pass a bound.
  bool TryAdmit(std::string_view org_id, std::string_view channel_id);
  // Ends one admitted delivery.
  void Release(std::string_view org_id, std::string_view channel_id);

  int in_flight() const { return in_flight_; }
  // How many more may start, whoever they are for.
  int free() const { return limits_.global - in_flight_; }
  // The organizations and channels at their bound: none of theirs may start.
  std::vector<std::string> FullOrganizations() const;
  std::vector<std::string> FullChannels() const;

 private:
  const DeliveryLimits limits_;
  int in_flight_ = 0;
  std::map<std::string, int, std::less<>> by_organization_;
  std::map<std::string, int, std::less<>> by_channel_;
};

}  // namespace hookwarden::notify
