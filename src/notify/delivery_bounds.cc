#include "notify/delivery_bounds.h"

namespace hookwarden::notify {
namespace {

int CountOf(const std::map<std::string, int, std::less<>>& counts,
            std::string_view key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

void Decrement(std::map<std::string, int, std::less<>>& counts,
               std::string_view key) {
  auto it = counts.find(key);
  if (it == counts.end()) return;
  if (--it->second <= 0) counts.erase(it);
}

std::vector<std::string> AtLeast(
    const std::map<std::string, int, std::less<>>& counts, int bound) {
  std::vector<std::string> out;
  for (const auto& [key, count] : counts) {
    if (count >= bound) out.push_back(key);
  }
  return out;
}

}  // namespace

bool DeliveryBounds::TryAdmit(std::string_view org_id,
                              std::string_view channel_id) {
  if (in_flight_ >= limits_.global ||
      CountOf(by_organization_, org_id) >= limits_.per_organization ||
      CountOf(by_channel_, channel_id) >= limits_.per_channel) {
    return false;
  }
  ++in_flight_;
  ++by_organization_[std::string(org_id)];
  ++by_channel_[std::string(channel_id)];
  return true;
}

void DeliveryBounds::Release(std::string_view org_id,
                             std::string_view channel_id) {
  if (in_flight_ > 0) --in_flight_;
  Decrement(by_organization_, org_id);
  Decrement(by_channel_, channel_id);
}

std::vector<std::string> DeliveryBounds::FullOrganizations() const {
  return AtLeast(by_organization_, limits_.per_organization);
}

std::vector<std::string> DeliveryBounds::FullChannels() const {
  return AtLeast(by_channel_, limits_.per_channel);
}

}  // namespace hookwarden::notify
