#include "domain/incident_tracker.h"

#include <algorithm>
#include <utility>

#include "common/time_format.h"

namespace hookwarden {

Incident NewIncident(const Application& app, std::string id,
                     std::string_view kind, int64_t at,
                     std::optional<std::string> cause) {
  Incident i;
  i.id = std::move(id);
  i.organization_id = app.organization_id;
  i.application_id = app.id;
  i.application_slug = app.slug;
  i.kind = kind;
  i.severity = app.rules.severity;
  i.status = kIncidentAlarmed;
  i.cause = std::move(cause);
  i.opened_at = at;
  return i;
}

Incident IncidentTracker::Open(const Application& app, std::string_view kind,
                               int64_t at,
                               std::optional<std::string> cause) const {
  return NewIncident(app, new_id_(), kind, at, std::move(cause));
}

IncidentChange IncidentTracker::Track(const Application& app,
                                      TrackedState& state, const Event& e,
                                      bool in_maintenance) const {
  state.quiet_since = std::max(state.quiet_since, e.received_at);
  state.last_report_at =
      std::max(state.last_report_at.value_or(0), e.received_at);
  if (e.failure) {
    state.hit_streak = 0;
    if (in_maintenance) {
      state.failure_streak = 0;
      return {};
    }
    ++state.failure_streak;
    if (state.open || state.failure_streak < app.rules.failures_to_open) {
      return {};
    }
    state.open = Open(app, kIncidentFailures, e.at, e.message);
    return {IncidentChange::kOpened, *state.open};
  }
  state.failure_streak = 0;
  ++state.hit_streak;
  if (!state.open || state.hit_streak < app.rules.hits_to_close) return {};
  Incident resolved = std::move(*state.open);
  state.open.reset();
  resolved.status = kIncidentResolved;
  resolved.resolved_at = std::max(e.at, resolved.opened_at);
  resolved.resolved_by = kByRules;
  return {IncidentChange::kResolved, std::move(resolved)};
}

void IncidentTracker::TrackStart(TrackedState& state, int64_t received_at) {
  state.quiet_since = std::max(state.quiet_since, received_at);
  state.last_report_at =
      std::max(state.last_report_at.value_or(0), received_at);
}

std::optional<int64_t> IncidentTracker::RunTooLongDeadline(
    const Application& app, const TrackedState& state,
    const std::vector<Run>& open) {
  if (!app.rules.max_runtime_seconds) return std::nullopt;
  std::optional<int64_t> first;
  for (const Run& run : open) {
    if (run.overdue) continue;
    int64_t deadline = run.started_at + *app.rules.max_runtime_seconds * 1000;
    if (!first || deadline < *first) first = deadline;
  }
  return first;
}

IncidentChange IncidentTracker::CheckRunTime(
    const Application& app, TrackedState& state, const std::vector<Run>& open,
    int64_t now, std::vector<std::string>* overdue) const {
  auto deadline = RunTooLongDeadline(app, state, open);
  if (!deadline || *deadline > now) return {};
  int64_t limit = *app.rules.max_runtime_seconds * 1000;
  const Run* first = nullptr;
  for (const Run& run : open) {
    if (run.overdue || run.started_at + limit > now) continue;
    overdue->push_back(run.id);
    if (first == nullptr || run.started_at < first->started_at) first = &run;
  }
  if (state.open) return {};
  state.hit_streak = 0;
  std::string named = first->run_id ? " " + *first->run_id : "";
  state.open = Open(
      app, kIncidentRunTooLong, *deadline,
      "the run" + named + " started at " + FormatRfc3339(first->started_at) +
          " is still unfinished after " +
          std::to_string(*app.rules.max_runtime_seconds) + " seconds");
  return {IncidentChange::kOpened, *state.open};
}

void IncidentTracker::RestartWatches(TrackedState& state, int64_t at) {
  state.quiet_since = std::max(state.quiet_since, at);
}

std::optional<int64_t> IncidentTracker::NoDataDeadline(
    const Application& app, const TrackedState& state) {
  if (app.rules.no_data_timeout_seconds <= 0 || state.open) return std::nullopt;
  return state.quiet_since + app.rules.no_data_timeout_seconds * 1000;
}

IncidentChange IncidentTracker::CheckNoData(const Application& app,
                                            TrackedState& state,
                                            int64_t now) const {
  auto deadline = NoDataDeadline(app, state);
  if (!deadline || *deadline > now) return {};
  state.hit_streak = 0;
  state.open =
      Open(app, kIncidentNoData, *deadline,
           "no event received for " +
               std::to_string(app.rules.no_data_timeout_seconds) + " seconds");
  return {IncidentChange::kOpened, *state.open};
}

std::optional<int64_t> IncidentTracker::NextDue(const Application& app,
                                                const TrackedState& state) {
  if (!app.rules.schedule || state.open) return std::nullopt;
  return hookwarden::NextDue(*app.rules.schedule, state.quiet_since);
}

std::optional<int64_t> IncidentTracker::LateDeadline(
    const Application& app, const TrackedState& state) {
  auto due = NextDue(app, state);
  if (!due) return std::nullopt;
  return *due + app.rules.grace_seconds * 1000;
}

IncidentChange IncidentTracker::CheckLate(const Application& app,
                                          TrackedState& state,
                                          int64_t now) const {
  auto due = NextDue(app, state);
  auto deadline = LateDeadline(app, state);
  if (!deadline || *deadline > now) return {};
  state.hit_streak = 0;
  state.open = Open(app, kIncidentLate, *deadline,
                    "no report for the run due at " + FormatRfc3339(*due) +
                        " within its grace of " +
                        std::to_string(app.rules.grace_seconds) + " seconds");
  return {IncidentChange::kOpened, *state.open};
}

IncidentChange IncidentTracker::CheckSilence(const Application& app,
                                             TrackedState& state,
                                             int64_t now) const {
  auto no_data = NoDataDeadline(app, state);
  auto late = LateDeadline(app, state);
  if (late && (!no_data || *late < *no_data)) return CheckLate(app, state, now);
  return CheckNoData(app, state, now);
}

}  // namespace hookwarden
