// What one data-plane request reports, and what its commit made of it.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/alert.h"
#include "domain/deploy.h"
#include "domain/event.h"
#include "domain/event_counts.h"
#include "domain/incident.h"
#include "domain/incident_tracker.h"
#include "domain/run.h"

namespace hookwarden::ingest {

// The start of the minute (epoch millis) that holds `at`.
int64_t MinuteOf(int64_t at);

// What a report's events of one application and one minute (MinuteOf their
// `at`) add to the per-minute counts.
struct EventTally {
  size_t event = 0;    // The first of them, in the report's events.
  int64_t minute = 0;  // Its start.
  EventCounts counts;
};

// The events (a hit, a failure, a batch), the deploy or the alerts of one
// request, already authenticated and validated.
struct Report {
  std::vector<Event> events;
  // Held apart: most reports have none, and a report is moved several times
  // on its way (queued, grouped, handed back with its answer).
  std::unique_ptr<Deploy> deploy;
  std::vector<Alert> alerts;
  std::vector<Run> starts;    // Runs it starts (their ids set by the commit).
  std::vector<Event> logs;    // Log messages (Event::log): kept, no more.
  std::string credential_id;  // Whose token sent it: counted as one use.
  std::string from;           // The sender's address.
  // The events' counts, by application and minute in order of first event:
  // made by TallyEvents on the thread that made the report, so that the
  // writer only adds them up. Empty until then (or with no events).
  std::vector<EventTally> tallies;

  // What it weighs in the writer's queue and groups: one per event, per
  // alert, per start and per log message, and at least one (a deploy).
  size_t weight() const {
    return std::max<size_t>(
        1, events.size() + alerts.size() + starts.size() + logs.size());
  }
};

// Counts `report`'s events into its tallies (replacing any), as the commit
// would count them one by one (a latency sum up to rounding: added in
// another order). A report of fewer than two events gets none: it would
// save the writer nothing. Called where the report is made, before it is
// handed to the writer, and the events are not changed after; the commit
// counts a report without tallies itself, one with a duplicate event (which
// counts for nothing) too, and one whose tallies do not hold each of its
// events once.
void TallyEvents(Report& report);

// What the commit made of one event.
struct EventOutcome {
  bool duplicate = false;
  // The application's open incident just after the event, or null while it
  // is operational.
  std::shared_ptr<const Incident> open_incident;
  // The duration of the run the event finished, if it finished one.
  std::optional<int64_t> duration_ms;
  // The application is in a maintenance window.
  bool in_maintenance = false;
};

// What the commit made of one alert: the change to its key's incident, and
// that incident's id (empty when it had none and got none).
struct AlertOutcome {
  IncidentChange::Kind change = IncidentChange::kNone;
  std::string incident_id;
};

// What the commit made of one report.
struct ReportOutcome {
  // Not ok when this report alone was not stored (NotFound: its
  // application was deleted after its token was granted); the rest of the
  // group was.
  Status refused;
  std::vector<EventOutcome> events;  // One per event of the report.
  std::vector<AlertOutcome> alerts;  // One per alert of the report.
  // The application's open incident after the report's starts.
  std::shared_ptr<const Incident> start_open_incident;
  bool start_in_maintenance = false;
  // The deploy as stored (held apart, like Report's), whether it was
  // created, and its application's open incident.
  std::unique_ptr<Deploy> deploy;
  bool deploy_created = false;
  std::shared_ptr<const Incident> deploy_open_incident;
  bool deploy_in_maintenance = false;
};

}  // namespace hookwarden::ingest
