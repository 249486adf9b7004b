#include "domain/channel_route.h"

#include <algorithm>

namespace hookwarden {

bool ChannelRoute::Takes(std::string_view type,
                         const std::vector<std::string>& about) const {
  if (std::find(events.begin(), events.end(), type) == events.end()) {
    return false;
  }
  if (application_ids.empty()) return true;
  return std::any_of(about.begin(), about.end(), [&](const std::string& a) {
    return std::find(application_ids.begin(), application_ids.end(), a) !=
           application_ids.end();
  });
}

bool ChannelRoute::TakesIncidentsOf(const std::string& about) const {
  for (std::string_view type :
       {kEventIncidentOpened, kEventIncidentAcknowledged,
        kEventIncidentResolved, kEventFlappingStarted, kEventFlappingStopped}) {
    if (Takes(type, {about})) return true;
  }
  return false;
}

}  // namespace hookwarden
