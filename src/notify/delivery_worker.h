// The delivery worker: a dispatching thread claims due deliveries from the
// outbox (Store::ClaimDeliveries, under a lease so that several servers on
// one database never send a row twice at once) and hands each to one of a
// fixed set of sending threads, which builds the request
// (delivery_request.h), sends it (http_sender.h) and records the attempt.
// It never runs on the ingestion path: events only add rows to the outbox,
// in their own transactions.
//
// Deliveries run concurrently within bounds (delivery_bounds.h): at most
// `limits.global` in flight (the number of sending threads), and per
// organization and per channel their own share. The worker claims only what
// its bounds let start at once, so it never holds a delivery it cannot send:
// a receiver that hangs until the timeout slows its own channel only, and
// another organization's deliveries go out meanwhile.
//
// Outcomes: a 2xx answer delivers; a network failure, a timeout or a 5xx
// (any answer outside 2xx-4xx) is tried again after an exponential backoff
// with jitter (backoff.h), for up to a day after the delivery was created;
// a 3xx (redirects are not followed), a 4xx, a refused target or a request
// that cannot be built (a secret deleted since) fails at once. Every
// recorded text has the secrets' values and the signing secret redacted,
// and nothing about a delivery but its ids, status and redacted error is
// logged.
//
// A restart resumes: pending rows are picked up when due, and a row whose
// worker died mid-attempt once its lease ends.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "auth/sealer.h"
#include "common/clock.h"
#include "common/logger.h"
#include "common/periodic_task.h"
#include "notify/backoff.h"
#include "notify/delivery_bounds.h"
#include "notify/http_sender.h"
#include "services/secrets.h"
#include "storage/outbox_store.h"

namespace hookwarden::notify {

struct DeliveryOptions {
  BackoffPolicy backoff;
  std::chrono::milliseconds poll_interval{500};
  SendOptions send;  // Timeout and whether private targets are allowed.
  // Verifies https receivers (http::MakeClientTlsContext); null: the
  // system's trust store alone.
  std::shared_ptr<boost::asio::ssl::context> tls;
  DeliveryLimits limits;
};

class DeliveryWorker {
 public:
  // Starts the threads. References must outlive the worker.
  DeliveryWorker(OutboxStore& store, const Clock& clock, Logger& logger,
                 const Secrets& secrets, const auth::Sealer& sealer,
                 DeliveryOptions options);
  ~DeliveryWorker();
  // Looks for due deliveries now rather than at the next poll. Thread-safe.
  void Wake() { task_.Wake(); }

  // What the worker has done, for /metrics.
  struct Stats {
    // Times it has looked for due deliveries and started what it could.
    uint64_t passes = 0;
    // Deliveries claimed whose attempt is not recorded yet.
    int in_flight = 0;
  };
  // Thread-safe. A delivery started by a pass counted in `passes` is in
  // `in_flight` until its attempt is recorded.
  Stats stats() const;
  // Ends the threads after the attempts under way. Idempotent.
  void Stop();

 private:
  // Starts what is due, as far as the bounds allow, until nothing more can
  // start or the worker stops. Runs on the dispatching thread only.
  void RunDue();
  // A sending thread: takes handed-over deliveries until stopped.
  void Send();
  // Sends one delivery and records the attempt; then frees its place.
  void Deliver(HttpSender& sender, const ClaimedDelivery& claimed);
  DeliveryOutcome Attempt(HttpSender& sender, const ClaimedDelivery& claimed);
  void Log(const ClaimedDelivery& claimed, const DeliveryOutcome& outcome);

  OutboxStore& store_;
  const Clock& clock_;
  Logger& logger_;
  const Secrets& secrets_;
  const auth::Sealer& sealer_;
  const DeliveryOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable handed_;
  DeliveryBounds bounds_;                // Guarded by mutex_.
  std::deque<ClaimedDelivery> waiting_;  // Guarded by mutex_; never more
                                         // than the idle sending threads.
  bool stopping_ = false;                // Guarded by mutex_.
  std::vector<std::thread> senders_;
  std::atomic<uint64_t> passes_{0};
  PeriodicTask task_;  // Last: starts once the rest is ready.
};

}  // namespace hookwarden::notify
