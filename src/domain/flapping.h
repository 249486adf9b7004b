// Whether an application is flapping, as one channel sees it: it opened more
// than `flapping_incidents` incidents within the last `flapping_minutes`.
// While it flaps the channel gets no notification about its incidents: one
// (application.flapping_started) when it starts, one
// (application.flapping_stopped) when it stops, so that an on-call phone
// never rings hundreds of times.
//
// It stops, once no incident of it is open, when it opened at most half as
// many (flapping_incidents / 2) within the window: the margin keeps an
// application right at the bound from starting and stopping in turn.
//
// Pure: the caller reads the state, asks, and stores what it was given.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/channel.h"

namespace hookwarden {

// What a channel remembers about one application.
struct FlapState {
  bool flapping = false;
  int64_t since = 0;              // When it started flapping, when it is.
  bool incident_open = false;     // Its latest incident is not resolved.
  std::vector<int64_t> openings;  // When its incidents opened, oldest
                                  // first, within the window only.
};

enum class FlapChange { kNone, kStarted, kStopped };

struct IncidentNotice {
  // Whether the incident event goes to the channel (grouped).
  bool notify_incident = true;
  FlapChange change = FlapChange::kNone;
};

// Records an incident event of `type` (incident.opened, .acknowledged or
// .resolved) at `now` in `state`, and says what the channel gets.
IncidentNotice OnIncidentEvent(const NoticeSettings& settings, FlapState& state,
                               std::string_view type, int64_t now);

// Checks, at `now`, whether a flapping application stopped (kStopped) and
// updates `state`; kNone otherwise. For the periodic check: an application
// that calms down sends no event that would tell.
FlapChange CheckFlapping(const NoticeSettings& settings, FlapState& state,
                         int64_t now);

}  // namespace hookwarden
