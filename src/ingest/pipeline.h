// The data plane's one route. Every report (a hit, a failure, a start, a
// batch, a deploy, a ping URL's report, an alert from Alertmanager or a
// PagerDuty Events v2 sender) goes the same way:
//
//   1. its token is checked for form, hashed once and its grant found
//      (ingest/grants.h): remembered grants on the network thread, a lookup
//      on a worker otherwise; a bad token is a 401 whatever the body holds;
//   2. the token's rate limit (429 with Retry-After);
//   3. the body is validated into a Report (ingest/report_parsers.h,
//      ingest/alert_parsers.h);
//   4. the report joins the group-commit writer's queue
//      (ingest/event_writer.h), which commits it with the others waiting;
//   5. the answer is rendered on the request's own connection thread once
//      the commit is done: a 2xx means the report is committed.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>

#include "common/clock.h"
#include "common/logger.h"
#include "http/request.h"
#include "http/router.h"
#include "ingest/event_writer.h"
#include "ingest/grants.h"
#include "ingest/rate_limiter.h"

namespace hookwarden::ingest {

class Pipeline {
 public:
  // Runs work that may block (a grant lookup) off the network threads.
  using RunBlocking = std::function<void(std::function<void()>)>;

  // All references must outlive the pipeline.
  Pipeline(const Grants& grants, RateLimiter& rate_limiter, EventWriter& writer,
           const Clock& clock, Logger& logger, RunBlocking run_blocking)
      : grants_(grants),
        rate_limiter_(rate_limiter),
        writer_(writer),
        clock_(clock),
        logger_(logger),
        run_blocking_(std::move(run_blocking)) {}

  // Adds the data plane's routes: POST /api/v1/applications/{app}/hits,
  // .../failures and .../starts, POST /api/v1/events and POST /api/v1/deploys,
  // the ping URLs (GET, HEAD and POST of ingest/ping_reports.h's
  // kPingRoutes), and the intakes of other tools: POST
  // /api/v1/integrations/alertmanager, POST /v2/enqueue (and /v2/enqueue/)
  // and POST /v2/change/enqueue. Their handlers run on the network thread
  // and never block.
  void AddRoutes(http::Router& router);
  // The path prefixes of those routes: the data plane, whose request bytes
  // in flight have a budget of their own (http::ServerOptions).
  static std::vector<std::string> PathPrefixes();
  // The group-commit writer's figures, for /metrics. Thread-safe.
  EventWriter::Stats writer_stats() const { return writer_.stats(); }

  // What a report is, as its route says.
  // The PagerDuty intakes answer as PagerDuty does
  // (ingest/pagerduty_answers.h), the ping URLs in plain text
  // (ingest/ping_reports.h).
  enum class Intake {
    kHit,
    kFailure,
    kStart,
    kBatch,
    kDeploy,
    kPing,
    kAlertmanager,
    kPagerDutyEvent,
    kPagerDutyChange
  };

  // Takes one request of `intake` and answers it through `respond`, which
  // it moves from once the answer is sent or promised (empty after).
  void Accept(Intake intake, http::Request& request, http::Responder& respond);

 private:
  struct Pending;
  // Checks the rate limit, validates the body and queues the report.
  void Handle(Intake intake, http::Request& request, const Grant& grant,
              http::Responder& respond);
  // The intakes of other tools (pipeline_alerts.cc): each fills the
  // submission's report and its answer, or answers a refusal itself and
  // returns false.
  bool PrepareAlertmanager(http::Request& request, const Grant& grant,
                           int64_t now, EventWriter::Submission& submission,
                           http::Responder& respond);
  bool PreparePagerDuty(Intake intake, http::Request& request,
                        const Grant& grant, int64_t now,
                        EventWriter::Submission& submission,
                        http::Responder& respond);
  // A ping URL's report (pipeline_ping.cc): fills the submission, or
  // answers a refusal itself and returns false.
  bool PreparePing(http::Request& request, const Grant& grant, int64_t now,
                   EventWriter::Submission& submission,
                   http::Responder& respond);
  // The answer to a refused request of `intake`.
  static http::Response Refusal(Intake intake, const Status& status);
  // Answers a request whose handling threw: a 500, unless already answered.
  void Fail(Intake intake, http::Responder& respond, const std::exception& e);

  const Grants& grants_;
  RateLimiter& rate_limiter_;
  EventWriter& writer_;
  const Clock& clock_;
  Logger& logger_;
  RunBlocking run_blocking_;
};

}  // namespace hookwarden::ingest
