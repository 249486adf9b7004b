// The clock of the SLOs' burn-rate alerts (domain/burn_alerts.h): every so
// often, computes the report of each application with an SLO and queues
// slo.burn_rate to its channels for each rule that starts to hold and each
// that stops, once each. Which rules fire is kept in the store, so a
// restarted server fires nothing again, and several servers on one database
// fire each change once: the change is decided again under the
// application's lock against what is kept. An application in a maintenance
// window starts no rule (the ones firing may stop); an application whose
// SLO was taken away stops all of its rules.
#pragma once

#include <chrono>
#include <functional>

#include "common/clock.h"
#include "common/logger.h"
#include "common/periodic_task.h"
#include "storage/event_store.h"
#include "storage/unit_of_work.h"

namespace hookwarden::notify {

class SloBurnWatch {
 public:
  // Applications read from the store at a time.
  static constexpr int kApplicationsPerPage = 200;

  // Checks every `interval`, and calls `wake` after a check that queued
  // notices. References must outlive the watch.
  SloBurnWatch(
      UnitStore& units, EventStore& events, const Clock& clock, Logger& logger,
      std::chrono::milliseconds interval, std::function<void()> wake = [] {});
  // Ends the thread (after the check under way). Idempotent.
  void Stop() { task_.Stop(); }

  // One check of every application at the clock's time, one transaction
  // per application whose rules change: how many rules started or stopped.
  // An application that cannot be checked is skipped (the others are all
  // checked) and its error is the answer, once the sweep is done.
  // Thread-safe.
  Result<int> CheckNow();

 private:
  Result<int> CheckOne(const SloCandidate& candidate, int64_t now);

  UnitStore& units_;
  EventStore& events_;
  const Clock& clock_;
  Logger& logger_;
  std::function<void()> wake_;
  PeriodicTask task_;  // Last: starts once the rest is ready.
};

}  // namespace hookwarden::notify
