// Between the connections and the handlers: finds the route, runs the
// handler on a pool of worker threads (handlers may block on the store; the
// network threads do not wait on it, see ingest/event_writer.h), and records
// every answer in the metrics and the access log.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "common/logger.h"
#include "http/http_metrics.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace hookwarden::http {

class Dispatcher {
 public:
  // A request's path as the access log and errors may show it: with any
  // secret it carries (a ping URL's key) taken out. Pure and thread-safe.
  using PathRedactor = std::function<std::string(std::string_view path)>;

  // `router`, `metrics` and `logger` must outlive the dispatcher. Handlers
  // run on `workers` threads; RunBlocking's work on `blocking_workers`
  // threads of its own, so that the control plane (health, login, the UI)
  // never queues behind the data plane's large reports. Every path the
  // dispatcher logs or names in an error goes through `redact_path`.
  Dispatcher(const Router& router, HttpMetrics& metrics, Logger& logger,
             int workers, int blocking_workers, PathRedactor redact_path);
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
  PathRedactor redact_path_;
  boost::asio::thread_pool workers_;
  boost::asio::thread_pool blocking_;
};

}  // namespace hookwarden::http
