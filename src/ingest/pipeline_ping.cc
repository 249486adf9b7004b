// The ping URLs on the data plane's one route (ingest/pipeline.h,
// ingest/ping_reports.h).
#include "ingest/ping_reports.h"
#include "ingest/pipeline.h"

namespace hookwarden::ingest {

bool Pipeline::PreparePing(http::Request& request, const Grant& grant,
                           int64_t now, EventWriter::Submission& submission,
                           http::Responder& respond) {
  const GrantedApplication* app = grant.Find(request.Param("app"));
  if (app == nullptr) {
    // The same answer as an unknown key's: nothing to probe.
    respond(PingRefusal(Status::NotFound("not found")));
    return false;
  }
  auto ping = ParsePing(request, grant, *app, now);
  if (!ping.ok()) {
    respond(PingRefusal(ping.status()));
    return false;
  }
  if (ping->start) {
    submission.report.starts.push_back(std::move(*ping->start));
  } else if (ping->event->log) {
    submission.report.logs.push_back(std::move(*ping->event));
  } else {
    submission.report.events.push_back(std::move(*ping->event));
  }
  submission.done = [respond =
                         std::move(respond)](Result<ReportOutcome> outcome) {
    respond(outcome.ok() ? PingAccepted() : PingRefusal(outcome.status()));
  };
  return true;
}

}  // namespace hookwarden::ingest
