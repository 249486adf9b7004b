#include "ingest/no_data_watch.h"

#include <algorithm>

#include "auth/random.h"
#include "common/time_format.h"
#include "domain/channel.h"
#include "services/notifications.h"

namespace hookwarden::ingest {

NoDataWatch::NoDataWatch(UnitStore& store, const Clock& clock, Logger& logger,
                         std::chrono::milliseconds interval)
    : store_(store),
      clock_(clock),
      logger_(logger),
      tracker_([] { return auth::NewOrderedId("inc"); }),
      // CheckNow logs its own failure; the next tick tries again.
      task_("hw-no-data", interval, [this] { (void)CheckNow(); }) {}

Result<std::vector<Incident>> NoDataWatch::CheckNow() {
  int64_t now = clock_.NowMillis();
  auto due = store_.NoDataCandidates(now);
  auto scheduled = store_.ScheduledApplications();
  auto overdue = store_.OverdueRunCandidates(now);
  if (due.ok() && !overdue.ok()) due = overdue.status();
  if (due.ok() && scheduled.ok()) {
    due->insert(due->end(), overdue->begin(), overdue->end());
    for (const TrackedApplication& t : *scheduled) {
      auto deadline = IncidentTracker::LateDeadline(t.app, t.state);
      if (deadline && *deadline <= now) due->push_back(t.app.id);
    }
    std::sort(due->begin(), due->end());
    due->erase(std::unique(due->begin(), due->end()), due->end());
  }
  std::vector<Incident> opened;
  Status done = due.ok() ? scheduled.status() : due.status();
  if (done.ok() && !due->empty()) {
    done = store_.InUnitOfWork([&](UnitOfWork& unit) {
      opened.clear();
      // Read again under the applications' locks: an event or another
      // server's watch may have come first.
      auto locked = unit.LockApplications(*due, now);
      if (!locked.ok()) return locked.status();
      // The runs of `t` past max_runtime_seconds, each considered once.
      auto check_runs = [&](const TrackedApplication& t,
                            TrackedState& state) -> Result<IncidentChange> {
        if (!t.app.rules.max_runtime_seconds) return IncidentChange{};
        auto runs = unit.OpenRunsOf(t.app.id);
        if (!runs.ok()) return runs.status();
        std::vector<std::string> marked;
        IncidentChange change =
            tracker_.CheckRunTime(t.app, state, *runs, now, &marked);
        for (const std::string& id : marked) {
          HW_RETURN_IF_ERROR(unit.MarkRunOverdue(id));
        }
        return change;
      };
      for (TrackedApplication& t : *locked) {
        if (t.in_maintenance) {
          // Nothing opens in maintenance: the clocks start again, and a run
          // past its limit in the window is considered without opening.
          IncidentTracker::RestartWatches(t.state, now);
          TrackedState unchanged = t.state;
          auto ignored = check_runs(t, unchanged);
          if (!ignored.ok()) return ignored.status();
          HW_RETURN_IF_ERROR(unit.SaveTrackedState(t.app.id, t.state));
          continue;
        }
        IncidentChange change = tracker_.CheckSilence(t.app, t.state, now);
        if (change.kind == IncidentChange::kNone) {
          auto run_change = check_runs(t, t.state);
          if (!run_change.ok()) return run_change.status();
          change = std::move(*run_change);
        }
        if (change.kind != IncidentChange::kOpened) continue;
        HW_RETURN_IF_ERROR(unit.WriteIncident(change.incident, true));
        HW_RETURN_IF_ERROR(unit.SaveTrackedState(t.app.id, t.state));
        HW_RETURN_IF_ERROR(NotifyIncident(unit.Outbox(), kEventIncidentOpened,
                                          change.incident, now));
        opened.push_back(std::move(change.incident));
      }
      return Status::Ok();
    });
  }
  ++checks_;
  if (!done.ok()) {
    logger_.Warn("no-data check failed", {{"error", done.message()}});
    return done;
  }
  for (const Incident& i : opened) {
    logger_.Info("incident opened",
                 {{"incident", i.id},
                  {"application", i.application_id},
                  {"kind", i.kind},
                  {"opened_at", FormatRfc3339(i.opened_at)}});
  }
  return opened;
}

}  // namespace hookwarden::ingest
