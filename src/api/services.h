// What the API handlers work with. Built once by `serve` and passed to every
// Register*Routes function; every member outlives the server.
#pragma once

#include <cstdint>

#include "auth/login_limiter.h"
#include "auth/token_hasher.h"
#include "common/clock.h"
#include "common/logger.h"
#include "http/http_metrics.h"
#include "storage/store.h"

namespace hookwarden::api {

struct ApiServices {
  Store& store;
  const Clock& clock;
  const auth::TokenHasher& hasher;
  auth::LoginLimiter& login_limiter;
  Logger& logger;
  http::HttpMetrics& metrics;
  int64_t session_lifetime_millis = 12 * 3600 * 1000;
};

}  // namespace hookwarden::api
