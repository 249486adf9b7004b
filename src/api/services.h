// What the API handlers work with. Built once by `serve` and passed to every
// Register*Routes function; every member outlives the server.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "auth/login_limiter.h"
#include "auth/sealer.h"
#include "auth/token_hasher.h"
#include "common/clock.h"
#include "common/logger.h"
#include "http/http_metrics.h"
#include "http/trusted_proxies.h"
#include "ingest/pipeline.h"
#include "notify/test_send_limits.h"
#include "services/credentials.h"
#include "services/incident_desk.h"
#include "services/secrets.h"
#include "storage/store.h"

namespace hookwarden::api {

// What the background jobs have done, for /metrics.
struct JobStats {
  uint64_t no_data_checks = 0;
  uint64_t delivery_passes = 0;
  int deliveries_in_flight = 0;
};

struct ApiServices {
  Store& store;
  const Clock& clock;
  const auth::TokenHasher& hasher;
  auth::LoginLimiter& login_limiter;
  Logger& logger;
  http::HttpMetrics& metrics;
  const Credentials& credentials;
  const Secrets& secrets;
  // The base URL of this server as users reach it, for the curl commands
  // handed out with tokens ("http://127.0.0.1:8080").
  std::string public_url;
  // The data plane's one route (hits, failures, batches, deploys).
  ingest::Pipeline& pipeline;
  // Acknowledging and resolving incidents.
  const IncidentDesk& incidents;
  // The sealer of the channels' signing secrets.
  const auth::Sealer& sealer;
  // How often a channel's test event may be sent.
  notify::TestSendLimits& test_sends;
  int64_t session_lifetime_millis = 12 * 3600 * 1000;
  // How long the per-minute aggregates are kept: the longest window the
  // figures answer for.
  int64_t aggregate_retention_millis = 400LL * 86'400'000;
  // Notification channels: whether they may point at private addresses,
  // and a nudge that makes the delivery worker look for due deliveries at
  // once.
  bool allow_private_targets = false;
  std::function<void()> wake_deliveries = [] {};
  // The no-data watch's and the delivery worker's counts. Thread-safe.
  std::function<JobStats()> job_stats = [] { return JobStats{}; };
  // The server itself speaks HTTPS (--tls-cert).
  bool serves_tls = false;
  // The reverse proxies whose X-Forwarded-For names a login's client.
  http::TrustedProxies trusted_proxies{};
};

}  // namespace hookwarden::api
