#include "api/ingest_api.h"

#include <boost/json/parse.hpp>
#include <map>
#include <memory>

#include "api/bearer.h"
#include "api/event_body.h"
#include "api/handler.h"
#include "api/json_body.h"
#include "api/views.h"
#include "auth/random.h"
#include "common/time_format.h"

namespace hookwarden::api {
namespace {

using RequestPtr = std::shared_ptr<http::Request>;

// Refuses the request when the token's bucket is empty (and counts that on
// the credential).
std::optional<Status> Throttle(ApiServices& s, const std::string& bucket,
                               const std::string& credential_id) {
  int wait = s.token_rate_limiter.Take(bucket);
  if (wait == 0) return std::nullopt;
  s.writer.NoteThrottled(credential_id);
  return Status::RateLimited("this token sends more than its rate limit", wait);
}

// Adds the application's state after the event, and its open incident.
void AddState(boost::json::object& answer, const EventOutcome& outcome) {
  answer["state"] = StateName(outcome.open_incident != nullptr);
  answer["incident"] =
      outcome.open_incident
          ? boost::json::value(IncidentJson(*outcome.open_incident))
          : nullptr;
}

// --- One event: POST /api/v1/applications/{app}/hits and .../failures.

// Validates the body and the Idempotency-Key, then queues the event.
void SubmitOne(ApiServices& s, RequestPtr request, bool failure,
               const ReportGrant& grant, http::Responder respond) {
  if (auto refused = Throttle(s, grant.credential_id, grant.credential_id)) {
    return respond(http::ErrorResponse(*refused));
  }
  Event event;
  event.organization_id = grant.organization_id;
  event.application_id = grant.application_id;
  event.failure = failure;
  event.received_at = s.clock.NowMillis();
  auto body = ParseJsonObject(*request, /*allow_empty=*/true);
  if (!body.ok()) return respond(http::ErrorResponse(body.status()));
  BodyReader reader(*body);
  bool truncated = false;
  ReadEventFields(reader, event, &truncated);
  if (const std::string* key = request->Header("idempotency-key")) {
    if (!IsValidIdempotencyKey(*key)) {
      reader.Fail(Status::Invalid(
          "Idempotency-Key",
          "Idempotency-Key must be 1 to 255 printable ASCII characters"));
    }
    event.idempotency_key = *key;
  }
  Status valid = reader.Finish();
  if (!valid.ok()) return respond(http::ErrorResponse(valid));

  int64_t at = event.at;
  s.writer.Submit(
      {{std::move(event)},
       grant.credential_id,
       request->remote_address,
       [respond = std::move(respond), slug = grant.application_slug, failure,
        at, truncated](Result<std::vector<EventOutcome>> outcomes) {
         if (!outcomes.ok())
           return respond(http::ErrorResponse(outcomes.status()));
         const EventOutcome& outcome = outcomes->front();
         boost::json::object answer{{"accepted", outcome.duplicate ? 0 : 1},
                                    {"duplicate", outcome.duplicate},
                                    {"application", slug},
                                    {"status", failure ? "failure" : "hit"},
                                    {"timestamp", FormatRfc3339(at)}};
         AddState(answer, outcome);
         if (truncated) answer["message_truncated"] = true;
         respond(http::JsonResponse(200, answer));
       }});
}

// Runs on the network thread: answers from the remembered grant when there
// is one, else looks it up on a worker.
void ReportOne(ApiServices& s, bool failure, http::Request& incoming,
               http::Responder respond) {
  auto request = std::make_shared<http::Request>(std::move(incoming));
  std::string_view token = BearerToken(*request);
  const std::string& app = request->Param("app");
  if (auto known = s.credentials.PeekReport(token, app)) {
    if (!known->ok()) return respond(http::ErrorResponse(known->status()));
    return SubmitOne(s, request, failure, **known, std::move(respond));
  }
  s.run_blocking(
      [&s, request, failure, respond = std::move(respond)]() mutable {
        auto grant = s.credentials.AuthorizeReport(BearerToken(*request),
                                                   request->Param("app"));
        if (!grant.ok()) return respond(http::ErrorResponse(grant.status()));
        SubmitOne(s, request, failure, *grant, std::move(respond));
      });
}

// --- A batch: POST /api/v1/events.

// The batch's items: a JSON array, or one JSON value per line.
Result<std::vector<boost::json::value>> ParseItems(
    const http::Request& request) {
  std::string media = MediaType(request);
  std::vector<boost::json::value> items;
  boost::system::error_code ec;
  if (media == "application/json") {
    boost::json::value v = boost::json::parse(request.body, ec);
    if (ec)
      return Status::BadRequest("the body is not valid JSON: " + ec.message(),
                                "malformed_json");
    if (!v.is_array())
      return Status::BadRequest("the body must be a JSON array",
                                "malformed_json");
    if (v.as_array().size() > kMaxBatchItems) {
      return Status::PayloadTooLarge("a batch holds at most " +
                                     std::to_string(kMaxBatchItems) +
                                     " events");
    }
    for (auto& item : v.as_array()) items.push_back(std::move(item));
    return items;
  }
  if (media == "application/x-ndjson") {
    std::string_view rest = request.body;
    size_t line_number = 0;
    while (!rest.empty()) {
      size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view()
                                           : rest.substr(end + 1);
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      if (items.size() == kMaxBatchItems) {
        return Status::PayloadTooLarge("a batch holds at most " +
                                       std::to_string(kMaxBatchItems) +
                                       " events");
      }
      items.push_back(boost::json::parse(line, ec));
      if (ec) {
        return Status::BadRequest("line " + std::to_string(line_number) +
                                      " is not valid JSON: " + ec.message(),
                                  "malformed_json");
      }
    }
    return items;
  }
  return Status::UnsupportedMediaType(
      "a batch is application/json (an array) or application/x-ndjson");
}

boost::json::object ErrorJson(const Status& s) {
  boost::json::object e{{"code", s.error_code()}, {"message", s.message()}};
  if (!s.field().empty()) e["field"] = s.field();
  return e;
}

void ReportBatch(ApiServices& s, http::Request& incoming,
                 http::Responder respond) {
  auto request = std::make_shared<http::Request>(std::move(incoming));
  std::string_view token = BearerToken(*request);
  // The token is judged first, on its own: a bad token is a 401 whatever
  // the body holds.
  auto owner = s.credentials.Authenticate(token, auth::TokenKind::kActivation);
  if (!owner.ok()) return respond(http::ErrorResponse(owner.status()));
  if (auto refused = Throttle(s, owner->credential_id, owner->credential_id)) {
    return respond(http::ErrorResponse(*refused));
  }
  auto items = ParseItems(*request);
  if (!items.ok()) return respond(http::ErrorResponse(items.status()));

  int64_t now = s.clock.NowMillis();
  std::vector<Event> events;
  std::map<std::string, Result<ReportGrant>, std::less<>> grants;
  boost::json::array rejected;
  for (size_t i = 0; i < items->size(); ++i) {
    const boost::json::value& item = (*items)[i];
    Status problem;
    if (!item.is_object()) {
      problem =
          Status::Invalid("", "an event must be a JSON object", "invalid_item");
    } else {
      BodyReader reader(item.as_object());
      Event e;
      e.received_at = now;
      auto app = reader.String("application", true);
      auto status = reader.String("status", true);
      if (status && *status != "hit" && *status != "failure") {
        reader.Fail(Status::Invalid("status", "status must be hit or failure"));
      }
      bool truncated;
      ReadEventFields(reader, e, &truncated);
      if (auto id = reader.String("id", false)) {
        if (!IsValidIdempotencyKey(*id)) {
          reader.Fail(Status::Invalid(
              "id", "id must be 1 to 255 printable ASCII characters"));
        }
        e.idempotency_key = *id;
      }
      problem = reader.Finish();
      if (problem.ok()) {
        // Most batches name few applications: ask once for each.
        auto known = grants.find(*app);
        if (known == grants.end()) {
          known =
              grants.emplace(*app, s.credentials.AuthorizeReport(token, *app))
                  .first;
        }
        const Result<ReportGrant>& grant = known->second;
        if (!grant.ok()) {
          problem = grant.status().code() == ErrorCode::kNotFound
                        ? Status::Invalid("application",
                                          grant.status().message(), "not_found")
                        : grant.status();
          if (grant.status().code() != ErrorCode::kNotFound &&
              grant.status().code() != ErrorCode::kUnauthenticated) {
            return respond(http::ErrorResponse(grant.status()));
          }
        } else {
          e.organization_id = grant->organization_id;
          e.application_id = grant->application_id;
          e.failure = *status == "failure";
          events.push_back(std::move(e));
          continue;
        }
      }
    }
    rejected.push_back({{"index", i}, {"error", ErrorJson(problem)}});
  }
  if (events.empty()) {
    boost::json::object body{
        {"error", ErrorJson(Status::Invalid(
                      "",
                      items->empty() ? "the batch holds no events"
                                     : "no event of the batch is valid",
                      "no_valid_events"))},
        {"accepted", 0},
        {"duplicates", 0},
        {"rejected", std::move(rejected)}};
    return respond(http::JsonResponse(422, body));
  }
  // Each application's slug, and the last of its events in the batch.
  std::map<std::string, std::string> slugs;
  for (const auto& [ref, grant] : grants) {
    if (grant.ok()) slugs[grant->application_id] = grant->application_slug;
  }
  std::vector<std::string> app_of_event;
  for (const Event& e : events) app_of_event.push_back(e.application_id);
  s.writer.Submit(
      {std::move(events), owner->credential_id, request->remote_address,
       [respond = std::move(respond), rejected = std::move(rejected),
        slugs = std::move(slugs), app_of_event = std::move(app_of_event)](
           Result<std::vector<EventOutcome>> outcomes) mutable {
         if (!outcomes.ok())
           return respond(http::ErrorResponse(outcomes.status()));
         int64_t dup = 0;
         std::map<std::string, const EventOutcome*> last;
         for (size_t i = 0; i < outcomes->size(); ++i) {
           dup += (*outcomes)[i].duplicate;
           last[app_of_event[i]] = &(*outcomes)[i];
         }
         boost::json::array states;
         for (const auto& [app, outcome] : last) {
           boost::json::object state{{"application", slugs[app]}};
           AddState(state, *outcome);
           states.push_back(std::move(state));
         }
         int64_t accepted = static_cast<int64_t>(outcomes->size()) - dup;
         respond(
             http::JsonResponse(200, {{"accepted", accepted},
                                      {"duplicates", dup},
                                      {"rejected", std::move(rejected)},
                                      {"applications", std::move(states)}}));
       }});
}

// --- Deploys: POST /api/v1/deploys.

Result<std::optional<int64_t>> OptionalTime(BodyReader& reader,
                                            std::string_view name) {
  auto text = reader.String(name, false);
  if (!text) return std::optional<int64_t>();
  auto at = ParseRfc3339(*text);
  if (!at) {
    reader.Fail(
        Status::Invalid(std::string(name),
                        std::string(name) + " must be an RFC 3339 date-time"));
  }
  return at;
}

void CheckLength(BodyReader& reader, std::string_view name,
                 const std::optional<std::string>& v, size_t min, size_t max) {
  if (v && (v->size() < min || v->size() > max)) {
    reader.Fail(Status::Invalid(std::string(name),
                                std::string(name) + " must be " +
                                    std::to_string(min) + " to " +
                                    std::to_string(max) + " characters"));
  }
}

}  // namespace

boost::json::object DeployJson(const Deploy& d, const std::string& app_slug) {
  auto text = [](const std::optional<std::string>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
  };
  return {{"id", d.id},
          {"application", app_slug},
          {"version", d.version},
          {"commit", text(d.commit)},
          {"commit_at", TimeOrNull(d.commit_at)},
          {"description", text(d.description)},
          {"environment", d.environment},
          {"status", d.status},
          {"started_at", TimeOrNull(d.started_at)},
          {"finished_at", TimeOrNull(d.finished_at)},
          {"created_at", FormatRfc3339(d.created_at)},
          {"updated_at", FormatRfc3339(d.updated_at)}};
}

namespace {

Result<http::Response> ReportDeploy(ApiServices& s, http::Request& request) {
  auto grant = s.credentials.AuthorizeDeploy(BearerToken(request));
  if (!grant.ok()) return grant.status();
  if (auto refused =
          Throttle(s, grant->token.credential_id + "/" + grant->application.id,
                   grant->token.credential_id)) {
    return *refused;
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return body.status();
  BodyReader reader(*body);
  Deploy d;
  auto version = reader.String("version", true);
  auto commit = reader.String("commit", false);
  auto commit_at = OptionalTime(reader, "commit_at");
  auto description = reader.String("description", false);
  auto environment = reader.String("environment", false);
  auto status = reader.String("status", false);
  auto started_at = OptionalTime(reader, "started_at");
  auto finished_at = OptionalTime(reader, "finished_at");
  auto id = reader.String("id", false);
  CheckLength(reader, "version", version, 1, 255);
  CheckLength(reader, "commit", commit, 1, 255);
  CheckLength(reader, "description", description, 0, 4096);
  CheckLength(reader, "environment", environment, 1, 64);
  if (status && !IsValidDeployStatus(*status)) {
    reader.Fail(Status::Invalid("status",
                                "status must be success, failure or rollback"));
  }
  if (id && !IsValidIdempotencyKey(*id)) {
    reader.Fail(Status::Invalid(
        "id", "id must be 1 to 255 printable ASCII characters"));
  }
  HW_RETURN_IF_ERROR(reader.Finish());
  int64_t now = s.clock.NowMillis();
  d.id = id ? *id : auth::NewId("dep");
  d.organization_id = grant->application.organization_id;
  d.application_id = grant->application.id;
  d.version = *version;
  d.commit = commit;
  d.commit_at = *commit_at;
  d.description = description;
  d.environment = environment.value_or("production");
  d.status = status.value_or("success");
  d.started_at = *started_at;
  d.finished_at = *finished_at;
  d.created_at = d.updated_at = now;
  auto stored = s.store.UpsertDeploy(d);
  if (!stored.ok()) return stored.status();
  s.store.RecordCredentialUse(grant->token.credential_id, now,
                              request.remote_address);
  boost::json::object answer =
      DeployJson(stored->first, grant->application.slug);
  // A deploy changes no incident: the state is the one read with the grant.
  EventOutcome state;
  if (grant->application.open_incident) {
    state.open_incident =
        std::make_shared<Incident>(*grant->application.open_incident);
  }
  AddState(answer, state);
  return http::JsonResponse(stored->second ? 201 : 200, answer);
}

// Turns an exception escaping a data-plane handler (out of memory, a bug)
// into a 500 instead of the end of the process.
template <class Handle>
void Guarded(ApiServices& s, http::Request& request, http::Responder& respond,
             Handle handle) {
  try {
    handle();
  } catch (const std::exception& e) {
    s.logger.Error("handler threw",
                   {{"route", request.route}, {"error", e.what()}});
    if (respond)
      respond(http::ErrorResponse(Status::Internal("internal error")));
  }
}

}  // namespace

void RegisterIngestRoutes(http::Router& router, ApiServices& services) {
  ApiServices& s = services;
  router.Add(
      "POST", "/api/v1/applications/{app}/hits",
      [&s](http::Request& r, http::Responder done) {
        Guarded(s, r, done, [&] { ReportOne(s, false, r, std::move(done)); });
      },
      /*inline_handler=*/true);
  router.Add(
      "POST", "/api/v1/applications/{app}/failures",
      [&s](http::Request& r, http::Responder done) {
        Guarded(s, r, done, [&] { ReportOne(s, true, r, std::move(done)); });
      },
      /*inline_handler=*/true);
  router.Add("POST", "/api/v1/events",
             [&s](http::Request& r, http::Responder done) {
               Guarded(s, r, done, [&] { ReportBatch(s, r, std::move(done)); });
             });
  router.Add("POST", "/api/v1/deploys",
             Public(s, [&s](http::Request& r) { return ReportDeploy(s, r); }));
}

}  // namespace hookwarden::api
