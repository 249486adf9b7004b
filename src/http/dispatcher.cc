#include "http/dispatcher.h"

#include <boost/asio/post.hpp>
#include <chrono>
#include <memory>

namespace hookwarden::http {
namespace {

std::string_view MethodLabel(std::string_view method) {
  for (std::string_view known :
       {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    if (method == known) return known;
  }
  return "OTHER";
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, HttpMetrics& metrics,
                       Logger& logger, int workers, int blocking_workers,
                       PathRedactor redact_path)
    : router_(router),
      metrics_(metrics),
      logger_(logger),
      redact_path_(std::move(redact_path)),
      workers_(workers),
      blocking_(blocking_workers) {}

Dispatcher::~Dispatcher() { Drain(); }

void Dispatcher::Drain() {
  workers_.join();
  blocking_.join();
}

void Dispatcher::RunBlocking(std::function<void()> work) {
  boost::asio::post(blocking_, std::move(work));
}

void Dispatcher::Dispatch(Request request, std::function<void(Response)> done) {
  auto started = std::chrono::steady_clock::now();
  Router::Match match = router_.Find(request.method, request.path);
  request.route =
      match.route.empty() ? std::string_view("unmatched") : match.route;
  request.params = std::move(match.params);

  // Everything the access log needs, kept apart from the request that the
  // handler consumes. Never the query string, headers or body: they may hold
  // credentials.
  // The data plane's inline routes answer tens of thousands of requests a
  // second: their successes are counted in the metrics, not logged one by
  // one; their refusals are logged like every other request. The path is
  // redacted only for the log.
  bool quiet_success = match.inline_handler;
  auto finish = [this, started, quiet_success,
                 method = MethodLabel(request.method), route = request.route,
                 path = request.path,
                 // The data plane's handlers never read it: theirs moves.
                 id = match.inline_handler ? std::move(request.request_id)
                                           : request.request_id,
                 remote = request.remote_address,
                 done = std::move(done)](Response response) mutable {
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - started)
                         .count();
    metrics_.Record(method, route, response.status, seconds);
    if (quiet_success && response.status < 400) {
      response.request_id = std::move(id);
      return done(std::move(response));
    }
    logger_.Info("request", {{"request_id", id},
                             {"method", method},
                             {"route", route},
                             {"path", redact_path_(path)},
                             {"status", response.status},
                             {"duration_ms", seconds * 1000},
                             {"remote", remote}});
    response.request_id = std::move(id);
    done(std::move(response));
  };

  if (match.handler == nullptr) {
    std::string path_shown = redact_path_(request.path);
    Response r =
        match.allow.empty()
            ? ErrorResponse(Status::NotFound(
                  "no such route: " + request.method + " " + path_shown))
            : ErrorResponse(Status::MethodNotAllowed(
                  request.method +
                  " is not allowed here; allowed: " + match.allow));
    if (!match.allow.empty()) r.headers.emplace_back("Allow", match.allow);
    finish(std::move(r));
    return;
  }
  const Handler* handler = match.handler;
  if (match.inline_handler) {
    (*handler)(request, std::move(finish));
    return;
  }
  auto shared = std::make_shared<Request>(std::move(request));
  boost::asio::post(
      workers_, [handler, shared, finish = std::move(finish)]() mutable {
        (*handler)(*shared, [shared, finish = std::move(finish)](
                                Response r) mutable { finish(std::move(r)); });
      });
}

}  // namespace hookwarden::http
