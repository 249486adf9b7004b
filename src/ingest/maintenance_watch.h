// The clock of the maintenance windows: every so often, tells the channels
// of each window that started (maintenance.started) or ended
// (maintenance.ended) since the last look, once each, and restarts the
// no-data and late clocks of the applications a window leaves at its end,
// so that silence in the window is not charged after it. Safe with several
// servers on one database: each notice is claimed once. A window that
// started and ended while no server ran is told both, in order.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "common/clock.h"
#include "common/logger.h"
#include "common/periodic_task.h"
#include "storage/unit_of_work.h"

namespace hookwarden::ingest {

class MaintenanceWatch {
 public:
  // Windows looked at per check (the rest wait for the next).
  static constexpr int kWindowsPerCheck = 100;

  // Checks every `interval`, and calls `wake` after a check that queued
  // notices. References must outlive the watch.
  MaintenanceWatch(
      UnitStore& store, const Clock& clock, Logger& logger,
      std::chrono::milliseconds interval, std::function<void()> wake = [] {});
  // Ends the thread (after the check under way). Idempotent.
  void Stop() { task_.Stop(); }

  // One check at the clock's time, in one transaction: how many notices it
  // queued (started and ended ones). Thread-safe.
  Result<int> CheckNow();

 private:
  UnitStore& store_;
  const Clock& clock_;
  Logger& logger_;
  std::function<void()> wake_;
  PeriodicTask task_;  // Last: starts once the rest is ready.
};

}  // namespace hookwarden::ingest
