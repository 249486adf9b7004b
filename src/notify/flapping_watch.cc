#include "notify/flapping_watch.h"

#include "services/notifications.h"

namespace hookwarden::notify {

FlappingWatch::FlappingWatch(UnitStore& store, const Clock& clock,
                             Logger& logger, std::chrono::milliseconds interval,
                             std::function<void()> queued)
    : store_(store),
      clock_(clock),
      logger_(logger),
      queued_(std::move(queued)),
      task_("hw-flapping", interval, [this] { (void)CheckNow(); }) {}

Status FlappingWatch::CheckNow() {
  auto candidates = store_.FlappingApplications();
  Status done = candidates.status();
  if (done.ok() && !candidates->empty()) {
    int64_t now = clock_.NowMillis();
    done = store_.InUnitOfWork([&](UnitOfWork& unit) {
      auto locked = unit.LockApplications(*candidates, now);
      if (!locked.ok()) return locked.status();
      for (const TrackedApplication& t : *locked) {
        HW_RETURN_IF_ERROR(NotifyFlappingStops(unit.Outbox(), t.app.id, now));
      }
      return Status::Ok();
    });
    if (done.ok()) queued_();
  }
  if (!done.ok())
    logger_.Warn("flapping check failed", {{"error", done.message()}});
  return done;
}

}  // namespace hookwarden::notify
