#include "api/channels_api.h"

#include <boost/json/parse.hpp>
#include <set>

#include "api/audit.h"
#include "api/cursor.h"
#include "api/handler.h"
#include "api/list_page.h"
#include "api/query_params.h"
#include "api/validation.h"
#include "api/views.h"
#include "auth/random.h"
#include "auth/signature.h"
#include "common/time_format.h"
#include "domain/envelope.h"
#include "http/json_body.h"
#include "notify/channel_rules.h"
#include "notify/template.h"

namespace hookwarden::api {
namespace {

namespace json = boost::json;

AuditTarget Target(const Channel& ch) { return {"channel", ch.id, ch.name}; }

json::array StringsJson(const std::vector<std::string>& items) {
  json::array a;
  for (const std::string& s : items) a.emplace_back(s);
  return a;
}

json::object ChannelJson(const Channel& ch) {
  json::object headers;
  for (const auto& [name, value] : ch.headers) headers[name] = value;
  json::array apps;
  for (const ChannelApplication& app : ch.applications) {
    json::object a{{"id", app.id}};
    if (app.deleted) {
      a["deleted"] = true;
    } else {
      a["slug"] = app.slug;
      a["name"] = app.name;
    }
    apps.push_back(std::move(a));
  }
  return {{"id", ch.id},
          {"name", ch.name},
          {"url", ch.url},
          {"method", ch.method},
          {"headers", std::move(headers)},
          {"body_template", ch.body_template ? json::value(*ch.body_template)
                                             : json::value(nullptr)},
          {"events", StringsJson(ch.events)},
          {"applications", std::move(apps)},
          {"secrets", StringsJson(ch.secret_names)},
          {"group_seconds", ch.notices.group_seconds},
          {"flapping_incidents", ch.notices.flapping_incidents},
          {"flapping_minutes", ch.notices.flapping_minutes},
          {"created_at", FormatRfc3339(ch.created_at)},
          {"created_by", ch.created_by},
          {"updated_at", FormatRfc3339(ch.updated_at)}};
}

json::object AttemptJson(const DeliveryAttempt& a) {
  return {
      {"at", FormatRfc3339(a.at)},
      {"duration_ms", a.duration_ms},
      {"status_code",
       a.status_code ? json::value(*a.status_code) : json::value(nullptr)},
      {"error", a.error.empty() ? json::value(nullptr) : json::value(a.error)},
      {"url", a.url},
      {"response", a.response}};
}

json::object DeliveryJson(const Delivery& d) {
  boost::system::error_code ec;
  json::value payload = json::parse(d.payload, ec);
  json::array attempts;
  for (const DeliveryAttempt& a : d.attempts)
    attempts.push_back(AttemptJson(a));
  const DeliveryAttempt* last =
      d.attempts.empty() ? nullptr : &d.attempts.back();
  return {
      {"id", d.id},
      {"channel_id", d.channel_id},
      {"event_id", d.event_id},
      {"event_type", d.event_type},
      {"status", d.status},
      {"created_at", FormatRfc3339(d.created_at)},
      {"next_attempt_at", d.status == kDeliveryPending
                              ? json::value(FormatRfc3339(d.next_attempt_at))
                              : json::value(nullptr)},
      {"finished_at", TimeOrNull(d.finished_at)},
      {"attempt_count", d.attempt_count},
      {"last_status_code", last && last->status_code
                               ? json::value(*last->status_code)
                               : json::value(nullptr)},
      {"last_error", last && !last->error.empty() ? json::value(last->error)
                                                  : json::value(nullptr)},
      {"attempts", std::move(attempts)},
      {"payload", ec ? json::value(nullptr) : std::move(payload)}};
}

// The field of `ch` whose text names the secret `name`.
std::string FieldNaming(const Channel& ch, const std::string& name) {
  auto names = [&](std::string_view text) {
    auto t = notify::Template::Parse(text, "");
    if (!t.ok()) return false;
    auto secrets = t->Secrets();
    return std::find(secrets.begin(), secrets.end(), name) != secrets.end();
  };
  if (names(ch.url)) return "url";
  for (const auto& [header, value] : ch.headers) {
    if (names(value)) return "headers";
  }
  return "body_template";
}

// Reads the body's fields into `ch`: all that are given (PATCH) or, with
// `create`, the required ones too. `application_refs` gets the given
// applications (slugs or ids), unresolved.
Status ReadChannel(const json::object& body, bool create, Channel& ch,
                   std::optional<std::vector<std::string>>& application_refs) {
  http::BodyReader reader(body);
  auto name = reader.String("name", create);
  auto url = reader.String("url", create);
  auto method = reader.String("method", false);
  auto headers = reader.StringMap("headers", false, notify::kMaxChannelHeaders);
  auto body_template = reader.NullableString("body_template");
  auto events = reader.StringArray("events", create, 16);
  application_refs = reader.StringArray("applications", false,
                                        notify::kMaxChannelApplications);
  auto group_seconds =
      reader.Int("group_seconds", false, 0, notify::kMaxGroupSeconds);
  auto flapping_incidents =
      reader.Int("flapping_incidents", false, 1, notify::kMaxFlappingIncidents);
  auto flapping_minutes =
      reader.Int("flapping_minutes", false, 1, notify::kMaxFlappingMinutes);
  CheckName(reader, name);
  HW_RETURN_IF_ERROR(reader.Finish());
  if (name) ch.name = *name;
  if (url) ch.url = *url;
  if (method) ch.method = *method;
  if (headers) ch.headers = *headers;
  if (body_template) ch.body_template = *body_template;
  if (events) ch.events = *events;
  if (group_seconds) ch.notices.group_seconds = *group_seconds;
  if (flapping_incidents) ch.notices.flapping_incidents = *flapping_incidents;
  if (flapping_minutes) ch.notices.flapping_minutes = *flapping_minutes;
  return Status::Ok();
}

// Checks `ch` as it would be stored, resolves `application_refs` into its
// application ids and fills its secret names.
Status Validate(
    ApiServices& s, OrgCall& call, Channel& ch,
    const std::optional<std::vector<std::string>>& application_refs) {
  HW_RETURN_IF_ERROR(notify::CheckEvents(ch.events));
  if (application_refs) {
    ch.application_ids.clear();
    for (const std::string& ref : *application_refs) {
      auto app = s.store.GetApplication(call.org().id, ref);
      if (!app.ok()) {
        if (app.status().code() != ErrorCode::kNotFound) return app.status();
        return Status::Invalid(
            "applications", "unknown application '" + ref.substr(0, 100) + "'");
      }
      if (std::find(ch.application_ids.begin(), ch.application_ids.end(),
                    app->id) == ch.application_ids.end()) {
        ch.application_ids.push_back(app->id);
      }
    }
  }
  auto secret_names = notify::CheckChannelText(ch, s.allow_private_targets);
  if (!secret_names.ok()) return secret_names.status();
  ch.secret_names = std::move(secret_names.value());
  auto secrets = s.store.ListSecrets(call.org().id);
  if (!secrets.ok()) return secrets.status();
  std::set<std::string> known;
  for (const Secret& secret : *secrets) known.insert(secret.name);
  for (const std::string& name : ch.secret_names) {
    if (!known.count(name)) {
      std::string field = FieldNaming(ch, name);
      return Status::Invalid(field, field + ": {{" + name +
                                        "}} names no secret of the "
                                        "organization; create it first");
    }
  }
  return Status::Ok();
}

// A new signing secret for the channel, sealed into it; returns the value.
std::string NewSigningSecret(const ApiServices& s, Channel& ch) {
  std::string value = auth::NewSigningSecret();
  ch.signing_secret_sealed = s.sealer.Seal(
      value, auth::SigningSecretContext(ch.organization_id, ch.id));
  return value;
}

Result<http::Response> Create(ApiServices& s, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  Channel ch;
  std::optional<std::vector<std::string>> refs;
  HW_RETURN_IF_ERROR(ReadChannel(*body, true, ch, refs));
  ch.id = auth::NewId("chn");
  ch.organization_id = call.org().id;
  HW_RETURN_IF_ERROR(Validate(s, call, ch, refs));
  int64_t now = s.clock.NowMillis();
  ch.created_at = ch.updated_at = now;
  ch.created_by = call.caller.user.username;
  std::string signing_secret = NewSigningSecret(s, ch);
  HW_RETURN_IF_ERROR(s.store.CreateChannel(
      ch, MakeAudit(call, now, "channel.created", Target(ch),
                    {{"events", StringsJson(ch.events)},
                     {"secrets", StringsJson(ch.secret_names)}})));
  auto stored = s.store.GetChannel(call.org().id, ch.id);
  if (!stored.ok()) return stored.status();
  json::object answer = ChannelJson(*stored);
  answer["signing_secret"] = signing_secret;
  return http::JsonResponse(201, answer);
}

Result<http::Response> Update(ApiServices& s, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  auto current = s.store.GetChannel(call.org().id, call.request.Param("id"));
  if (!current.ok()) return current.status();
  Channel ch = *current;
  std::optional<std::vector<std::string>> refs;
  HW_RETURN_IF_ERROR(ReadChannel(*body, false, ch, refs));
  HW_RETURN_IF_ERROR(Validate(s, call, ch, refs));
  int64_t now = s.clock.NowMillis();
  ch.updated_at = now;
  json::array changed;
  for (const auto& member : *body) changed.emplace_back(member.key());
  auto stored = s.store.UpdateChannel(
      ch, MakeAudit(call, now, "channel.updated", Target(ch),
                    {{"fields", std::move(changed)},
                     {"secrets", StringsJson(ch.secret_names)}}));
  if (!stored.ok()) return stored.status();
  return http::JsonResponse(200, ChannelJson(*stored));
}

Result<http::Response> Delete(ApiServices& s, OrgCall& call) {
  auto ch = s.store.GetChannel(call.org().id, call.request.Param("id"));
  if (!ch.ok()) return ch.status();
  HW_RETURN_IF_ERROR(s.store.DeleteChannel(
      call.org().id, ch->id,
      MakeAudit(call, s.clock.NowMillis(), "channel.deleted", Target(*ch))));
  return http::NoContent();
}

Result<http::Response> RegenerateSigningSecret(ApiServices& s, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request, /*allow_empty=*/true);
  if (!body.ok()) return body.status();
  HW_RETURN_IF_ERROR(http::BodyReader(*body).Finish());
  auto ch = s.store.GetChannel(call.org().id, call.request.Param("id"));
  if (!ch.ok()) return ch.status();
  std::string value = NewSigningSecret(s, *ch);
  int64_t now = s.clock.NowMillis();
  HW_RETURN_IF_ERROR(s.store.SetChannelSigningSecret(
      call.org().id, ch->id, ch->signing_secret_sealed, now,
      MakeAudit(call, now, "channel.signing_secret_regenerated", Target(*ch))));
  ch->updated_at = now;
  json::object answer = ChannelJson(*ch);
  answer["signing_secret"] = value;
  return http::JsonResponse(200, answer);
}

Result<http::Response> SendTest(ApiServices& s, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request, /*allow_empty=*/true);
  if (!body.ok()) return body.status();
  HW_RETURN_IF_ERROR(http::BodyReader(*body).Finish());
  auto ch = s.store.GetChannel(call.org().id, call.request.Param("id"));
  if (!ch.ok()) return ch.status();
  Status allowed = s.test_sends.Take(call.org().id, ch->id);
  if (allowed.code() == ErrorCode::kRateLimited) {
    // A 429 of its own kind: the channel's tests, not the caller's requests.
    http::Response limited =
        http::JsonResponse(429, {{"error",
                                  {{"code", notify::kTestSendsLimited},
                                   {"message", allowed.message()}}}});
    limited.headers.emplace_back("Retry-After",
                                 std::to_string(allowed.retry_after_seconds()));
    return limited;
  }
  HW_RETURN_IF_ERROR(allowed);
  int64_t now = s.clock.NowMillis();
  std::string event_id = auth::NewId("evt");
  std::string payload = MakeEnvelope(event_id, kEventTest, now, call.org(),
                                     TestData(now, call.caller.user.username));
  auto delivery = s.store.EnqueueDelivery(call.org().id, ch->id, event_id,
                                          kEventTest, payload, now);
  if (!delivery.ok()) return delivery.status();
  s.wake_deliveries();
  return http::JsonResponse(202, DeliveryJson(*delivery));
}

