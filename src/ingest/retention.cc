#include "ingest/retention.h"

#include <pthread.h>

#include <chrono>

namespace hookwarden::ingest {

RetentionJob::RetentionJob(Store& store, const Clock& clock, Logger& logger,
                           Store::Retention retention, double interval_seconds)
    : store_(store),
      clock_(clock),
      logger_(logger),
      retention_(retention),
      interval_seconds_(interval_seconds),
      thread_([this] { Run(); }) {}

RetentionJob::~RetentionJob() { Stop(); }

void RetentionJob::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void RetentionJob::Run() {
  pthread_setname_np(pthread_self(), "hw-retention");
  auto interval =
      std::chrono::milliseconds(static_cast<int64_t>(interval_seconds_ * 1000));
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval, [&] { return stopping_; })) {
    lock.unlock();
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
      if (*removed < r.max_rows) break;
      std::lock_guard check(mutex_);
      if (stopping_) break;
    }
    store_.DeleteExpiredLoginSessions(r.now);
    if (total > 0) logger_.Info("retention pass", {{"rows_removed", total}});
    lock.lock();
  }
}

}  // namespace hookwarden::ingest
