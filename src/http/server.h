// The HTTP/1.1 transport: a listener and one session per connection on a
// pool of network threads (Boost.Beast). Sessions read a request under a
// body limit and timeouts, hand it to the Dispatcher, write the answer and
// keep the connection alive when the client wants it.
//
// With a certificate and a key (ServerOptions::tls_*), every connection
// speaks TLS (tls_context.h: TLS 1.2 and 1.3, modern ciphers); a client that
// does not complete the handshake within the header timeout is closed
// unanswered. SIGHUP reads the two files again: new handshakes use them,
// open connections keep theirs; when they cannot be used, the server logs
// why and keeps the previous ones. Without TLS, SIGHUP is logged and
// changes nothing.
//
// Shutdown (SIGINT, SIGTERM, or Stop()): stop accepting, close idle
// connections, let requests in flight finish and answer (with
// "Connection: close"), then return from Run().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/logger.h"
#include "common/status.h"
#include "http/dispatcher.h"
#include "http/http_metrics.h"

namespace hookwarden::http {

// The network threads when none are asked for: one per core less one,
// which the group-commit writer keeps busy under load (more would take
// turns on the cores: bench/ingest on 2 cores spent 15.7 us of CPU per
// event with one, 19.1 us with two), and at least one.
int DefaultIoThreads(unsigned cores = std::thread::hardware_concurrency());

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port.
  int io_threads = 0;    // 0: DefaultIoThreads().
  double header_timeout_seconds =
      10;  // To receive the headers of a first request.
  double idle_timeout_seconds =
      60;  // Between requests on a kept-alive connection.
  double body_timeout_seconds =
      30;  // To receive a body once its headers are in.
  uint64_t body_limit = 1024 * 1024;  // Larger bodies get 413.
  // Paths with a body limit of their own (exact match on the path).
  std::vector<std::pair<std::string, uint64_t>> body_limits_by_path;
  uint32_t header_limit = 16 * 1024;  // Larger headers get 431.
  double drain_timeout_seconds =
      10;  // How long shutdown waits for requests in flight.
  // Bytes of data-plane request bodies in flight at once: from before the
  // body is read until the answer is written (so parsed and queued too). A
  // request that would pass it is answered 503 with Retry-After before its
  // body is read. A body larger than the whole budget is served only when
  // nothing else is in flight. Other requests share a budget of a quarter of
  // it (at least 1 MiB), so a flood of reports never starves logins and the
  // UI.
  uint64_t max_inflight_bytes = 256 * 1024 * 1024;
  // Path prefixes of the data plane (the ingestion routes).
  std::vector<std::string> data_plane_prefixes;
  // Connections served at once; 0: the file-descriptor limit less 256 for
  // the store, the outbox and files. Past it, kControlReserve more are
  // served one control-plane request each (health, metrics, login, the UI;
  // data-plane requests get 503 with Retry-After); past those, a connection
  // is answered 503 and closed at once, without reading it.
  size_t max_connections = 0;
  static constexpr size_t kControlReserve = 64;
  // Called on a network thread each time it has run every handler that was
  // ready and is about to wait for the network, outside any handler.
  // Thread-safe; it delays the thread's next reads as long as it runs (the
  // group-commit writer may commit a small group in it). Empty: nothing is
  // called.
  std::function<void()> on_idle;
  // HTTPS: the certificate (then any intermediates) and its private key, PEM
  // files. Both empty: plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, Dispatcher& dispatcher,
             HttpMetrics& metrics, Logger& logger);
  ~HttpServer();

  // Loads the TLS files when given, binds and listens. Returns the bound
  // address, "host:port". Invalid when the TLS files cannot be used;
  // Unavailable when the address cannot be bound.
  Result<std::string> Listen();
  // Serves until SIGINT, SIGTERM or Stop(), then shuts down as described
  // above. Call once, after Listen().
  void Run();
  // Asks Run() to shut down. Thread-safe.
  void Stop();
  // The connection cap in force (max_connections, or the one derived from
  // the file-descriptor limit).
  size_t max_connections() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hookwarden::http