// A page of deliveries: `list(limit, before)` reads them.
template <class List>
Result<http::Response> DeliveriesPage(OrgCall& call, List list) {
  auto limit = IntParam(call.request, "limit", 50, 1, 500);
  if (!limit.ok()) return limit.status();
  auto cursor = CursorParam(call.request);
  if (!cursor.ok()) return cursor.status();
  std::optional<Store::DeliveryPosition> before;
  if (*cursor) before = Store::DeliveryPosition{(*cursor)->time, (*cursor)->id};
  Result<std::vector<Delivery>> deliveries =
      list(static_cast<int>(*limit) + 1, before);
  if (!deliveries.ok()) return deliveries.status();
  return http::JsonResponse(
      200,
      PageJson("deliveries", std::move(*deliveries), static_cast<int>(*limit),
               DeliveryJson, [](const Delivery& d) {
                 return Cursor{0, d.created_at, d.id};
               }));
}

Result<http::Response> ListDeliveries(ApiServices& s, OrgCall& call) {
  return DeliveriesPage(call, [&](int limit, const auto& before) {
    return s.store.ListDeliveries(call.org().id, call.request.Param("id"),
                                  limit, before);
  });
}

// GET /api/v1/orgs/{org}/incidents/{id}/deliveries: what every channel was
// sent about the incident.
Result<http::Response> ListIncidentDeliveries(ApiServices& s, OrgCall& call) {
  auto incident = s.store.GetIncident(call.org().id, call.request.Param("id"));
  if (!incident.ok()) return incident.status();
  return DeliveriesPage(call, [&](int limit, const auto& before) {
    return s.store.ListGroupDeliveries(
        call.org().id, IncidentGroupKey(incident->id), limit, before);
  });
}

}  // namespace

