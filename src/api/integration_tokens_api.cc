#include "api/integration_tokens_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "api/list_page.h"
#include "api/validation.h"
#include "api/views.h"
#include "auth/random.h"
#include "domain/curl_commands.h"
#include "http/json_body.h"
#include "services/notifications.h"

namespace hookwarden::api {
namespace {

constexpr int64_t kMaxGraceSeconds = 24 * 3600;

// The credential as the edit dialog shows it: with the applications that use
// it and, when `reveal` is set and it is a hits/failure credential, the
// current integration token and its activation curl command, and its ping
// key with a sample crontab line (null for a credential made before ping
// keys, until it is activated or regenerated).
Result<boost::json::object> CredentialDetails(
    ApiServices& services, const IntegrationToken& credential, bool reveal) {
  boost::json::object json = CredentialJson(credential);
  auto apps = services.store.ApplicationsUsingCredential(
      credential.organization_id, credential.id);
  if (!apps.ok()) return apps.status();
  json["applications"] = ArrayJson(*apps, ApplicationSummaryJson);
  if (reveal && credential.type == CredentialType::kHitsFailure) {
    auto token = services.store.CurrentIssuedToken(
        credential.id, auth::TokenKind::kIntegration, "",
        services.clock.NowMillis());
    if (!token.ok()) return token.status();
    auto value = services.credentials.Reveal(*token);
    if (!value.ok()) return value.status();
    json["token"] = *value;
    json["curl"] = ActivationCurl(services.public_url, *value);
    json["ping_key"] = nullptr;
    json["ping_crontab"] = nullptr;
    auto ping_key = services.store.CurrentIssuedToken(
        credential.id, auth::TokenKind::kPing, "", services.clock.NowMillis());
    if (ping_key.ok()) {
      auto key = services.credentials.Reveal(*ping_key);
      if (!key.ok()) return key.status();
      std::string app = apps->empty() ? "YOUR_APPLICATION" : apps->front().slug;
      json["ping_key"] = *key;
      json["ping_crontab"] = PingCrontabLine(services.public_url, *key, app);
    } else if (ping_key.status().code() != ErrorCode::kNotFound) {
      return ping_key.status();
    }
  }
  return json;
}

AuditTarget Target(const IntegrationToken& c) {
  return {"integration_token", c.id, c.name};
}

Result<http::Response> Create(ApiServices& services, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto type_name = reader.String("type", true);
  auto name = reader.String("name", true);
  std::optional<CredentialType> type;
  if (type_name) {
    type = ParseCredentialType(*type_name);
    if (!type) {
      reader.Fail(
          Status::Invalid("type", "type must be hits_failure or deploy"));
    }
  }
  CheckName(reader, name);
  HW_RETURN_IF_ERROR(reader.Finish());

  int64_t now = services.clock.NowMillis();
  IntegrationToken credential;
  credential.id = auth::NewId("itk");
  credential.organization_id = call.org().id;
  credential.type = *type;
  credential.name = *name;
  credential.generation = 1;
  credential.created_at = credential.updated_at = now;
  credential.created_by = call.caller.user.username;
  std::vector<IssuedToken> tokens;
  if (*type == CredentialType::kHitsFailure) {
    TokenMinter mint = services.credentials.MinterFor(call.org().id);
    for (auto kind : {auth::TokenKind::kIntegration, auth::TokenKind::kPing}) {
      tokens.push_back(mint(kind, credential.id, 1, ""));
    }
  }
  HW_RETURN_IF_ERROR(services.store.CreateIntegrationToken(
      credential, tokens,
      MakeAudit(call, now, "integration_token.created", Target(credential),
                {{"type", CredentialTypeName(*type)}})));
  auto stored =
      services.store.GetIntegrationToken(call.org().id, credential.id);
  if (!stored.ok()) return stored.status();
  auto json = CredentialDetails(services, *stored, true);
  if (!json.ok()) return json.status();
  return http::JsonResponse(201, *json);
}

Result<http::Response> Show(ApiServices& services, OrgCall& call) {
  auto credential = services.store.GetIntegrationToken(
      call.org().id, call.request.Param("id"));
  if (!credential.ok()) return credential.status();
  bool reveal = RoleAllows(call.membership.role, Role::kAdmin);
  auto json = CredentialDetails(services, *credential, reveal);
  if (!json.ok()) return json.status();
  if (reveal && credential->type == CredentialType::kHitsFailure) {
    HW_RETURN_IF_ERROR(services.store.RecordAuditEntry(
        MakeAudit(call, services.clock.NowMillis(), "integration_token.viewed",
                  Target(*credential), {{"hint", credential->hint}})));
  }
  return http::JsonResponse(200, *json);
}

// Regenerates (and renames, when `new_name` is set): the old tokens end at
// once or after `grace_seconds`.
Result<http::Response> Regenerate(ApiServices& services, OrgCall& call,
                                  const std::optional<std::string>& new_name,
                                  int64_t grace_seconds) {
  int64_t now = services.clock.NowMillis();
  int64_t old_valid_until = now + grace_seconds * 1000;
  auto before = services.store.GetIntegrationToken(call.org().id,
                                                   call.request.Param("id"));
  if (!before.ok()) return before.status();
  boost::json::object details{{"grace_seconds", grace_seconds},
                              {"previous_hint", before->hint}};
  if (new_name) details["previous_name"] = before->name;
  AuditEntry audit = MakeAudit(
      call, now,
      new_name ? "integration_token.renamed" : "integration_token.regenerated",
      {"integration_token", before->id, new_name.value_or(before->name)},
      details);
  auto after = services.store.RegenerateIntegrationToken(
      call.org().id, before->id, new_name, now, old_valid_until,
      services.credentials.MinterFor(call.org().id), audit,
      NotifyWhenRegenerated(old_valid_until, now, audit.actor_username));
  if (!after.ok()) return after.status();
  auto json = CredentialDetails(services, *after, true);
  if (!json.ok()) return json.status();
  (*json)["previous_valid_until"] =
      grace_seconds > 0 ? TimeOrNull(old_valid_until) : nullptr;
  return http::JsonResponse(200, *json);
}

Result<http::Response> RegenerateRoute(ApiServices& services, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request, /*allow_empty=*/true);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto grace = reader.Int("grace_seconds", false, 0, kMaxGraceSeconds);
  HW_RETURN_IF_ERROR(reader.Finish());
  return Regenerate(services, call, std::nullopt, grace.value_or(0));
}

Result<http::Response> Rename(ApiServices& services, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto name = reader.String("name", true);
  CheckName(reader, name);
  HW_RETURN_IF_ERROR(reader.Finish());
  auto current = services.store.GetIntegrationToken(call.org().id,
                                                    call.request.Param("id"));
  if (!current.ok()) return current.status();
  if (current->name == *name) {
    // Nothing changes, so no new credentials either.
    auto json = CredentialDetails(services, *current, true);
    if (!json.ok()) return json.status();
    return http::JsonResponse(200, *json);
  }
  return Regenerate(services, call, name, 0);
}

Result<http::Response> Delete(ApiServices& services, OrgCall& call) {
  auto credential = services.store.GetIntegrationToken(
      call.org().id, call.request.Param("id"));
  if (!credential.ok()) return credential.status();
  auto apps = services.store.DeleteIntegrationToken(
      call.org().id, credential->id, services.clock.NowMillis(),
      MakeAudit(call, services.clock.NowMillis(), "integration_token.deleted",
                Target(*credential)));
  if (!apps.ok()) return apps.status();
  boost::json::object json =
      ListJson("applications", *apps, ApplicationSummaryJson);
  json["id"] = credential->id;
  json["deleted"] = true;
  return http::JsonResponse(200, json);
}

}  // namespace

