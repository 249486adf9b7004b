// The delivery worker: on a thread of its own, it claims due deliveries
// from the outbox (Store::ClaimDeliveries, one at a time, under a lease so
// that several servers on one database never send a row twice at once),
// builds each request (delivery_request.h), sends it (http_sender.h) and
// records the attempt. It never runs on the ingestion path: events only
// add rows to the outbox, in their own transactions.
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

#include <chrono>
#include <memory>
#include <string>

#include "auth/sealer.h"
#include "common/clock.h"
#include "common/logger.h"
#include "common/periodic_task.h"
#include "notify/backoff.h"
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
};

class DeliveryWorker {
 public:
  // Starts the thread. References must outlive the worker.
  DeliveryWorker(OutboxStore& store, const Clock& clock, Logger& logger,
                 const Secrets& secrets, const auth::Sealer& sealer,
                 DeliveryOptions options);
  // Looks for due deliveries now rather than at the next poll. Thread-safe.
  void Wake() { task_.Wake(); }
  // Ends the thread after the attempt under way. Idempotent.
  void Stop() { task_.Stop(); }

 private:
  // Sends what is due, one delivery at a time, until none is left or the
  // worker stops. Runs on the worker's thread only.
  void RunDue();
  DeliveryOutcome Attempt(const ClaimedDelivery& claimed);
  void Log(const ClaimedDelivery& claimed, const DeliveryOutcome& outcome);

  OutboxStore& store_;
  const Clock& clock_;
  Logger& logger_;
  const Secrets& secrets_;
  const auth::Sealer& sealer_;
  const DeliveryOptions options_;
  HttpSender sender_;
  PeriodicTask task_;  // Last: starts once the rest is ready.
};

}  // namespace hookwarden::notify
