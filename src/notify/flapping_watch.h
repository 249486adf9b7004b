// The flapping rule's clock: an application that calms down sends no event
// that would tell, so every so often this checks each application that some
// channel holds for flapping, and queues application.flapping_stopped to the
// channels for which it stopped (services/notifications.h). Safe with
// several servers on one database: the check is made again under the
// application's lock, so each stop is notified once.
#pragma once

#include <chrono>
#include <functional>

#include "common/clock.h"
#include "common/logger.h"
#include "common/periodic_task.h"
#include "storage/unit_of_work.h"

namespace hookwarden::notify {

class FlappingWatch {
 public:
  // Checks every `interval`; `queued` is called after a check of some
  // flapping application (to wake the delivery worker). References must outlive
  // the watch.
  FlappingWatch(UnitStore& store, const Clock& clock, Logger& logger,
                std::chrono::milliseconds interval,
                std::function<void()> queued);
  // Ends the thread (after the check under way). Idempotent.
  void Stop() { task_.Stop(); }

  // One check, at the clock's time. Thread-safe.
  Status CheckNow();

 private:
  UnitStore& store_;
  const Clock& clock_;
  Logger& logger_;
  const std::function<void()> queued_;
  PeriodicTask task_;  // Last: starts once the rest is ready.
};

}  // namespace hookwarden::notify
