#include "api/api_keys_api.h"

#include "api/handler.h"
#include "api/list_page.h"
#include "api/validation.h"
#include "api/views.h"
#include "auth/random.h"
#include "auth/token.h"
#include "domain/naming.h"
#include "http/json_body.h"

namespace hookwarden::api {

void RegisterApiKeyRoutes(http::Router& router, ApiServices& services) {
  router.Add("POST", "/api/v1/api-keys",
             Authenticated(
                 services, [&services](Call& call) -> Result<http::Response> {
                   auto body = http::ParseJsonObject(call.request);
                   if (!body.ok()) return body.status();
                   http::BodyReader reader(*body);
                   auto name = reader.String("name", true);
                   CheckName(reader, name);
                   HW_RETURN_IF_ERROR(reader.Finish());

                   std::string token =
                       auth::MintToken(auth::TokenKind::kPersonal);
                   ApiKey key{auth::NewId("key"),
                              call.caller.user.id,
                              *name,
                              services.hasher.Hash(token),
                              auth::TokenHint(token),
                              services.clock.NowMillis(),
                              std::nullopt};
                   HW_RETURN_IF_ERROR(services.store.CreateApiKey(key));
                   boost::json::object json = ApiKeyJson(key);
                   json.erase("last_used_at");
                   json["key"] = token;
                   return http::JsonResponse(201, json);
                 }));

  router.Add(
      "GET", "/api/v1/api-keys",
      Authenticated(
          services, [&services](Call& call) -> Result<http::Response> {
            return WholeListResponse(
                call.request, "api-keys:" + call.caller.user.id, "api_keys",
                [&] { return services.store.ListApiKeys(call.caller.user.id); },
                ApiKeyJson,
                [](const ApiKey& k) { return ByTime(k.created_at, k.id); });
          }));

  router.Add("DELETE", "/api/v1/api-keys/{id}",
             Authenticated(
                 services, [&services](Call& call) -> Result<http::Response> {
                   HW_RETURN_IF_ERROR(services.store.DeleteApiKey(
                       call.caller.user.id, call.request.Param("id")));
                   return http::NoContent();
                 }));
}

}  // namespace hookwarden::api
