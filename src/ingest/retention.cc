#include "ingest/retention.h"

namespace hookwarden::ingest {

RetentionJob::RetentionJob(Store& store, const Clock& clock, Logger& logger,
                           Store::Retention retention, double interval_seconds)
    : store_(store),
      clock_(clock),
      logger_(logger),
      retention_(retention),
      task_("hw-retention",
            std::chrono::milliseconds(
                static_cast<int64_t>(interval_seconds * 1000)),
            [this] { Pass(); }) {}

void RetentionJob::Pass() {
  Store::Retention r = retention_;
  r.now = clock_.NowMillis();
  int64_t total = 0;
  while (true) {
    auto removed = store_.PruneEvents(r);
    if (!removed.ok()) {
      logger_.Warn("retention pass failed",
                   {{"error", removed.status().message()}});
      break;
    }
    total += *removed;
    if (*removed < r.max_rows || task_.stopping()) break;
  }
  auto sessions = store_.DeleteExpiredLoginSessions(r.now);
  if (!sessions.ok()) {
    logger_.Warn("retention pass failed to delete expired login sessions",
                 {{"error", sessions.status().message()}});
  }
  if (total > 0) logger_.Info("retention pass", {{"rows_removed", total}});
}

}  // namespace hookwarden::ingest
