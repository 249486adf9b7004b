#include "api/secrets_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "api/list_page.h"
#include "api/views.h"
#include "domain/secret.h"
#include "http/json_body.h"

namespace hookwarden::api {
namespace {

AuditTarget Target(const std::string& name) { return {"secret", name, name}; }

Result<http::Response> Create(ApiServices& services, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto name = reader.String("name", true);
  auto value = reader.String("value", true);
  if (name && !IsValidSecretName(*name)) {
    reader.Fail(Status::Invalid(
        "name",
        "name must be 1 to 64 of A-Z, 0-9 and '_', not starting with a digit"));
  }
  if (value && !IsValidSecretValue(*value)) {
    reader.Fail(Status::Invalid(
        "value", "value must be 1 to " + std::to_string(kMaxSecretValueBytes) +
                     " bytes"));
  }
  HW_RETURN_IF_ERROR(reader.Finish());

  int64_t now = services.clock.NowMillis();
  Secret secret = services.secrets.Make(call.org().id, *name, *value,
                                        call.caller.user.username, now);
  HW_RETURN_IF_ERROR(services.store.CreateSecret(
      secret, MakeAudit(call, now, "secret.created", Target(*name))));
  return http::JsonResponse(201, SecretJson(secret));
}

// "true" or "false"; absent is false.
Result<bool> ForceParam(const http::Request& request) {
  auto force = request.QueryParam("force");
  if (!force || *force == "false") return false;
  if (*force == "true") return true;
  return Status::Invalid("force", "force must be true or false");
}

Result<http::Response> Delete(ApiServices& services, OrgCall& call) {
  auto force = ForceParam(call.request);
  if (!force.ok()) return force.status();
  const std::string& name = call.request.Param("name");
  boost::json::object details;
  if (*force) details["force"] = true;
  HW_RETURN_IF_ERROR(services.store.DeleteSecret(
      call.org().id, name, *force,
      MakeAudit(call, services.clock.NowMillis(), "secret.deleted",
                Target(name), details)));
  return http::NoContent();
}

// What every method but DELETE gets on one secret: a 405 that says why.
http::Handler Refused(std::string message) {
  return [message = std::move(message)](http::Request&,
                                        http::Responder respond) {
    http::Response r = http::ErrorResponse(Status::MethodNotAllowed(message));
    r.headers.emplace_back("Allow", "DELETE");
    respond(std::move(r));
  };
}

}  // namespace

void RegisterSecretRoutes(http::Router& router, ApiServices& services) {
  const std::string base = "/api/v1/orgs/{org}/secrets";
  router.Add(
      "GET", base,
      InOrganization(services, Role::kMember,
                     [&services](OrgCall& call) -> Result<http::Response> {
                       return WholeListResponse(
                           call.request, "secrets:" + call.org().id, "secrets",
                           [&] {
                             return services.store.ListSecrets(call.org().id);
                           },
                           SecretJson,
                           [](const Secret& s) {
                             return ListPosition{s.name, s.name};
                           });
                     }));
  router.Add("POST", base,
             InOrganization(services, Role::kAdmin, [&services](OrgCall& c) {
               return Create(services, c);
             }));
  router.Add("DELETE", base + "/{name}",
             InOrganization(services, Role::kAdmin, [&services](OrgCall& c) {
               return Delete(services, c);
             }));
  const std::string edit =
      "a secret cannot be edited: delete it and create it again";
  router.Add("PUT", base + "/{name}", Refused(edit));
  router.Add("PATCH", base + "/{name}", Refused(edit));
  router.Add("GET", base + "/{name}",
             Refused("a secret's value is never shown again; list the names "
                     "with GET on the secrets"));
  router.Add("POST", base + "/{name}",
             Refused("create a secret with POST on the secrets"));
}

}  // namespace hookwarden::api
