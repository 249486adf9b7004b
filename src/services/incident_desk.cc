#include "services/incident_desk.h"

#include <optional>

#include "domain/channel.h"
#include "domain/incident_actions.h"
#include "services/notifications.h"

namespace hookwarden {

Result<Incident> IncidentDesk::Acknowledge(std::string_view org_id,
                                           std::string_view incident_id,
                                           std::string_view username,
                                           int64_t now,
                                           const AuditEntry& audit) const {
  std::optional<Incident> out;
  Status done = store_.WithIncident(
      org_id, incident_id, [&](UnitOfWork& unit, Incident& incident) {
        auto changed = AcknowledgeIncident(incident, username, now);
        if (!changed.ok()) return changed.status();
        out = incident;
        if (!*changed) return Status::Ok();
        HW_RETURN_IF_ERROR(unit.WriteIncident(incident, false));
        HW_RETURN_IF_ERROR(unit.RecordAudit(audit));
        return NotifyIncident(unit.Outbox(), kEventIncidentAcknowledged,
                              incident, now);
      });
  if (!done.ok()) return done;
  return std::move(*out);
}

Result<Incident> IncidentDesk::Resolve(std::string_view org_id,
                                       std::string_view incident_id,
                                       std::string_view username, int64_t now,
                                       const AuditEntry& audit) const {
  std::optional<Incident> out;
  Status done = store_.WithIncident(
      org_id, incident_id, [&](UnitOfWork& unit, Incident& incident) {
        out = incident;
        if (!incident.open()) return Status::Ok();
        auto tracked = unit.LockApplications({incident.application_id}, now);
        if (!tracked.ok()) return tracked.status();
        TrackedState state;
        bool tracking = !tracked->empty();
        if (tracking) state = tracked->front().state;
        ResolveIncident(incident, state, username, now);
        out = incident;
        if (tracking) {
          HW_RETURN_IF_ERROR(
              unit.SaveTrackedState(incident.application_id, state));
        }
        HW_RETURN_IF_ERROR(unit.WriteIncident(incident, false));
        HW_RETURN_IF_ERROR(unit.RecordAudit(audit));
        return NotifyIncident(unit.Outbox(), kEventIncidentResolved, incident,
                              now);
      });
  if (!done.ok()) return done;
  return std::move(*out);
}

}  // namespace hookwarden
