// Removes what has outlived its retention (old failures, hits beyond the
// newest kept events, old aggregates, resolved incidents and idempotency
// keys), on a thread of its own, a few thousand rows per transaction, so
// that ingestion never waits for it for long.
#pragma once

#include "common/clock.h"
#include "common/logger.h"
#include "common/periodic_task.h"
#include "storage/store.h"

namespace hookwarden::ingest {

class RetentionJob {
 public:
  // Prunes every `interval_seconds`, with `retention`'s windows (its `now` is
  // taken from `clock` at each run). References must outlive the job.
  RetentionJob(Store& store, const Clock& clock, Logger& logger,
               Store::Retention retention, double interval_seconds);
  // Ends the thread (after the pass under way). Idempotent.
  void Stop() { task_.Stop(); }

 private:
  void Pass();

  Store& store_;
  const Clock& clock_;
  Logger& logger_;
  Store::Retention retention_;
  PeriodicTask task_;  // Last: starts once the rest is ready.
};

}  // namespace hookwarden::ingest
