// Reading and writing incidents and the applications' tracked state,
// shared by the SqlStore files. Internal to src/storage.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/incident_tracker.h"
#include "storage/sql_helpers.h"
#include "storage/unit_of_work.h"

namespace hookwarden::sql_store_internal {

// The columns of an incident row aliased `incident`, with the slug of its
// application aliased `application`, in the order IncidentAt reads them.
std::string IncidentColumns(const std::string& incident,
                            const std::string& application);
// The incident whose IncidentColumns start at column `at` of `row`.
Incident IncidentAt(const Row& row, size_t at);

// An application's schedule as its five columns (schedule_period_seconds,
// schedule_cron, schedule_timezone, grace_seconds, max_runtime_seconds)
// keep it: a period of 0 and a null cron when it has none.
sql::Value SchedulePeriod(const IncidentRules& rules);
sql::Value ScheduleCron(const IncidentRules& rules);
sql::Value ScheduleZone(const IncidentRules& rules);
sql::Value MaxRuntime(const IncidentRules& rules);
// Reads those five columns, starting at column `at`, into `rules`.
void ReadSchedule(const Row& row, size_t at, IncidentRules& rules);

// NotFound when the application does not exist (any more).
Result<TrackedApplication> LoadTracked(Connection& c,
                                       const std::string& application_id);
// The applications' rules and state (those that exist, by id), each with
// its open alert's incident, whether it is in maintenance at `at`, whether
// it has open runs and its ring's number and next slot: one statement
// whatever their number.
// The keys of one ring's slots (hit_ring.slot_id): the ring's number
// (hit_rings.ring) times this, plus the slot. The migrations that gave the
// rows their keys used this number.
inline constexpr int64_t kSlotIdsPerRing = 1024;
static_assert(kKeptEventsPerApplication <= kSlotIdsPerRing);
// SQL that is true when the ring of the hit_rings row named `rings` (an
// alias or the table's name) is full: slots fill in order, so a full ring
// has a hit at its next slot.
inline std::string RingIsFull(const std::string& rings) {
  return "EXISTS (SELECT 1 FROM hit_ring x WHERE x.slot_id = " + rings +
         ".ring * " + std::to_string(kSlotIdsPerRing) + " + " + rings +
         ".next_slot)";
}
struct LockedTracked {
  TrackedApplication tracked;
  bool has_open_runs = false;
  int64_t next_slot = 0;  // Of table hit_rings; 0 for a ring not started.
  int64_t ring = 0;       // Of table hit_rings; 0 when it has no row there.
  // True when every slot of the ring holds a hit: a full ring's slots are
  // overwritten, the others' filled.
  bool ring_full = false;
};
Result<std::vector<LockedTracked>> LoadTrackedMany(
    Connection& c, const std::vector<std::string>& application_ids, int64_t at);
// Sent without waiting for the answer (Connection::Send).
Status SaveTrackedState(Connection& c, const std::string& application_id,
                        const TrackedState& state);

// Writes what the tracker (or a person) changed, in order: inserts the
// opened incidents (together, in as few statements as sql::InsertRows
// makes), updates any other change of an existing one.
Status WriteIncidents(Connection& c, const std::vector<IncidentWrite>& writes);

// The open incident of kind "alert" of `key` in one of the applications
// (the most recently opened if several), or nullopt.
Result<std::optional<Incident>> OpenAlertIncident(
    Connection& c, const std::vector<std::string>& application_ids,
    const std::string& key);

// The incidents of the applications `apps` opened before `opened_before`
// and not resolved before `from`, by application id, then opened_at.
Result<std::vector<Incident>> ListIncidentsOfApplications(
    Connection& c, const ApplicationSet& apps, int64_t from,
    int64_t opened_before);

}  // namespace hookwarden::sql_store_internal
