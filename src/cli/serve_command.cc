// `hookwarden serve`: wires the server together and runs it until SIGTERM.
#include <sys/stat.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "api/routes.h"
#include "api/services.h"
#include "auth/login_limiter.h"
#include "auth/master_key.h"
#include "auth/sealer.h"
#include "auth/token_hasher.h"
#include "auth/token_redaction.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "cli/store_flags.h"
#include "common/allocator.h"
#include "common/clock.h"
#include "common/logger.h"
#include "common/periodic_task.h"
#include "http/dispatcher.h"
#include "http/http_metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/tls_context.h"
#include "http/trusted_proxies.h"
#include "ingest/event_writer.h"
#include "ingest/grants.h"
#include "ingest/maintenance_watch.h"
#include "ingest/no_data_watch.h"
#include "ingest/pipeline.h"
#include "ingest/rate_limiter.h"
#include "ingest/report_committer.h"
#include "ingest/report_parsers.h"
#include "ingest/retention.h"
#include "notify/delivery_worker.h"
#include "notify/flapping_watch.h"
#include "notify/slo_burn_watch.h"
#include "notify/test_send_limits.h"
#include "services/credentials.h"
#include "services/incident_desk.h"
#include "services/secrets.h"
#include "services/token_hash_key.h"

namespace hookwarden::cli {
namespace {

struct ServeFlags {
  StoreFlags store;
  std::string listen = "127.0.0.1:8080";
  std::string sync = "normal";
  std::string public_url;       // Empty: http(s)://<bound address>
  std::string cacert;           // A private CA for https deliveries, with the
                                // system's trust store.
  std::string trusted_proxies;  // Addresses and networks, comma-separated.
  double token_rate_limit = 1000;  // Requests a second per API token; 0: off.
  int failure_retention_days = 30;
  int aggregate_retention_days = 400;
  double retention_interval_seconds = 60;
  int workers = 8;
  int report_workers = 2;
  size_t max_queued_events = 200'000;
  int commit_delay_us = 200;
  http::ServerOptions server;
  // Notification channels.
  bool allow_private_targets = false;
  int64_t delivery_retry_base_ms = 10'000;
  int64_t delivery_retry_cap_ms = 3'600'000;
  int64_t delivery_poll_ms = 500;
  int64_t slo_check_ms = 30'000;  // How often the burn-rate rules are checked.
  int64_t delivery_timeout_ms = 10'000;
  notify::DeliveryLimits delivery_limits;
  notify::TestSendQuota test_sends;
};

// "host:port" or "[v6]:port" into the server options.
Status ParseListen(const std::string& listen, http::ServerOptions& options) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::Invalid("listen", "--listen must be HOST:PORT");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  const char* first = listen.data() + colon + 1;
  const char* last = listen.data() + listen.size();
  auto [end, ec] = std::from_chars(first, last, port);
  if (ec != std::errc() || end != last || first == last || port > 65535) {
    return Status::Invalid(
        "listen", "--listen must be HOST:PORT with a port from 0 to 65535");
  }
  options.host = host;
  options.port = static_cast<uint16_t>(port);
  return Status::Ok();
}

// Where users reach a server listening on `address`: the address itself,
// with a wildcard host replaced by the loopback address, in https when the
// server speaks TLS.
std::string DefaultPublicUrl(const std::string& address, bool tls) {
  std::string host_port = address;
  if (host_port.rfind("0.0.0.0:", 0) == 0)
    host_port = "127.0.0.1" + host_port.substr(7);
  if (host_port.rfind("[::]:", 0) == 0)
    host_port = "[::1]" + host_port.substr(4);
  return (tls ? "https://" : "http://") + host_port;
}

int Fail(Logger& logger, std::string_view what, const Status& status) {
  logger.Error(what, {{"error", status.message()}});
  logger.Flush();
  std::cerr << "hookwarden: " << what << ": " << status.message() << "\n";
  return 1;
}

// Warns when the data directory lets other users in: it holds password
// hashes, audit entries and messages. (A directory this binary creates is
// 0700: main sets the umask.)
void WarnIfDataDirectoryIsOpen(const std::filesystem::path& data,
                               Logger& logger) {
  struct stat st {};
  if (stat(data.c_str(), &st) != 0) return;
  if ((st.st_mode & 077) == 0) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
  logger.Warn("the data directory is open to other users; run chmod 700 on it",
              {{"path", data.string()}, {"mode", mode}});
}

// Fails when master.key is missing although `store` already holds keys
// sealed under a master key: a new key would not open them, and creating it
// would hide that the file is missing.
Status KeepMissingMasterKeyMissing(const std::filesystem::path& data,
                                   Store& store) {
  if (auth::MasterKeysFromEnvironment()) return Status::Ok();
  auto file = auth::ReadMasterKeyFile(data);
  if (file.ok() || file.status().code() != ErrorCode::kNotFound) {
    return Status::Ok();
  }
  auto sealed = store.GetSetting(auth::kTokenHashKeySetting);
  if (sealed.status().code() == ErrorCode::kNotFound) return Status::Ok();
  if (!sealed.ok()) return sealed.status();
  return Status::NotFound(
      "master.key is missing from " + data.string() +
      " but this store holds keys sealed under a master key: restore the "
      "file (or set HOOKWARDEN_MASTER_KEY); no new key was created");
}

int Serve(const ServeFlags& flags_in) {
  ServeFlags flags = flags_in;
  Logger logger;
  SystemClock clock;
  Status listen_ok = ParseListen(flags.listen, flags.server);
  if (!listen_ok.ok()) return Fail(logger, "bad --listen", listen_ok);
  flags.store.sync_full = flags.sync == "full";
  flags.store.checkpoints = true;  // Commands leave the log to the server.
  const bool tls = !flags.server.tls_cert_file.empty();
  if (tls != !flags.server.tls_key_file.empty()) {
    return Fail(logger, "bad TLS flags",
                Status::Invalid("tls",
                                "--tls-cert and --tls-key go together (or "
                                "HOOKWARDEN_TLS_CERT and HOOKWARDEN_TLS_KEY)"));
  }
  // https deliveries trust the system's CAs, and --cacert's.
  auto outbound_tls = http::MakeClientTlsContext(flags.cacert);
  if (!outbound_tls.ok())
    return Fail(logger, "bad --cacert", outbound_tls.status());

  // Keys from the file follow it, so that `admin rotate-master-key` needs no
  // restart; keys from the environment cannot change. The watcher looks at
  // the file before it is read, so no change between the two goes unseen.
  std::optional<auth::MasterKeyFileWatcher> key_file;
  auth::Sealer::Reload reload_keys;
  if (!auth::MasterKeysFromEnvironment()) {
    key_file.emplace(flags.store.data);
    reload_keys = [&key_file] { return key_file->ReloadIfChanged(); };
  }
  auto store = flags.store.Open();
  if (!store.ok()) return Fail(logger, "cannot open the store", store.status());
  WarnIfDataDirectoryIsOpen(flags.store.data, logger);
  Status key_kept = KeepMissingMasterKeyMissing(flags.store.data, **store);
  if (!key_kept.ok())
    return Fail(logger, "cannot load the master key", key_kept);
  auto master_keys = auth::LoadOrCreateMasterKeys(flags.store.data);
  if (!master_keys.ok())
    return Fail(logger, "cannot load the master key", master_keys.status());
  auth::Sealer sealer(*std::move(master_keys), reload_keys);
  auto hash_key = auth::LoadOrCreateTokenHashKey(**store, sealer);
  if (!hash_key.ok())
    return Fail(logger, "cannot load the token key", hash_key.status());
  Status bootstrapped = BootstrapFirstRun(**store, clock, std::cerr);
  if (!bootstrapped.ok())
    return Fail(logger, "cannot create the first user", bootstrapped);

  auth::TokenHasher hasher(*hash_key);
  auth::LoginLimiter login_limiter(clock);
  // Failed logins leave the table when they leave the window.
  PeriodicTask login_sweep("hw-login-sweep", std::chrono::seconds(60),
                           [&login_limiter] { login_limiter.Sweep(); });
  auto trusted_proxies = http::TrustedProxies::Parse(flags.trusted_proxies);
  if (!trusted_proxies.ok())
    return Fail(logger, "bad --trusted-proxies", trusted_proxies.status());
  http::HttpMetrics metrics;
  Credentials credentials(**store, hasher, sealer, clock);
  Secrets secrets(**store, sealer);
  ingest::ReportCommitter committer(**store, clock);
  ingest::EventWriter writer(committer, logger, 50'000, flags.max_queued_events,
                             std::chrono::microseconds(flags.commit_delay_us));
  ingest::Grants grants(**store, **store, hasher, clock);
  IncidentDesk incidents(**store);
  ingest::RateLimiter token_rate_limiter(clock, flags.token_rate_limit,
                                         2 * flags.token_rate_limit);
  Store::Retention retention;
  retention.failures_millis = flags.failure_retention_days * 86'400'000LL;
  retention.aggregates_millis = flags.aggregate_retention_days * 86'400'000LL;
  ingest::RetentionJob retention_job(**store, clock, logger, retention,
                                     flags.retention_interval_seconds);
  ingest::NoDataWatch no_data_watch(**store, clock, logger,
                                    std::chrono::seconds(1));
  notify::DeliveryOptions delivery;
  delivery.backoff.base_millis = flags.delivery_retry_base_ms;
  delivery.backoff.cap_millis = flags.delivery_retry_cap_ms;
  delivery.poll_interval = std::chrono::milliseconds(flags.delivery_poll_ms);
  delivery.send.timeout = std::chrono::milliseconds(flags.delivery_timeout_ms);
  delivery.send.allow_private_targets = flags.allow_private_targets;
  delivery.tls = *outbound_tls;
  delivery.limits = flags.delivery_limits;
  notify::TestSendLimits test_sends(clock, flags.test_sends);
  notify::DeliveryWorker delivery_worker(**store, clock, logger, secrets,
                                         sealer, delivery);
  http::Dispatcher* dispatcher_slot = nullptr;
  ingest::Pipeline pipeline(grants, token_rate_limiter, writer, clock, logger,
                            [&dispatcher_slot](std::function<void()> work) {
                              dispatcher_slot->RunBlocking(std::move(work));
                            });
  api::ApiServices services{
      **store,   clock,       hasher,    login_limiter,    logger,
      metrics,   credentials, secrets,   flags.public_url, pipeline,
      incidents, sealer,      test_sends};
  services.aggregate_retention_millis = retention.aggregates_millis;
  services.allow_private_targets = flags.allow_private_targets;
  services.serves_tls = tls;
  services.trusted_proxies = *trusted_proxies;
  services.wake_deliveries = [&delivery_worker] { delivery_worker.Wake(); };
  services.job_stats = [&no_data_watch, &delivery_worker] {
    notify::DeliveryWorker::Stats deliveries = delivery_worker.stats();
    return api::JobStats{no_data_watch.checks(), deliveries.passes,
                         deliveries.in_flight};
  };
  notify::FlappingWatch flapping_watch(
      **store, clock, logger, std::chrono::seconds(5),
      [&delivery_worker] { delivery_worker.Wake(); });
  ingest::MaintenanceWatch maintenance_watch(
      **store, clock, logger, std::chrono::seconds(1),
      [&delivery_worker] { delivery_worker.Wake(); });
  notify::SloBurnWatch slo_burn_watch(
      **store, **store, clock, logger,
      std::chrono::milliseconds(flags.slo_check_ms),
      [&delivery_worker] { delivery_worker.Wake(); });
  http::Router router;
  api::RegisterAllRoutes(router, services);
  http::Dispatcher dispatcher(router, metrics, logger, flags.workers,
                              flags.report_workers, auth::RedactTokens);
  dispatcher_slot = &dispatcher;
  flags.server.body_limits_by_path = {
      {"/api/v1/events", ingest::kMaxBatchBytes}};
  flags.server.data_plane_prefixes = ingest::Pipeline::PathPrefixes();
  flags.server.on_idle = [&writer] { writer.Idle(); };
  http::HttpServer server(flags.server, dispatcher, metrics, logger);
  auto address = server.Listen();
  if (!address.ok()) return Fail(logger, "cannot listen", address.status());
  if (services.public_url.empty())
    services.public_url = DefaultPublicUrl(*address, tls);
  while (services.public_url.ends_with('/')) services.public_url.pop_back();
  logger.Info("listening",
              {{"address", *address},
               {"database", flags.store.database.empty() ? "sqlite (data dir)"
                            : IsPostgresUrl(flags.store.database) ? "postgresql"
                                                                  : "sqlite"},
               {"data", flags.store.data},
               {"public_url", services.public_url},
               {"tls", tls},
               {"allow_private_targets", flags.allow_private_targets},
               {"max_connections", server.max_connections()},
               {"max_inflight_bytes", flags.server.max_inflight_bytes},
               {"allocator_thread_cache_bytes", AllocatorCacheLimit()},
               {"version", HOOKWARDEN_VERSION}});
  server.Run();
  dispatcher.Drain();
  writer.Stop();
  retention_job.Stop();
  no_data_watch.Stop();
  flapping_watch.Stop();
  maintenance_watch.Stop();
  slo_burn_watch.Stop();
  delivery_worker.Stop();
  logger.Info("stopped");
  logger.Flush();
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* command = app.add_subcommand("serve", "Run the hookwarden server");
  flags->store.AddTo(*command);
  command
      ->add_option("--listen", flags->listen, "Address to listen on, HOST:PORT")
      ->envname("HOOKWARDEN_LISTEN")
      ->capture_default_str();
  command
      ->add_option("--trusted-proxies", flags->trusted_proxies,
                   "Reverse proxies (addresses or CIDR networks, "
                   "comma-separated) whose X-Forwarded-For names the client "
                   "of a login; by default the header is ignored")
      ->envname("HOOKWARDEN_TRUSTED_PROXIES");
  command
      ->add_option("--public-url", flags->public_url,
                   "The base URL users reach this server at, as in the curl "
                   "commands it hands out (https: marks the session cookie "
                   "Secure); default http://<listen address>, or https:// "
                   "with --tls-cert")
      ->envname("HOOKWARDEN_PUBLIC_URL")
      ->check([](const std::string& url) -> std::string {
        if (url.starts_with("http://") || url.starts_with("https://"))
          return "";
        return "--public-url must begin with http:// or https://";
      });
  command
      ->add_option("--tls-cert", flags->server.tls_cert_file,
                   "Serve HTTPS with this certificate (PEM: the certificate, "
                   "then any intermediates); needs --tls-key. SIGHUP reads "
                   "both files again")
      ->envname("HOOKWARDEN_TLS_CERT");
  command
      ->add_option("--tls-key", flags->server.tls_key_file,
                   "The private key of --tls-cert (PEM, unencrypted)")
      ->envname("HOOKWARDEN_TLS_KEY");
  command
      ->add_option("--cacert", flags->cacert,
                   "A CA certificate file (PEM) that notification channels' "
                   "https receivers may also be signed by, besides the "
                   "system's trust store")
      ->envname("HOOKWARDEN_CACERT");
  command
      ->add_option("--token-rate-limit", flags->token_rate_limit,
                   "Requests a second each API token may send (bursts of twice "
                   "as many); 0 turns the limit off")
      ->envname("HOOKWARDEN_TOKEN_RATE_LIMIT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command
      ->add_option("--failure-retention-days", flags->failure_retention_days,
                   "Days a failure is kept with its message")
      ->envname("HOOKWARDEN_FAILURE_RETENTION_DAYS")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  command
      ->add_option("--aggregate-retention-days",
                   flags->aggregate_retention_days,
                   "Days the per-minute aggregates are kept")
      ->envname("HOOKWARDEN_AGGREGATE_RETENTION_DAYS")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  command
      ->add_option("--retention-interval", flags->retention_interval_seconds,
                   "Seconds between two passes that remove what outlived its "
                   "retention")
      ->envname("HOOKWARDEN_RETENTION_INTERVAL")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option(
          "--sync", flags->sync,
          "normal: commits survive a process crash; full: also a power loss")
      ->envname("HOOKWARDEN_SYNC")
      ->check(CLI::IsMember({"normal", "full"}))
      ->capture_default_str();
  command
      ->add_option("--workers", flags->workers,
                   "Threads that run request handlers")
      ->envname("HOOKWARDEN_WORKERS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command
      ->add_option("--report-workers", flags->report_workers,
                   "Threads of their own for reports that cannot be answered "
                   "on the network thread (large batches, tokens not yet "
                   "cached), so that the control plane never waits behind "
                   "them")
      ->envname("HOOKWARDEN_REPORT_WORKERS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  command
      ->add_option("--io-threads", flags->server.io_threads,
                   "Network threads (0: one per core less one, which the "
                   "group-commit writer keeps busy under load; at least one)")
      ->envname("HOOKWARDEN_IO_THREADS")
      ->check(CLI::Range(0, 256));
  command
      ->add_option("--header-timeout", flags->server.header_timeout_seconds,
                   "Seconds a new connection has to send its request headers")
      ->envname("HOOKWARDEN_HEADER_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--idle-timeout", flags->server.idle_timeout_seconds,
                   "Seconds an idle kept-alive connection stays open")
      ->envname("HOOKWARDEN_IDLE_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--body-timeout", flags->server.body_timeout_seconds,
                   "Seconds a client has to send a request body")
      ->envname("HOOKWARDEN_BODY_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--max-inflight-bytes", flags->server.max_inflight_bytes,
                   "Bytes of report bodies in flight at once (read, parsed, "
                   "queued); past it reports get 503 with Retry-After before "
                   "their body is read. Other requests have a quarter of it")
      ->envname("HOOKWARDEN_MAX_INFLIGHT_BYTES")
      ->check(CLI::Range(uint64_t{64 * 1024}, uint64_t{1} << 40))
      ->capture_default_str();
  command
      ->add_option("--max-connections", flags->server.max_connections,
                   "Connections served at once (0: the file-descriptor limit "
                   "less 256); past it 64 more get control-plane requests "
                   "only, and the rest 503 at once")
      ->envname("HOOKWARDEN_MAX_CONNECTIONS")
      ->check(CLI::Range(size_t{0}, size_t{10'000'000}))
      ->capture_default_str();
  command
      ->add_option("--commit-delay-us", flags->commit_delay_us,
                   "Microseconds a small group of reports waits at most "
                   "for more before its commit while reports keep coming; "
                   "it goes as soon as the network threads have nothing "
                   "more to read (0: commits at once)")
      ->envname("HOOKWARDEN_COMMIT_DELAY_US")
      ->check(CLI::Range(0, 100'000))
      ->capture_default_str();
  command
      ->add_option("--max-queued-events", flags->max_queued_events,
                   "Events that may wait for the writer's commit; past it "
                   "reports get 503 with Retry-After")
      ->envname("HOOKWARDEN_MAX_QUEUED_EVENTS")
      ->check(CLI::Range(size_t{1}, size_t{100'000'000}))
      ->capture_default_str();
  command
      ->add_flag("--allow-private-targets", flags->allow_private_targets,
                 "Let notification channels reach loopback, private and "
                 "link-local addresses (off: such targets are refused)")
      ->envname("HOOKWARDEN_ALLOW_PRIVATE_TARGETS");
  // Delivery timings, for tests and for tuning; documented in docs/api.md.
  command
      ->add_option("--delivery-retry-base-ms", flags->delivery_retry_base_ms,
                   "Delay before the first retry of a failed delivery; each "
                   "retry doubles it")
      ->envname("HOOKWARDEN_DELIVERY_RETRY_BASE_MS")
      ->check(CLI::Range(int64_t{1}, int64_t{3'600'000}))
      ->group("");
  command
      ->add_option("--delivery-retry-cap-ms", flags->delivery_retry_cap_ms,
                   "Longest delay between two attempts of a delivery")
      ->envname("HOOKWARDEN_DELIVERY_RETRY_CAP_MS")
      ->check(CLI::Range(int64_t{1}, int64_t{86'400'000}))
      ->group("");
  command
      ->add_option("--delivery-poll-ms", flags->delivery_poll_ms,
                   "How often the delivery worker looks for due deliveries")
      ->envname("HOOKWARDEN_DELIVERY_POLL_MS")
      ->check(CLI::Range(int64_t{10}, int64_t{60'000}))
      ->group("");
  command
      ->add_option("--slo-check-ms", flags->slo_check_ms,
                   "How often the SLOs' burn-rate rules are checked")
      ->envname("HOOKWARDEN_SLO_CHECK_MS")
      ->check(CLI::Range(int64_t{100}, int64_t{3'600'000}))
      ->group("");
  command
      ->add_option("--delivery-timeout-ms", flags->delivery_timeout_ms,
                   "Time a delivery's request has to be answered")
      ->envname("HOOKWARDEN_DELIVERY_TIMEOUT_MS")
      ->check(CLI::Range(int64_t{100}, int64_t{60'000}))
      ->group("");
  command
      ->add_option("--deliveries-in-flight", flags->delivery_limits.global,
                   "Deliveries sent at once, in all")
      ->envname("HOOKWARDEN_DELIVERIES_IN_FLIGHT")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command
      ->add_option("--deliveries-per-organization",
                   flags->delivery_limits.per_organization,
                   "Deliveries of one organization sent at once")
      ->envname("HOOKWARDEN_DELIVERIES_PER_ORGANIZATION")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command
      ->add_option("--deliveries-per-channel",
                   flags->delivery_limits.per_channel,
                   "Deliveries of one channel sent at once")
      ->envname("HOOKWARDEN_DELIVERIES_PER_CHANNEL")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command
      ->add_option("--test-sends-per-channel",
                   flags->test_sends.per_channel_per_minute,
                   "Test events one channel may send a minute")
      ->envname("HOOKWARDEN_TEST_SENDS_PER_CHANNEL")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  command
      ->add_option("--test-sends-per-organization",
                   flags->test_sends.per_organization_per_minute,
                   "Test events one organization may send a minute")
      ->envname("HOOKWARDEN_TEST_SENDS_PER_ORGANIZATION")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  command->callback([flags, exit_code] { *exit_code = Serve(*flags); });
}

}  // namespace hookwarden::cli
