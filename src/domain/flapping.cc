#include "domain/flapping.h"

#include <algorithm>

namespace hookwarden {
namespace {

void Forget(const NoticeSettings& settings, FlapState& state, int64_t now) {
  const int64_t from = now - settings.flapping_minutes * 60'000;
  auto kept = std::find_if(state.openings.begin(), state.openings.end(),
                           [&](int64_t at) { return at > from; });
  state.openings.erase(state.openings.begin(), kept);
}

bool Calm(const NoticeSettings& settings, const FlapState& state) {
  return !state.incident_open && static_cast<int64_t>(state.openings.size()) <=
                                     settings.flapping_incidents / 2;
}

}  // namespace

IncidentNotice OnIncidentEvent(const NoticeSettings& settings, FlapState& state,
                               std::string_view type, int64_t now) {
  IncidentNotice notice;
  if (type == kEventIncidentOpened) {
    state.openings.push_back(now);
    state.incident_open = true;
  } else if (type == kEventIncidentResolved) {
    state.incident_open = false;
  }
  Forget(settings, state, now);
  if (!state.flapping) {
    if (static_cast<int64_t>(state.openings.size()) >
        settings.flapping_incidents) {
      state.flapping = true;
      state.since = now;
      notice.change = FlapChange::kStarted;
      notice.notify_incident = false;
    }
    return notice;
  }
  notice.notify_incident = false;
  if (Calm(settings, state)) {
    state.flapping = false;
    notice.change = FlapChange::kStopped;
  }
  return notice;
}

FlapChange CheckFlapping(const NoticeSettings& settings, FlapState& state,
                         int64_t now) {
  Forget(settings, state, now);
  if (!state.flapping || !Calm(settings, state)) return FlapChange::kNone;
  state.flapping = false;
  return FlapChange::kStopped;
}

}  // namespace hookwarden
