// The store's part for incidents.
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/audit_entry.h"
#include "domain/incident.h"

namespace hookwarden {

class IncidentStore {
 public:
  virtual ~IncidentStore() = default;

  // --- Incidents.
  struct IncidentQuery {
    std::optional<std::string> application_id;
    // "alarmed", "acknowledged", "resolved", or "open" (either of the first
    // two).
    std::optional<std::string> status;
    // Incidents open at some time in [from, to): opened before `to`, and not
    // resolved before `from`.
    std::optional<int64_t> from, to;
    int limit = 100;
    // Open incidents (alarmed or acknowledged) before resolved ones.
    bool open_first = false;
    // Where the previous page ended: only the incidents after this one in
    // the list's order. `resolved` counts only with open_first.
    struct Position {
      bool resolved = false;
      int64_t opened_at = 0;
      std::string id;
    };
    std::optional<Position> after;
  };
  // Newest first (by opened_at, then id); with open_first, the open ones
  // first, each group newest first.
  virtual Result<std::vector<Incident>> ListIncidents(
      std::string_view org_id, const IncidentQuery& query) = 0;
  // How many incidents the query's filters match (its limit and `after`
  // aside).
  virtual Result<int64_t> CountIncidents(std::string_view org_id,
                                         const IncidentQuery& query) = 0;
  virtual Result<Incident> GetIncident(std::string_view org_id,
                                       std::string_view incident_id) = 0;
  // Incidents change through the unit of work (storage/unit_of_work.h).
};

}  // namespace hookwarden
