#include "api/applications_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "api/list_page.h"
#include "api/maintenance_windows_api.h"
#include "api/validation.h"
#include "api/views.h"
#include "auth/random.h"
#include "domain/curl_commands.h"
#include "domain/naming.h"
#include "http/json_body.h"

namespace hookwarden::api {
namespace {

// The schedule object of an application body: {period_seconds} or {cron,
// timezone}; a 422 names the member as "schedule.<member>".
Result<Schedule> ReadSchedule(const boost::json::object& body) {
  http::BodyReader reader(body);
  Schedule s;
  auto period = reader.Int("period_seconds", false, kMinSchedulePeriodSeconds,
                           kMaxSchedulePeriodSeconds);
  auto cron = reader.String("cron", false);
  auto zone = reader.String("timezone", false);
  Status read = reader.Finish();
  if (!read.ok()) {
    return Status::Invalid("schedule." + read.field(),
                           "schedule." + read.message(), read.error_code());
  }
  if (!period && !cron) {
    return Status::Invalid("schedule", "a schedule has period_seconds or cron");
  }
  if (period && cron) {
    return Status::Invalid("schedule",
                           "a schedule has either period_seconds or cron");
  }
  if (zone && !cron) {
    return Status::Invalid("schedule.timezone",
                           "schedule.timezone goes with schedule.cron");
  }
  if (period) s.period_seconds = *period;
  if (cron) s.cron = *cron;
  if (zone) s.timezone = *zone;
  HW_RETURN_IF_ERROR(ValidateSchedule(s));
  return s;
}

// The slo object of an application body: {objective_percent, window_days,
// indicator?}; a 422 names the member as "slo.<member>".
Result<Slo> ReadSlo(const boost::json::object& body) {
  http::BodyReader reader(body);
  Slo slo;
  auto objective = reader.Number("objective_percent", true, -1e9, 1e9);
  auto window = reader.Int("window_days", true, INT64_MIN, INT64_MAX);
  auto indicator = reader.String("indicator", false);
  Status read = reader.Finish();
  if (!read.ok()) {
    return Status::Invalid("slo." + read.field(), "slo." + read.message(),
                           read.error_code());
  }
  slo.objective_percent = *objective;
  slo.window_days = *window;
  if (indicator) slo.indicator = *indicator;
  HW_RETURN_IF_ERROR(CheckSlo(slo));
  return slo;
}

// The fields of an application body that create and patch share.
struct ApplicationFields {
  std::optional<std::string> product, name, slug, severity;
  std::optional<int64_t> failures_to_open, hits_to_close,
      no_data_timeout_seconds, grace_seconds;
  // Absent: unchanged; null: none.
  std::optional<std::optional<Schedule>> schedule;
  // Absent: unchanged; null: no limit.
  std::optional<std::optional<int64_t>> max_runtime_seconds;
  std::optional<std::optional<Slo>> slo;
  // Absent: unchanged; null: unset; a string: a credential's id or name.
  std::optional<std::optional<std::string>> hits_failure_credential,
      deploy_credential;
};

Result<ApplicationFields> ReadApplicationFields(const http::Request& request,
                                                bool creating) {
  auto body = http::ParseJsonObject(request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
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
  f.grace_seconds = reader.Int("grace_seconds", false, 0, kMaxGraceSeconds);
  f.max_runtime_seconds =
      reader.NullableInt("max_runtime_seconds", 1, kMaxRuntimeSeconds);
  if (auto schedule = reader.NullableObject("schedule")) {
    if (*schedule == nullptr) {
      f.schedule = std::optional<Schedule>();
    } else {
      auto read = ReadSchedule(**schedule);
      if (read.ok()) {
        f.schedule = std::optional<Schedule>(std::move(read).value());
      } else {
        reader.Fail(read.status());
      }
    }
  }
  if (auto slo = reader.NullableObject("slo")) {
    if (*slo == nullptr) {
      f.slo = std::optional<Slo>();
    } else {
      auto read = ReadSlo(**slo);
      if (read.ok()) {
        f.slo = std::optional<Slo>(std::move(read).value());
      } else {
        reader.Fail(read.status());
      }
    }
  }
  f.hits_failure_credential = reader.NullableString("hits_failure_credential");
  f.deploy_credential = reader.NullableString("deploy_credential");
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

// The live credential of `type` that `ref` (id or name) names in the
// organization; a 422 on `field` otherwise.
Result<CredentialLink> ResolveCredential(ApiServices& services,
                                         const std::string& org_id,
                                         const std::string& ref,
                                         CredentialType type,
                                         const std::string& field) {
  auto credentials = services.store.ListIntegrationTokens(org_id);
  if (!credentials.ok()) return credentials.status();
  for (const IntegrationToken& c : *credentials) {
    if (c.id != ref && c.name != ref) continue;
    if (c.type != type) {
      if (c.id != ref) continue;  // A name may exist for both types.
      return Status::Invalid(field, field + " must name a " +
                                        std::string(CredentialTypeName(type)) +
                                        " integration token");
    }
    return CredentialLink{c.id, c.name, false};
  }
  return Status::Invalid(field, "no " + std::string(CredentialTypeName(type)) +
                                    " integration token '" + ref +
                                    "' in this organization");
}

Status ApplyCredential(ApiServices& services, const std::string& org_id,
                       const std::optional<std::optional<std::string>>& given,
                       CredentialType type, const std::string& field,
                       std::optional<CredentialLink>& link) {
  if (!given) return Status::Ok();
  if (!*given) {
    link.reset();
    return Status::Ok();
  }
  auto resolved = ResolveCredential(services, org_id, **given, type, field);
  if (!resolved.ok()) return resolved.status();
  link = std::move(resolved.value());
  return Status::Ok();
}

// Applies the given fields to `app`; resolves the product and credentials
// within the organization (one of another organization is a 422, like a
// missing one).
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
  if (f.no_data_timeout_seconds) {
    app.rules.no_data_timeout_seconds = *f.no_data_timeout_seconds;
  }
  if (f.schedule) app.rules.schedule = *f.schedule;
  if (f.grace_seconds) app.rules.grace_seconds = *f.grace_seconds;
  if (f.max_runtime_seconds) {
    app.rules.max_runtime_seconds = *f.max_runtime_seconds;
  }
  if (f.slo) app.slo = *f.slo;
  HW_RETURN_IF_ERROR(
      ApplyCredential(services, app.organization_id, f.hits_failure_credential,
                      CredentialType::kHitsFailure, "hits_failure_credential",
                      app.hits_failure_credential));
  return ApplyCredential(services, app.organization_id, f.deploy_credential,
                         CredentialType::kDeploy, "deploy_credential",
                         app.deploy_credential);
}

boost::json::object ChangesJson(const ApplicationFields& f) {
  boost::json::object changes;
  auto put = [&](const char* key, const auto& value) {
    if (value) changes[key] = *value;
  };
  put("product", f.product);
  put("name", f.name);
  put("slug", f.slug);
  put("failures_to_open", f.failures_to_open);
  put("hits_to_close", f.hits_to_close);
  put("severity", f.severity);
  put("no_data_timeout_seconds", f.no_data_timeout_seconds);
  put("grace_seconds", f.grace_seconds);
  if (f.max_runtime_seconds) {
    changes["max_runtime_seconds"] =
        *f.max_runtime_seconds ? boost::json::value(**f.max_runtime_seconds)
                               : nullptr;
  }
  if (f.schedule) {
    changes["schedule"] =
        *f.schedule ? boost::json::value(ScheduleJson(**f.schedule)) : nullptr;
  }
  if (f.slo) {
    changes["slo"] = *f.slo ? boost::json::value(SloJson(**f.slo)) : nullptr;
  }
  auto put_link = [&](const char* key, const auto& value) {
    if (value) changes[key] = *value ? boost::json::value(**value) : nullptr;
  };
  put_link("hits_failure_credential", f.hits_failure_credential);
  put_link("deploy_credential", f.deploy_credential);
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
      services.credentials.MinterFor(call.org().id),
      MakeAudit(call, app.created_at, "application.created",
                {"application", app.id, app.name}, ChangesJson(*fields)));
  if (!created.ok()) return created.status();
  HW_RETURN_IF_ERROR(MarkMaintenance(services, *created));
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
      *app, services.credentials.MinterFor(call.org().id),
      MakeAudit(call, app->updated_at, "application.updated",
                {"application", app->id, app->name}, ChangesJson(*fields)));
  if (!updated.ok()) return updated.status();
  HW_RETURN_IF_ERROR(MarkMaintenance(services, *updated));
  return http::JsonResponse(200, ApplicationJson(*updated));
}

Result<http::Response> ListApplications(ApiServices& services, OrgCall& call) {
  std::optional<std::string> product_id;
  if (auto ref = call.request.QueryParam("product")) {
    auto product = services.store.GetProduct(call.org().id, *ref);
    if (!product.ok()) return product.status();
    product_id = product->id;
  }
  return WholeListResponse(
      call.request,
      "applications:" + call.org().id + ":" + product_id.value_or(""),
      "applications",
      [&]() -> Result<std::vector<Application>> {
        auto list = services.store.ListApplications(call.org().id, product_id);
        if (!list.ok()) return list.status();
        HW_RETURN_IF_ERROR(MarkMaintenance(services, call.org().id, *list));
        return list;
      },
      ApplicationJson,
      [](const Application& a) {
        return ListPosition{a.name, a.id};
      });
}

// The application's own deploy token with its curl command, as its page
// shows them. Every read is audited.
Result<http::Response> ShowDeployToken(ApiServices& services, OrgCall& call) {
  auto app =
      services.store.GetApplication(call.org().id, call.request.Param("app"));
  if (!app.ok()) return app.status();
  if (!app->deploy_credential || app->deploy_credential->deleted) {
    return Status::Conflict(
        "the application names no deploy credential; set deploy_credential "
        "first",
        "deploy_credential");
  }
  int64_t now = services.clock.NowMillis();
  auto token = services.store.CurrentIssuedToken(
      app->deploy_credential->id, auth::TokenKind::kDeploy, app->id, now);
  if (!token.ok()) return token.status();
  auto value = services.credentials.Reveal(*token);
  if (!value.ok()) return value.status();
  HW_RETURN_IF_ERROR(services.store.RecordAuditEntry(
      MakeAudit(call, now, "deploy_token.viewed",
                {"application", app->id, app->name}, {{"hint", token->hint}})));
  return http::JsonResponse(
      200,
      {{"application", ApplicationSummaryJson({app->id, app->slug, app->name})},
       {"deploy_credential", CredentialLinkJson(app->deploy_credential)},
       {"token", *value},
       {"hint", token->hint},
       {"curl", DeployCurl(services.public_url, *value)}});
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
                       HW_RETURN_IF_ERROR(MarkMaintenance(services, *app));
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
  router.Add("GET", "/api/v1/orgs/{org}/applications/{app}/deploy-token",
             InOrganization(services, Role::kAdmin, [&services](OrgCall& call) {
               return ShowDeployToken(services, call);
             }));
}

}  // namespace hookwarden::api
