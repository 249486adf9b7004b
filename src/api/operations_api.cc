#include "api/operations_api.h"

#include <sstream>

#include "api/handler.h"
#include "common/allocator.h"
#include "ingest/pipeline.h"

namespace hookwarden::api {
namespace {

// The group-commit writer's queue and commits, in the Prometheus format.
std::string WriterMetrics(const ingest::EventWriter::Stats& s) {
  std::ostringstream out;
  out << "# HELP hookwarden_writer_queued_events Events waiting for a "
         "commit.\n"
      << "# TYPE hookwarden_writer_queued_events gauge\n"
      << "hookwarden_writer_queued_events " << s.queued_events << "\n"
      << "# HELP hookwarden_writer_max_queued_events Events that may wait "
         "for a commit; past it, reports are refused with 503.\n"
      << "# TYPE hookwarden_writer_max_queued_events gauge\n"
      << "hookwarden_writer_max_queued_events " << s.max_queued_events << "\n"
      << "# HELP hookwarden_writer_commit_seconds Time the writer spent "
         "committing groups of reports.\n"
      << "# TYPE hookwarden_writer_commit_seconds summary\n"
      << "hookwarden_writer_commit_seconds_sum " << s.commit_seconds << "\n"
      << "hookwarden_writer_commit_seconds_count " << s.commits << "\n"
      << "# HELP hookwarden_writer_committed_reports_total Requests whose "
         "reports were committed.\n"
      << "# TYPE hookwarden_writer_committed_reports_total counter\n"
      << "hookwarden_writer_committed_reports_total " << s.committed_reports
      << "\n"
      << "# HELP hookwarden_writer_refused_total Reports refused because the "
         "queue was full.\n"
      << "# TYPE hookwarden_writer_refused_total counter\n"
      << "hookwarden_writer_refused_total " << s.refused << "\n"
      << "# HELP hookwarden_writer_group_waits_total Waits of a small group "
         "for more reports before its commit, by how they ended: the "
         "threads handing reports over were idle, enough events came, or "
         "the delay passed.\n"
      << "# TYPE hookwarden_writer_group_waits_total counter\n"
      << "hookwarden_writer_group_waits_total{ended=\"idle\"} "
      << s.waits_ended_idle << "\n"
      << "hookwarden_writer_group_waits_total{ended=\"enough_events\"} "
      << s.waits_ended_enough << "\n"
      << "hookwarden_writer_group_waits_total{ended=\"delay\"} "
      << s.waits_ended_delay << "\n"
      << "# HELP hookwarden_writer_inline_commits_total Commits of a small "
         "group made by the thread that handed it over (a network thread out "
         "of requests, a worker done with its report), because the commit "
         "waited for nothing; the writer thread made the others.\n"
      << "# TYPE hookwarden_writer_inline_commits_total counter\n"
      << "hookwarden_writer_inline_commits_total " << s.commits_here << "\n";
  return out.str();
}

// The background jobs' counts, in the Prometheus format.
std::string JobMetrics(const JobStats& s) {
  std::ostringstream out;
  out << "# HELP hookwarden_no_data_checks_total Checks for applications "
         "silent past their no-data timeout.\n"
      << "# TYPE hookwarden_no_data_checks_total counter\n"
      << "hookwarden_no_data_checks_total " << s.no_data_checks << "\n"
      << "# HELP hookwarden_delivery_passes_total Times the delivery worker "
         "looked for due deliveries.\n"
      << "# TYPE hookwarden_delivery_passes_total counter\n"
      << "hookwarden_delivery_passes_total " << s.delivery_passes << "\n"
      << "# HELP hookwarden_deliveries_in_flight Deliveries being sent.\n"
      << "# TYPE hookwarden_deliveries_in_flight gauge\n"
      << "hookwarden_deliveries_in_flight " << s.deliveries_in_flight << "\n";
  return out.str();
}

}  // namespace

void RegisterOperationsRoutes(http::Router& router, ApiServices& services) {
  router.Add("GET", "/healthz",
             Public(services, [](http::Request&) -> Result<http::Response> {
               return http::JsonResponse(200, {{"status", "ok"}});
             }));
  router.Add(
      "GET", "/readyz",
      Public(services, [&services](http::Request&) -> Result<http::Response> {
        Status s = services.store.Ping();
        if (!s.ok()) {
          return http::JsonResponse(503,
                                    {{"status", "unavailable"},
                                     {"error", "the store does not answer"}});
        }
        return http::JsonResponse(200, {{"status", "ready"}});
      }));
  router.Add(
      "GET", "/metrics",
      Public(services, [&services](http::Request&) -> Result<http::Response> {
        http::Response r;
        r.content_type = "text/plain; version=0.0.4";
        r.body = services.metrics.Render();
        r.body +=
            "# HELP hookwarden_login_limiter_entries Entries in the failed "
            "login table (bounded).\n"
            "# TYPE hookwarden_login_limiter_entries gauge\n"
            "hookwarden_login_limiter_entries " +
            std::to_string(services.login_limiter.size()) + "\n";
        r.body += WriterMetrics(services.pipeline.writer_stats());
        r.body +=
            "# HELP hookwarden_allocator_thread_cache_limit_bytes The target "
            "of what the allocator's per-thread caches hold in all (0: not "
            "TCMalloc).\n"
            "# TYPE hookwarden_allocator_thread_cache_limit_bytes gauge\n"
            "hookwarden_allocator_thread_cache_limit_bytes " +
            std::to_string(AllocatorCacheLimit()) + "\n";
        r.body += JobMetrics(services.job_stats());
        return r;
      }));
}

}  // namespace hookwarden::api