void RegisterChannelRoutes(http::Router& router, ApiServices& services) {
  ApiServices& s = services;
  const std::string base = "/api/v1/orgs/{org}/channels";
  router.Add(
      "GET", base,
      InOrganization(
          s, Role::kMember, [&s](OrgCall& call) -> Result<http::Response> {
            return WholeListResponse(
                call.request, "channels:" + call.org().id, "channels",
                [&] { return s.store.ListChannels(call.org().id); },
                ChannelJson,
                [](const Channel& c) {
                  return ListPosition{c.name, c.id};
                });
          }));
  router.Add("POST", base, InOrganization(s, Role::kAdmin, [&s](OrgCall& c) {
               return Create(s, c);
             }));
  router.Add("GET", base + "/{id}",
             InOrganization(s, Role::kMember,
                            [&s](OrgCall& call) -> Result<http::Response> {
                              auto ch = s.store.GetChannel(
                                  call.org().id, call.request.Param("id"));
                              if (!ch.ok()) return ch.status();
                              return http::JsonResponse(200, ChannelJson(*ch));
                            }));
  router.Add("PATCH", base + "/{id}",
             InOrganization(s, Role::kAdmin,
                            [&s](OrgCall& c) { return Update(s, c); }));
  router.Add("DELETE", base + "/{id}",
             InOrganization(s, Role::kAdmin,
                            [&s](OrgCall& c) { return Delete(s, c); }));
  router.Add("POST", base + "/{id}/signing-secret",
             InOrganization(s, Role::kAdmin, [&s](OrgCall& c) {
               return RegenerateSigningSecret(s, c);
             }));
  router.Add("POST", base + "/{id}/test",
             InOrganization(s, Role::kAdmin,
                            [&s](OrgCall& c) { return SendTest(s, c); }));
  router.Add("GET", base + "/{id}/deliveries",
             InOrganization(s, Role::kMember,
                            [&s](OrgCall& c) { return ListDeliveries(s, c); }));
  router.Add("GET", "/api/v1/orgs/{org}/incidents/{id}/deliveries",
             InOrganization(s, Role::kMember, [&s](OrgCall& c) {
               return ListIncidentDeliveries(s, c);
             }));
}

}  // namespace hookwarden::api
