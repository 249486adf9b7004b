#include "api/applications_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "api/json_body.h"
#include "api/validation.h"
#include "api/views.h"
#include "auth/random.h"
#include "domain/naming.h"

namespace hookwarden::api {
namespace {

// The fields of an application body that create and patch share.
struct ApplicationFields {
  std::optional<std::string> product, name, slug, severity;
  std::optional<int64_t> failures_to_open, hits_to_close,
      no_data_timeout_seconds;
};

Result<ApplicationFields> ReadApplicationFields(const http::Request& request,
                                                bool creating) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return body.status();
  BodyReader reader(*body);
  ApplicationFields f;
  f.product = reader.String("product", creating);
  f.name = reader.String("name", creating);
  f.slug = reader.String("slug", false);
  f.failures_to_open =
      reader.Int("failures_to_open", false, 1, kMaxConsecutiveCount);
  f.hits_to_close = reader.Int("hits_to_close", false, 1, kMaxConsecutiveCount);
  f.severity = reader.String("severity", false);
  f.no_data_timeout_seconds =
      reader.Int("no_data_timeout_seconds", false, 0, kMaxNoDataTimeoutSeconds);
  CheckName(reader, f.name);
  CheckSlug(reader, f.slug);
  if (f.severity && !IsValidSeverity(*f.severity)) {
    reader.Fail(Status::Invalid(
        "severity",
        "severity must be sev1, sev2, sev3, sev4, sev5 or not_classified"));
  }
  HW_RETURN_IF_ERROR(reader.Finish());
  return f;
}

// Applies the given fields to `app`; resolves the product within the
// organization (a product of another organization is a 422, like a missing
// one).
Status Apply(ApiServices& services, const ApplicationFields& f,
             Application& app) {
  if (f.product) {
    auto product = services.store.GetProduct(app.organization_id, *f.product);
    if (!product.ok()) {
      if (product.status().code() == ErrorCode::kNotFound) {
        return Status::Invalid("product",
                               "no such product in this organization");
      }
      return product.status();
    }
    app.product_id = product->id;
  }
  if (f.name) app.name = *f.name;
  if (f.slug) app.slug = *f.slug;
  if (f.failures_to_open) app.rules.failures_to_open = *f.failures_to_open;
  if (f.hits_to_close) app.rules.hits_to_close = *f.hits_to_close;
  if (f.severity) app.rules.severity = *f.severity;
  if (f.no_data_timeout_seconds)
    app.rules.no_data_timeout_seconds = *f.no_data_timeout_seconds;
  return Status::Ok();
}

boost::json::object ChangesJson(const ApplicationFields& f) {
  boost::json::object changes;
  if (f.product) changes["product"] = *f.product;
  if (f.name) changes["name"] = *f.name;
  if (f.slug) changes["slug"] = *f.slug;
  if (f.failures_to_open) changes["failures_to_open"] = *f.failures_to_open;
  if (f.hits_to_close) changes["hits_to_close"] = *f.hits_to_close;
  if (f.severity) changes["severity"] = *f.severity;
  if (f.no_data_timeout_seconds)
    changes["no_data_timeout_seconds"] = *f.no_data_timeout_seconds;
  return changes;
}

Result<http::Response> CreateApplication(ApiServices& services, OrgCall& call) {
  auto fields = ReadApplicationFields(call.request, true);
  if (!fields.ok()) return fields.status();
  Application app;
  app.id = auth::NewId("app");
  app.organization_id = call.org().id;
  HW_RETURN_IF_ERROR(Apply(services, *fields, app));
  if (!fields->slug) app.slug = SlugFromName(app.name, "app");
  app.created_at = app.updated_at = services.clock.NowMillis();
  auto created = services.store.CreateApplication(
      app, fields->slug.has_value(),
      MakeAudit(call, app.created_at, "application.created",
                {"application", app.id, app.name}, ChangesJson(*fields)));
  if (!created.ok()) return created.status();
  return http::JsonResponse(201, ApplicationJson(*created));
}

Result<http::Response> UpdateApplication(ApiServices& services, OrgCall& call) {
  auto fields = ReadApplicationFields(call.request, false);
  if (!fields.ok()) return fields.status();
  auto app =
      services.store.GetApplication(call.org().id, call.request.Param("app"));
  if (!app.ok()) return app.status();
  HW_RETURN_IF_ERROR(Apply(services, *fields, *app));
  app->updated_at = services.clock.NowMillis();
  auto updated = services.store.UpdateApplication(
      *app,
      MakeAudit(call, app->updated_at, "application.updated",
                {"application", app->id, app->name}, ChangesJson(*fields)));
  if (!updated.ok()) return updated.status();
  return http::JsonResponse(200, ApplicationJson(*updated));
}

Result<http::Response> ListApplications(ApiServices& services, OrgCall& call) {
  std::optional<std::string> product_id;
  if (auto ref = call.request.QueryParam("product")) {
    auto product = services.store.GetProduct(call.org().id, *ref);
    if (!product.ok()) return product.status();
    product_id = product->id;
  }
  auto list = services.store.ListApplications(call.org().id, product_id);
  if (!list.ok()) return list.status();
  return http::JsonResponse(200,
                            ListJson("applications", *list, ApplicationJson));
}

}  // namespace

void RegisterApplicationRoutes(http::Router& router, ApiServices& services) {
  router.Add(
      "GET", "/api/v1/orgs/{org}/applications",
      InOrganization(services, Role::kMember, [&services](OrgCall& call) {
        return ListApplications(services, call);
      }));
  router.Add("POST", "/api/v1/orgs/{org}/applications",
             InOrganization(services, Role::kAdmin, [&services](OrgCall& call) {
               return CreateApplication(services, call);
             }));
  router.Add(
      "GET", "/api/v1/orgs/{org}/applications/{app}",
      InOrganization(services, Role::kMember,
                     [&services](OrgCall& call) -> Result<http::Response> {
                       auto app = services.store.GetApplication(
                           call.org().id, call.request.Param("app"));
                       if (!app.ok()) return app.status();
                       return http::JsonResponse(200, ApplicationJson(*app));
                     }));
  router.Add("PATCH", "/api/v1/orgs/{org}/applications/{app}",
             InOrganization(services, Role::kAdmin, [&services](OrgCall& call) {
               return UpdateApplication(services, call);
             }));
  router.Add(
      "DELETE", "/api/v1/orgs/{org}/applications/{app}",
      InOrganization(services, Role::kAdmin,
                     [&services](OrgCall& call) -> Result<http::Response> {
                       auto app = services.store.GetApplication(
                           call.org().id, call.request.Param("app"));
                       if (!app.ok()) return app.status();
                       HW_RETURN_IF_ERROR(services.store.DeleteApplication(
                           call.org().id, app->id,
                           MakeAudit(call, services.clock.NowMillis(),
                                     "application.deleted",
                                     {"application", app->id, app->name})));
                       return http::NoContent();
                     }));
}

}  // namespace hookwarden::api
