#include "domain/incident_actions.h"

#include <algorithm>
#include <string>

namespace hookwarden {

Result<bool> AcknowledgeIncident(Incident& incident, std::string_view username,
                                 int64_t now) {
  if (incident.status == kIncidentResolved) {
    return Status::Conflict(
        "the incident is resolved: it can no longer be acknowledged", "status");
  }
  if (incident.status == kIncidentAcknowledged) return false;
  incident.status = std::string(kIncidentAcknowledged);
  incident.acknowledged_at = now;
  incident.acknowledged_by = std::string(username);
  return true;
}

bool ResolveIncident(Incident& incident, TrackedState& state,
                     std::string_view username, int64_t now) {
  if (!incident.open()) return false;
  if (state.open && state.open->id == incident.id) {
    // The watches count again from now; the last report stays what it was.
    state.failure_streak = 0;
    state.hit_streak = 0;
    state.quiet_since = now;
    state.open.reset();
  }
  incident.status = std::string(kIncidentResolved);
  incident.resolved_at = std::max(now, incident.opened_at);
  incident.resolved_by = std::string(username);
  return true;
}

}  // namespace hookwarden
