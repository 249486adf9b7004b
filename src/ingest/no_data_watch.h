// The clock of the no-data, late and run_too_long rules: every so often,
// opens the no-data, late and run_too_long incidents that have come due
// (none for an application in maintenance, whose clocks start again
// instead). Everything it needs is in the store (each application's last
// arrival, its schedule and its open incident), so a restarted server opens
// what came due while it was down, at the time it came due. Safe with
// several servers on one database: each incident opens once, as the
// candidates are checked again under their applications' locks.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "common/clock.h"
#include "common/logger.h"
#include "common/periodic_task.h"
#include "domain/incident_tracker.h"
#include "storage/unit_of_work.h"

namespace hookwarden::ingest {

class NoDataWatch {
 public:
  // Checks every `interval`. References must outlive the watch.
  NoDataWatch(UnitStore& store, const Clock& clock, Logger& logger,
              std::chrono::milliseconds interval);
  // Ends the thread (after the check under way). Idempotent.
  void Stop() { task_.Stop(); }

  // One check, at the clock's time: what it opened, in one transaction.
  // Thread-safe.
  Result<std::vector<Incident>> CheckNow();

  // How many checks have ended, failed ones too (for /metrics: a count that
  // stops growing is a watch that stopped). Thread-safe.
  uint64_t checks() const { return checks_.load(); }

 private:
  UnitStore& store_;
  const Clock& clock_;
  Logger& logger_;
  IncidentTracker tracker_;
  std::atomic<uint64_t> checks_{0};
  PeriodicTask task_;  // Last: starts once the rest is ready.
};

}  // namespace hookwarden::ingest
