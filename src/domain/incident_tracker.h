// The rules that open and resolve an application's incidents, as a pure
// state machine over its events in order of arrival:
//
// - An incident (kind "failures") opens at the timestamp of the failure that
//   completes `failures_to_open` consecutive failures, with that failure's
//   message as its cause. It resolves ("auto") at the timestamp of the hit
//   that completes `hits_to_close` consecutive hits after it (never earlier
//   than it opened, should client timestamps run backwards).
// - A hit starts the count of failures again; a failure starts the count of
//   hits again.
// - An application has at most one open incident: failures while one is
//   open (acknowledged or not) open no other.
// - With a no-data timeout T > 0, an application that has sent nothing for T
//   seconds since `quiet_since` (its last event's arrival, its creation, or
//   the last change that restarted the watch) gets an incident of kind
//   "no_data" opened at quiet_since + T, resolved by the same hits rule.
// - With a schedule, a run is due at the schedule's first time after
//   quiet_since (the last report, or the last change that restarted the
//   watch); nothing by then plus the grace opens an incident of kind "late"
//   at that moment, resolved by the same hits rule.
// - A start (domain/run.h) counts as a report for both watches, and changes
//   no streak. With max_runtime_seconds, a run still open that long after
//   its start opens an incident of kind "run_too_long" at that moment,
//   resolved by the same hits rule. Each run is considered once, at its
//   deadline: one past it while an incident is open opens none later.
// - While the application is in maintenance (domain/maintenance_window.h)
//   no incident opens: its failures count towards no streak, and the
//   watches' clocks restart when they would have fired and when the window
//   ends, so that silence in the window is not charged after it. Hits still
//   count towards resolving an incident already open.
//
// The store keeps a TrackedState per application and runs this inside the
// transaction that appends the events, so the state and the incidents it
// writes always agree with the events committed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/application.h"
#include "domain/event.h"
#include "domain/incident.h"
#include "domain/run.h"

namespace hookwarden {

struct TrackedState {
  int64_t failure_streak = 0;    // Consecutive failures, up to the last event.
  int64_t hit_streak = 0;        // Consecutive hits, up to the last event.
  int64_t quiet_since = 0;       // Arrival of the last event (or see above).
  std::optional<Incident> open;  // The open incident, if any.
  std::optional<int64_t> last_report_at;  // Arrival of the last event.
};

struct IncidentChange {
  // kAcknowledged and kRetriggered come only from alerts
  // (domain/alert_rules.h); kRetriggered changes nothing but the record of
  // the alert.
  enum Kind { kNone, kOpened, kResolved, kAcknowledged, kRetriggered };
  Kind kind = kNone;
  Incident incident;  // As it is after the change.
};

// A new alarmed incident `id` of `app` of `kind`, opened at `at` with
// `cause`, at the application's severity.
Incident NewIncident(const Application& app, std::string id,
                     std::string_view kind, int64_t at,
                     std::optional<std::string> cause);

class IncidentTracker {
 public:
  // `new_id` makes the id of an incident about to open.
  explicit IncidentTracker(std::function<std::string()> new_id)
      : new_id_(std::move(new_id)) {}

  // Applies one accepted (not duplicate) event of `app` to `state`;
  // `in_maintenance`: the application is in a maintenance window.
  IncidentChange Track(const Application& app, TrackedState& state,
                       const Event& event, bool in_maintenance = false) const;

  // Restarts the no-data and late clocks at `at` (no earlier than they
  // stand): for an application in maintenance at `at`, or whose window
  // ended at `at`.
  static void RestartWatches(TrackedState& state, int64_t at);

  // Applies a start that arrived at `received_at` to `state`.
  static void TrackStart(TrackedState& state, int64_t received_at);

  // When the run_too_long rule next considers a run of `app` with its
  // `open` runs: the first deadline (start plus max_runtime_seconds) of a
  // run not yet overdue; nullopt when the rule is off or no run is left to
  // consider.
  static std::optional<int64_t> RunTooLongDeadline(
      const Application& app, const TrackedState& state,
      const std::vector<Run>& open);
  // Considers the open runs past their deadline at `now`: their ids are
  // added to `*overdue` (to be marked so: each run is considered once), and
  // the run_too_long incident opens at the first deadline, unless an
  // incident is open already.
  IncidentChange CheckRunTime(const Application& app, TrackedState& state,
                              const std::vector<Run>& open, int64_t now,
                              std::vector<std::string>* overdue) const;

  // When the no-data rule would open an incident for `app` in `state`:
  // quiet_since + T, or nullopt when the rule is off or one is open.
  static std::optional<int64_t> NoDataDeadline(const Application& app,
                                               const TrackedState& state);

  // Opens the no-data incident if its deadline is at or before `now`.
  IncidentChange CheckNoData(const Application& app, TrackedState& state,
                             int64_t now) const;

  // When the next scheduled run of `app` is due: nullopt without a
  // schedule, or while an incident is open.
  static std::optional<int64_t> NextDue(const Application& app,
                                        const TrackedState& state);
  // When the late rule would open an incident: NextDue plus the grace.
  static std::optional<int64_t> LateDeadline(const Application& app,
                                             const TrackedState& state);
  // Opens the late incident if its deadline is at or before `now`.
  IncidentChange CheckLate(const Application& app, TrackedState& state,
                           int64_t now) const;

  // Both of the watches' checks: the one whose deadline comes first opens.
  IncidentChange CheckSilence(const Application& app, TrackedState& state,
                              int64_t now) const;

 private:
  Incident Open(const Application& app, std::string_view kind, int64_t at,
                std::optional<std::string> cause) const;

  std::function<std::string()> new_id_;
};

}  // namespace hookwarden
