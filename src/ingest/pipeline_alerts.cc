// The intakes of other tools, on the data plane's one route
// (ingest/pipeline.h): Alertmanager's webhook and PagerDuty's Events v2.
#include <boost/json/object.hpp>

#include "ingest/alert_parsers.h"
#include "ingest/pagerduty_answers.h"
#include "ingest/pipeline.h"

namespace hookwarden::ingest {

bool Pipeline::PrepareAlertmanager(http::Request& request, const Grant& grant,
                                   int64_t now,
                                   EventWriter::Submission& submission,
                                   http::Responder& respond) {
  std::string label = request.QueryParam("label").value_or("application");
  if (label.empty() || label.size() > 255) {
    respond(http::ErrorResponse(
        Status::BadRequest("label must name a label of 1 to 255 characters",
                           "bad_request", "label")));
    return false;
  }
  auto parsed = ParseAlertmanager(request, grant, label, now);
  if (!parsed.ok()) {
    respond(http::ErrorResponse(parsed.status()));
    return false;
  }
  size_t accepted = parsed->alerts.size();
  submission.report.alerts = std::move(parsed->alerts);
  submission.done = [respond = std::move(respond), accepted,
                     skipped = std::move(parsed->skipped)](
                        Result<ReportOutcome> outcome) mutable {
    if (!outcome.ok()) return respond(http::ErrorResponse(outcome.status()));
    respond(http::JsonResponse(
        200, {{"accepted", accepted}, {"skipped", std::move(skipped)}}));
  };
  return true;
}

bool Pipeline::PreparePagerDuty(Intake intake, http::Request& request,
                                const Grant& grant, int64_t now,
                                EventWriter::Submission& submission,
                                http::Responder& respond) {
  if (request.body.size() > kMaxPagerDutyEventBytes) {
    respond(PagerDutyError(Status::PayloadTooLarge(
        "an event is at most " + std::to_string(kMaxPagerDutyEventBytes) +
        " bytes")));
    return false;
  }
  std::string dedup_key;
  if (intake == Intake::kPagerDutyChange) {
    auto deploy = ParsePagerDutyChange(request, grant, now);
    if (!deploy.ok()) {
      respond(PagerDutyError(deploy.status()));
      return false;
    }
    submission.report.deploy =
        std::make_unique<Deploy>(std::move(deploy).value());
  } else {
    auto alert = ParsePagerDutyEvent(request, grant, now);
    if (!alert.ok()) {
      respond(PagerDutyError(alert.status()));
      return false;
    }
    dedup_key = alert->key;
    submission.report.alerts.push_back(std::move(alert).value());
  }
  submission.done = [respond = std::move(respond),
                     dedup_key](Result<ReportOutcome> outcome) {
    if (!outcome.ok()) return respond(PagerDutyError(outcome.status()));
    respond(PagerDutyAccepted(dedup_key));
  };
  return true;
}

}  // namespace hookwarden::ingest
