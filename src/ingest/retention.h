// Removes what has outlived its retention (old failures, hits beyond the
// newest kept events, old aggregates and idempotency keys), on a thread of
// its own, a few thousand rows per transaction, so that ingestion never
// waits for it for long.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "common/logger.h"
#include "storage/store.h"

namespace hookwarden::ingest {

class RetentionJob {
 public:
  // Prunes every `interval_seconds`, with `retention`'s windows (its `now` is
  // taken from `clock` at each run). References must outlive the job.
  RetentionJob(Store& store, const Clock& clock, Logger& logger,
               Store::Retention retention, double interval_seconds);
  ~RetentionJob();
  // Ends the thread (after the pass under way). Idempotent.
  void Stop();

 private:
  void Run();

  Store& store_;
  const Clock& clock_;
  Logger& logger_;
  Store::Retention retention_;
  const double interval_seconds_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace hookwarden::ingest
