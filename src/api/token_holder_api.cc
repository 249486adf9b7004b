#include "api/token_holder_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "auth/token.h"
#include "domain/curl_commands.h"
#include "http/bearer.h"
#include "http/json_body.h"
#include "services/notifications.h"

namespace hookwarden::api {
namespace {

// A token that died between the first check and the write is rejected like
// any other: the same 401, never a 404.
Status RejectedIfGone(const Status& s) {
  return s.code() == ErrorCode::kNotFound ? TokenRejected() : s;
}

Result<http::Response> Activate(ApiServices& services, http::Request& request) {
  auto token = services.credentials.Authenticate(http::BearerToken(request),
                                                 auth::TokenKind::kIntegration);
  if (!token.ok()) return token.status();
  auto org = services.store.GetOrganization(token->organization_id);
  if (!org.ok()) return RejectedIfGone(org.status());
  auto credential = services.store.GetIntegrationToken(token->organization_id,
                                                       token->credential_id);
  if (!credential.ok()) return RejectedIfGone(credential.status());
  std::optional<std::string_view> agent = request.Header("user-agent");
  std::string user_agent(agent ? agent->substr(0, 256) : "");

  int64_t now = services.clock.NowMillis();
  auto activation = services.store.Activate(
      *token, services.credentials.MinterFor(token->organization_id), now,
      request.remote_address, user_agent,
      MakeTokenAudit(request, *token, now, "integration_token.activated",
                     {"integration_token", credential->id, credential->name},
                     {{"user_agent", user_agent}}));
  if (!activation.ok()) return RejectedIfGone(activation.status());
  auto value = services.credentials.Reveal(activation->api_token);
  if (!value.ok()) return value.status();
  auto ping_key = services.credentials.Reveal(activation->ping_key);
  if (!ping_key.ok()) return ping_key.status();

  auto apps = services.store.ApplicationsUsingCredential(token->organization_id,
                                                         token->credential_id);
  if (!apps.ok()) return apps.status();
  std::string example_app =
      apps->empty() ? "YOUR_APPLICATION" : apps->front().slug;
  return http::JsonResponse(
      200,
      {{"api_token", *value},
       {"credential", {{"id", credential->id}, {"name", credential->name}}},
       {"organization",
        {{"id", org->id}, {"slug", org->slug}, {"name", org->name}}},
       {"curl", HitCurl(services.public_url, *value, example_app)},
       {"ping_key", *ping_key},
       {"ping_url", PingUrl(services.public_url, *ping_key, example_app)}});
}

// Ok for NotFound, else `s`.
Status UnlessNotFound(const Status& s) {
  return s.code() == ErrorCode::kNotFound ? Status::Ok() : s;
}

// Revokes what `token` is, if anything. Failures to find it are silent: the
// answer must not tell whether the token existed. Any other failure (the
// store unavailable) is answered as it is: nothing was revoked.
Status RevokeToken(ApiServices& services, const http::Request& request,
                   std::string_view token) {
  auto kind = auth::ParseToken(token);
  if (!kind) return Status::Ok();
  std::string hash = services.hasher.Hash(token);
  if (*kind == auth::TokenKind::kPersonal) {
    auto key = services.store.FindApiKeyByHash(hash);
    if (!key.ok()) return UnlessNotFound(key.status());
    services.logger.Info(
        "api key revoked by its holder",
        {{"request_id", request.request_id}, {"api_key_id", key->id}});
    return services.store.DeleteApiKey(key->user_id, key->id);
  }
  int64_t now = services.clock.NowMillis();
  if (*kind == auth::TokenKind::kBadge) {
    auto page = services.store.FindStatusPageByBadgeKey(hash);
    if (!page.ok()) return UnlessNotFound(page.status());
    std::string hint = auth::TokenHint(token);
    auto removed = services.store.ReplaceBadgeKey(
        page->organization_id, "", "", now,
        MakeTokenAudit(request, page->organization_id, hint, now,
                       "status_page.badge_key_revoked",
                       {"status_page", page->organization_id, page->title},
                       {{"hint", hint}}));
    return removed.ok() ? Status::Ok() : removed.status();
  }
  auto issued = services.store.FindIssuedToken(hash, now);
  if (!issued.ok()) return UnlessNotFound(issued.status());
  auto credential = services.store.GetIntegrationToken(issued->organization_id,
                                                       issued->credential_id);
  if (!credential.ok()) return UnlessNotFound(credential.status());
  AuditEntry audit = MakeTokenAudit(
      request, *issued, now, "integration_token.revoked",
      {"integration_token", credential->id, credential->name},
      {{"kind", TokenKindName(issued->kind)}, {"hint", issued->hint}});
  auto regenerated = services.store.RegenerateIntegrationToken(
      issued->organization_id, issued->credential_id, std::nullopt, now, now,
      services.credentials.MinterFor(issued->organization_id), audit,
      NotifyWhenRegenerated(now, now, audit.actor_username));
  return regenerated.ok() ? Status::Ok() : regenerated.status();
}

}  // namespace

void RegisterTokenHolderRoutes(http::Router& router, ApiServices& services) {
  router.Add("POST", "/api/v1/activate",
             Public(services, [&services](http::Request& request) {
               return Activate(services, request);
             }));
  router.Add(
      "POST", "/api/v1/tokens/revoke",
      Public(services,
             [&services](http::Request& request) -> Result<http::Response> {
               auto body = http::ParseJsonObject(request);
               if (!body.ok()) return body.status();
               http::BodyReader reader(*body);
               auto token = reader.String("token", true);
               HW_RETURN_IF_ERROR(reader.Finish());
               HW_RETURN_IF_ERROR(RevokeToken(services, request, *token));
               return http::JsonResponse(200, {{"revoked", true}});
             }));
}

}  // namespace hookwarden::api
