// Where people act on incidents: acknowledge and resolve, each in one
// transaction with its audit entry and the notifications it causes. The
// rules are domain/incident_actions.h; this class runs them on the stored
// incident through the unit of work.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "domain/audit_entry.h"
#include "domain/incident.h"
#include "storage/unit_of_work.h"

namespace hookwarden {

class IncidentDesk {
 public:
  // `store` must outlive the desk. Thread-safe.
  explicit IncidentDesk(UnitStore& store) : store_(store) {}

  // Acknowledges the organization's incident at `now` by `username`.
  // NotFound when the organization has no such incident; Conflict when it
  // is resolved. An acknowledged incident comes back unchanged, with no
  // audit entry and no notification.
  Result<Incident> Acknowledge(std::string_view org_id,
                               std::string_view incident_id,
                               std::string_view username, int64_t now,
                               const AuditEntry& audit) const;
  // Resolves it (see ResolveIncident). A resolved incident comes back
  // unchanged, with no audit entry and no notification.
  Result<Incident> Resolve(std::string_view org_id,
                           std::string_view incident_id,
                           std::string_view username, int64_t now,
                           const AuditEntry& audit) const;

 private:
  UnitStore& store_;
};

}  // namespace hookwarden
