// Which channels an event goes to: a channel takes an event when it
// subscribed to the event's type and is for every application or for one of
// the applications the event is about.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/channel.h"

namespace hookwarden {

// A channel as the outbox routes events to it.
struct ChannelRoute {
  std::string id;
  std::vector<std::string> events;           // The event types it takes.
  std::vector<std::string> application_ids;  // Empty: every application.
  NoticeSettings notices;

  // Whether an event of `type` about `application_ids` goes to this
  // channel.
  bool Takes(std::string_view type,
             const std::vector<std::string>& about) const;
  // Whether notices about incidents of the application `about` go to this
  // channel: it takes an incident event or a flapping event about it.
  bool TakesIncidentsOf(const std::string& about) const;
};

}  // namespace hookwarden
