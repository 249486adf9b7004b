#include "domain/event.h"

namespace hookwarden {

std::string_view EventStatusName(EventStatus status) {
  switch (status) {
    case EventStatus::kFailure:
      return "failure";
    case EventStatus::kLog:
      return "log";
    case EventStatus::kHit:
      break;
  }
  return "hit";
}

std::optional<EventStatus> ParseEventStatus(std::string_view name) {
  for (auto status :
       {EventStatus::kHit, EventStatus::kFailure, EventStatus::kLog}) {
    if (EventStatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace hookwarden
