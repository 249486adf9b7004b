// What a person may do to an incident: acknowledge it (alarmed ->
// acknowledged) and resolve it (alarmed or acknowledged -> resolved). Pure
// rules over the incident and its application's tracked state; the caller
// persists what changed.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "domain/incident.h"
#include "domain/incident_tracker.h"

namespace hookwarden {

// Acknowledges an alarmed incident at `now` by `username`: true when it
// changed. An acknowledged incident stays as it is (false); a resolved one
// is a Conflict (field "status").
Result<bool> AcknowledgeIncident(Incident& incident, std::string_view username,
                                 int64_t now);

// Resolves an open incident at `now` (never before it opened) by `username`:
// true when it changed; a resolved incident stays as it is (false). When it
// is the application's open incident (`state`), the counts of consecutive
// failures and hits start again from zero and the no-data watch restarts
// at `now`, so only new failures open a new incident.
bool ResolveIncident(Incident& incident, TrackedState& state,
                     std::string_view username, int64_t now);

}  // namespace hookwarden
