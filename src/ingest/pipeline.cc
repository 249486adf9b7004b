#include "ingest/pipeline.h"

#include <algorithm>
#include <map>

#include "common/time_format.h"
#include "domain/json_views.h"
#include "http/bearer.h"
#include "ingest/alert_parsers.h"
#include "ingest/event_answer.h"
#include "ingest/pagerduty_answers.h"
#include "ingest/ping_reports.h"
#include "ingest/report_parsers.h"

namespace hookwarden::ingest {
namespace {

// Batches larger than this are parsed on a worker, so that one large body
// does not hold up the other connections of its network thread.
constexpr size_t kInlineBodyBytes = 256 * 1024;

// The application's state after the report, and its open incident.
void AddState(boost::json::object& answer,
              const std::shared_ptr<const Incident>& open,
              bool in_maintenance) {
  answer["state"] = StateName(open != nullptr, in_maintenance);
  answer["incident"] = open ? boost::json::value(IncidentJson(*open)) : nullptr;
}

bool IsDeploy(Pipeline::Intake intake) {
  return intake == Pipeline::Intake::kDeploy ||
         intake == Pipeline::Intake::kPagerDutyChange;
}

bool IsPagerDuty(Pipeline::Intake intake) {
  return intake == Pipeline::Intake::kPagerDutyEvent ||
         intake == Pipeline::Intake::kPagerDutyChange;
}

}  // namespace

// A request whose grant is being looked up on a worker.
struct Pipeline::Pending {
  Intake intake;
  http::Request request;
  http::Responder respond;
  PresentedToken token;
};

void Pipeline::AddRoutes(http::Router& router) {
  auto add = [&](std::string_view pattern, Intake intake,
                 std::string_view method = "POST") {
    router.Add(
        method, pattern,
        [this, intake](http::Request& r, http::Responder respond) {
          // Nothing escapes onto the network thread: a failure that throws
          // (out of memory, a bug) is a 500 for this request alone.
          try {
            Accept(intake, r, respond);
          } catch (const std::exception& e) {
            Fail(intake, respond, e);
          }
        },
        /*inline_handler=*/true);
  };
  add("/api/v1/applications/{app}/hits", Intake::kHit);
  add("/api/v1/applications/{app}/failures", Intake::kFailure);
  add("/api/v1/applications/{app}/starts", Intake::kStart);
  add("/api/v1/events", Intake::kBatch);
  add("/api/v1/deploys", Intake::kDeploy);
  add("/api/v1/integrations/alertmanager", Intake::kAlertmanager);
  add("/v2/enqueue", Intake::kPagerDutyEvent);
  add("/v2/enqueue/", Intake::kPagerDutyEvent);
  add("/v2/change/enqueue", Intake::kPagerDutyChange);
  // HEAD finds GET's handler.
  for (const char* pattern : kPingRoutes) {
    add(pattern, Intake::kPing, "GET");
    add(pattern, Intake::kPing, "POST");
  }
}

std::vector<std::string> Pipeline::PathPrefixes() {
  return {"/api/v1/applications/", "/api/v1/events", "/api/v1/deploys",
          "/api/v1/integrations/", "/v2/",           "/ping/"};
}

http::Response Pipeline::Refusal(Intake intake, const Status& status) {
  if (intake == Intake::kPing) return PingRefusal(status);
  return IsPagerDuty(intake) ? PagerDutyError(status)
                             : http::ErrorResponse(status);
}

void Pipeline::Fail(Intake intake, http::Responder& respond,
                    const std::exception& e) {
  logger_.Error("report failed", {{"error", e.what()}});
  if (respond) respond(Refusal(intake, Status::Internal("internal error")));
}

void Pipeline::Accept(Intake intake, http::Request& request,
                      http::Responder& respond) {
  // PagerDuty's senders put the token in the body (routing_key).
  std::string routing_key;
  if (IsPagerDuty(intake)) routing_key = PagerDutyRoutingKey(request);
  // A ping URL's key is in its path.
  std::string_view presented =
      IsPagerDuty(intake)       ? std::string_view(routing_key)
      : intake == Intake::kPing ? std::string_view(request.Param("key"))
                                : http::BearerToken(request);
  PresentedToken token = grants_.Present(
      presented, IsDeploy(intake)          ? auth::TokenKind::kDeploy
                 : intake == Intake::kPing ? auth::TokenKind::kPing
                                           : auth::TokenKind::kActivation);
  bool inline_body =
      intake != Intake::kBatch || request.body.size() <= kInlineBodyBytes;
  if (inline_body) {
    if (auto known = grants_.Peek(token)) {
      if (!known->ok()) return respond(Refusal(intake, known->status()));
      return Handle(intake, request, ***known, respond);
    }
  }
  // Not remembered (or a large batch, not peeked): a token of the wrong
  // form is refused here, before any worker or store sees it.
  if (Status form = grants_.Identify(token, presented); !form.ok()) {
    return respond(Refusal(intake, form));
  }
  auto pending = std::make_shared<Pending>(Pending{
      intake, std::move(request), std::move(respond), std::move(token)});
  run_blocking_([this, pending] {
    try {
      auto grant = grants_.LookUp(pending->token);
      if (!grant.ok()) {
        return pending->respond(Refusal(pending->intake, grant.status()));
      }
      Handle(pending->intake, pending->request, **grant, pending->respond);
      // This worker hands over nothing more: what it queued need not wait
      // for company.
      writer_.Idle();
    } catch (const std::exception& e) {
      Fail(pending->intake, pending->respond, e);
    }
  });
}

void Pipeline::Handle(Intake intake, http::Request& request, const Grant& grant,
                      http::Responder& respond) {
  // The token's own rate limit; a deploy token's is its application's.
  std::string deploy_bucket;
  std::string_view bucket = grant.credential_id;
  if (IsDeploy(intake)) {
    deploy_bucket = grant.credential_id + "/" + grant.applications.front().id;
    bucket = deploy_bucket;
  }
  if (int wait = rate_limiter_.Take(bucket); wait > 0) {
    writer_.NoteThrottled(grant.credential_id);
    return respond(Refusal(
        intake, Status::RateLimited("this token sends more than its rate limit",
                                    wait)));
  }
  int64_t now = clock_.NowMillis();
  EventWriter::Submission submission;
  submission.report.credential_id = grant.credential_id;
  submission.report.from = request.remote_address;
  submission.executor = request.executor;
  switch (intake) {
    case Intake::kHit:
    case Intake::kFailure: {
      const GrantedApplication* app = grant.Find(request.Param("app"));
      if (app == nullptr) {
        return respond(
            http::ErrorResponse(grant.Refusal(request.Param("app"))));
      }
      bool failure = intake == Intake::kFailure;
      bool truncated = false;
      auto event =
          ParseSingleEvent(request, failure, grant, *app, now, &truncated);
      if (!event.ok()) return respond(http::ErrorResponse(event.status()));
      EventAnswer answer{
          app->slug,    failure, event->at, truncated, event->output_truncated,
          event->run_id};
      submission.report.events.push_back(std::move(event).value());
      submission.done = [respond = std::move(respond),
                         answer =
                             std::move(answer)](Result<ReportOutcome> outcome) {
        if (!outcome.ok())
          return respond(http::ErrorResponse(outcome.status()));
        http::Response r;
        r.body = EventAnswerJson(answer, outcome->events.front());
        respond(std::move(r));
      };
      break;
    }
    case Intake::kStart: {
      const GrantedApplication* app = grant.Find(request.Param("app"));
      if (app == nullptr) {
        return respond(
            http::ErrorResponse(grant.Refusal(request.Param("app"))));
      }
      auto start = ParseStart(request, grant, *app, now);
      if (!start.ok()) return respond(http::ErrorResponse(start.status()));
      boost::json::object answer{
          {"accepted", 1},
          {"application", app->slug},
          {"status", "start"},
          {"run_id", start->run_id ? boost::json::value(*start->run_id)
                                   : boost::json::value(nullptr)},
          {"timestamp", FormatRfc3339(now)}};
      submission.report.starts.push_back(std::move(start).value());
      submission.done =
          [respond = std::move(respond),
           answer = std::move(answer)](Result<ReportOutcome> outcome) mutable {
            if (!outcome.ok())
              return respond(http::ErrorResponse(outcome.status()));
            AddState(answer, outcome->start_open_incident,
                     outcome->start_in_maintenance);
            respond(http::JsonResponse(200, answer));
          };
      break;
    }
    case Intake::kBatch: {
      auto batch = ParseBatch(request, grant, now);
      if (!batch.ok()) return respond(http::ErrorResponse(batch.status()));
      if (batch->events.empty()) {
        boost::json::object body{
            {"error", ErrorJson(Status::Invalid(
                          "",
                          batch->items == 0 ? "the batch holds no events"
                                            : "no event of the batch is valid",
                          "no_valid_events"))},
            {"accepted", 0},
            {"duplicates", 0},
            {"rejected", std::move(batch->rejected)}};
        return respond(http::JsonResponse(422, body));
      }
      // Each application of the batch, and which of them each event is of:
      // the answer gives each one's state after its last event.
      std::vector<const GrantedApplication*> apps;
      std::vector<uint32_t> app_of_event;
      app_of_event.reserve(batch->events.size());
      for (const Event& e : batch->events) {
        uint32_t k = 0;
        while (k < apps.size() && apps[k]->id != e.application_id) ++k;
        if (k == apps.size()) apps.push_back(grant.Find(e.application_id));
        app_of_event.push_back(k);
      }
      std::vector<std::pair<std::string, std::string>> named;  // (id, slug)
      for (const GrantedApplication* a : apps)
        named.emplace_back(a->id, a->slug);
      submission.report.events = std::move(batch->events);
      submission.done = [respond = std::move(respond),
                         rejected = std::move(batch->rejected),
                         named = std::move(named),
                         app_of_event = std::move(app_of_event)](
                            Result<ReportOutcome> outcome) mutable {
        if (!outcome.ok())
          return respond(http::ErrorResponse(outcome.status()));
        int64_t duplicates = 0;
        std::vector<const EventOutcome*> last(named.size(), nullptr);
        for (size_t i = 0; i < outcome->events.size(); ++i) {
          duplicates += outcome->events[i].duplicate;
          last[app_of_event[i]] = &outcome->events[i];
        }
        // By application id, as before.
        std::vector<size_t> order(named.size());
        for (size_t k = 0; k < order.size(); ++k) order[k] = k;
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
          return named[a].first < named[b].first;
        });
        boost::json::array states;
        for (size_t k : order) {
          boost::json::object state{{"application", named[k].second}};
          AddState(state, last[k]->open_incident, last[k]->in_maintenance);
          states.push_back(std::move(state));
        }
        int64_t accepted =
            static_cast<int64_t>(outcome->events.size()) - duplicates;
        respond(http::JsonResponse(200, {{"accepted", accepted},
                                         {"duplicates", duplicates},
                                         {"rejected", std::move(rejected)},
                                         {"applications", std::move(states)}}));
      };
      break;
    }
    case Intake::kDeploy: {
      auto deploy = ParseDeploy(request, grant, now);
      if (!deploy.ok()) return respond(http::ErrorResponse(deploy.status()));
      submission.report.deploy =
          std::make_unique<Deploy>(std::move(deploy).value());
      submission.done = [respond = std::move(respond),
                         slug = grant.applications.front().slug](
                            Result<ReportOutcome> outcome) {
        if (!outcome.ok())
          return respond(http::ErrorResponse(outcome.status()));
        boost::json::object answer = DeployJson(*outcome->deploy, slug);
        AddState(answer, outcome->deploy_open_incident,
                 outcome->deploy_in_maintenance);
        respond(
            http::JsonResponse(outcome->deploy_created ? 201 : 200, answer));
      };
      break;
    }
    case Intake::kPing:
      if (!PreparePing(request, grant, now, submission, respond)) return;
      break;
    case Intake::kAlertmanager:
      if (!PrepareAlertmanager(request, grant, now, submission, respond))
        return;
      break;
    case Intake::kPagerDutyEvent:
    case Intake::kPagerDutyChange:
      if (!PreparePagerDuty(intake, request, grant, now, submission, respond))
        return;
      break;
  }
  // Counted here, beside the other network threads' reports, rather than
  // on the writer's one thread.
  TallyEvents(submission.report);
  writer_.Submit(std::move(submission));
}

}  // namespace hookwarden::ingest
