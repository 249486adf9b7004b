#include "ingest/maintenance_watch.h"

#include <algorithm>
#include <map>

#include "domain/channel.h"
#include "domain/incident_tracker.h"
#include "services/notifications.h"

namespace hookwarden::ingest {

MaintenanceWatch::MaintenanceWatch(UnitStore& store, const Clock& clock,
                                   Logger& logger,
                                   std::chrono::milliseconds interval,
                                   std::function<void()> wake)
    : store_(store),
      clock_(clock),
      logger_(logger),
      wake_(std::move(wake)),
      // CheckNow logs its own failure; the next tick tries again.
      task_("hw-maintenance", interval, [this] { (void)CheckNow(); }) {}

Result<int> MaintenanceWatch::CheckNow() {
  int64_t now = clock_.NowMillis();
  auto due = store_.DueMaintenanceNotices(now, kWindowsPerCheck);
  int told = 0;
  Status done = due.status();
  if (done.ok() && !due->empty()) {
    done = store_.InUnitOfWork([&](UnitOfWork& unit) -> Status {
      told = 0;
      std::map<std::string, int64_t> ended_at;  // Application: window's end.
      for (const MaintenanceNotice& n : *due) {
        const MaintenanceWindow& w = n.window;
        if (!n.started_told && w.starts_at <= now) {
          auto first = unit.ClaimMaintenanceNotice(w.id, false);
          if (!first.ok()) return first.status();
          if (*first) {
            HW_RETURN_IF_ERROR(NotifyMaintenance(unit.Outbox(),
                                                 kEventMaintenanceStarted, w,
                                                 n.application_ids, now));
            ++told;
          }
        }
        if (n.ended_told || w.ends_at > now) continue;
        auto first = unit.ClaimMaintenanceNotice(w.id, true);
        if (!first.ok()) return first.status();
        if (!*first) continue;
        for (const std::string& id : n.application_ids) {
          int64_t& at = ended_at[id];
          at = std::max(at, w.ends_at);
        }
        HW_RETURN_IF_ERROR(NotifyMaintenance(
            unit.Outbox(), kEventMaintenanceEnded, w, n.application_ids, now));
        ++told;
      }
      // The applications left, locked together (in the order of their ids).
      std::vector<std::string> ids;
      for (const auto& [id, at] : ended_at) ids.push_back(id);
      auto locked = unit.LockApplications(ids, now);
      if (!locked.ok()) return locked.status();
      for (TrackedApplication& t : *locked) {
        IncidentTracker::RestartWatches(t.state, ended_at[t.app.id]);
        HW_RETURN_IF_ERROR(unit.SaveTrackedState(t.app.id, t.state));
      }
      return Status::Ok();
    });
  }
  if (!done.ok()) {
    logger_.Warn("maintenance check failed", {{"error", done.message()}});
    return done;
  }
  if (told > 0) wake_();
  return told;
}

}  // namespace hookwarden::ingest
