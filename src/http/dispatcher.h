// Between the connections and the handlers: finds the route, runs the
// handler on a pool of worker threads (handlers may block on the store; the
// network threads never do), and records every answer in the metrics and
// the access log.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <functional>

#include "common/logger.h"
#include "http/http_metrics.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace hookwarden::http {

class Dispatcher {
 public:
  // `router`, `metrics` and `logger` must outlive the dispatcher. Handlers
  // run on `workers` threads; RunBlocking's work on `blocking_workers`
  // threads of its own, so that the control plane (health, login, the UI)
  // never queues behind the data plane's large reports.
  Dispatcher(const Router& router, HttpMetrics& metrics, Logger& logger,
             int workers, int blocking_workers);
  ~Dispatcher();

  // Answers `request`; `done` receives the response exactly once: on a
  // worker thread, or for an inline route on the network thread (or the
  // blocking pool's, or the thread its handler hands the answer to).
  // Thread-safe; returns at once.
  void Dispatch(Request request, std::function<void(Response)> done);

  // Runs `work` on the blocking pool: for inline handlers that find they
  // must block after all (a large batch to parse, a token to look up).
  // Thread-safe.
  void RunBlocking(std::function<void()> work);

  // Waits for every handler already dispatched, then every piece of
  // blocking work, to finish. No Dispatch or RunBlocking after.
  void Drain();

 private:
  const Router& router_;
  HttpMetrics& metrics_;
  Logger& logger_;
  boost::asio::thread_pool workers_;
  boost::asio::thread_pool blocking_;
};

}  // namespace hookwarden::http
