// What the API handlers work with. Built once by `serve` and passed to every
// Register*Routes function; every member outlives the server.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "auth/login_limiter.h"
#include "auth/token_hasher.h"
#include "common/clock.h"
#include "common/logger.h"
#include "domain/credentials.h"
#include "http/http_metrics.h"
#include "ingest/event_writer.h"
#include "ingest/rate_limiter.h"
#include "storage/store.h"

namespace hookwarden::api {

struct ApiServices {
  Store& store;
  const Clock& clock;
  const auth::TokenHasher& hasher;
  auth::LoginLimiter& login_limiter;
  Logger& logger;
  http::HttpMetrics& metrics;
  const Credentials& credentials;
  // The base URL of this server as users reach it, for the curl commands
  // handed out with tokens ("http://127.0.0.1:8080").
  std::string public_url;
  // The data plane: the group-commit writer and the per-token rate limit.
  ingest::EventWriter& writer;
  ingest::RateLimiter& token_rate_limiter;
  // Runs work that may block on the worker pool (for inline handlers).
  std::function<void(std::function<void()>)> run_blocking;
  int64_t session_lifetime_millis = 12 * 3600 * 1000;
  // How long the per-minute aggregates are kept: the longest window the
  // figures answer for.
  int64_t aggregate_retention_millis = 400LL * 86'400'000;
};

}  // namespace hookwarden::api