void RegisterIntegrationTokenRoutes(http::Router& router,
                                    ApiServices& services) {
  const std::string base = "/api/v1/orgs/{org}/integration-tokens";
  router.Add(
      "GET", base,
      InOrganization(services, Role::kMember,
                     [&services](OrgCall& call) -> Result<http::Response> {
                       return WholeListResponse(
                           call.request, "integration-tokens:" + call.org().id,
                           "integration_tokens",
                           [&] {
                             return services.store.ListIntegrationTokens(
                                 call.org().id);
                           },
                           CredentialJson,
                           [](const IntegrationToken& c) {
                             return ListPosition{c.name, c.id};
                           });
                     }));
  router.Add("POST", base,
             InOrganization(services, Role::kAdmin, [&services](OrgCall& c) {
               return Create(services, c);
             }));
  router.Add("GET", base + "/{id}",
             InOrganization(services, Role::kMember, [&services](OrgCall& c) {
               return Show(services, c);
             }));
  router.Add("POST", base + "/{id}/regenerate",
             InOrganization(services, Role::kAdmin, [&services](OrgCall& c) {
               return RegenerateRoute(services, c);
             }));
  router.Add("PATCH", base + "/{id}",
             InOrganization(services, Role::kAdmin, [&services](OrgCall& c) {
               return Rename(services, c);
             }));
  router.Add("DELETE", base + "/{id}",
             InOrganization(services, Role::kAdmin, [&services](OrgCall& c) {
               return Delete(services, c);
             }));
}

}  // namespace hookwarden::api
