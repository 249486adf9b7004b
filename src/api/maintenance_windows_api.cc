#include "api/maintenance_windows_api.h"

#include "api/audit.h"
#include "api/cursor.h"
#include "api/handler.h"
#include "api/query_params.h"
#include "auth/random.h"
#include "common/time_format.h"
#include "http/json_body.h"

namespace hookwarden::api {
namespace {

namespace json = boost::json;

json::array SlugsJson(const std::vector<MaintenanceTarget>& targets) {
  json::array out;
  for (const MaintenanceTarget& t : targets) out.push_back(json::value(t.slug));
  return out;
}

json::object WindowJson(const MaintenanceWindow& w, int64_t now) {
  return {{"id", w.id},
          {"reason", w.reason},
          {"starts_at", FormatRfc3339(w.starts_at)},
          {"ends_at", FormatRfc3339(w.ends_at)},
          {"status", MaintenanceStatus(w, now)},
          {"applications", SlugsJson(w.applications)},
          {"products", SlugsJson(w.products)},
          {"created_by", w.created_by},
          {"created_at", FormatRfc3339(w.created_at)},
          {"updated_at", FormatRfc3339(w.updated_at)}};
}

AuditTarget Target(const MaintenanceWindow& w) {
  return {"maintenance_window", w.id, w.reason};
}

// The fields of a create or update body, each absent when not given.
struct WindowFields {
  std::optional<std::string> reason;
  std::optional<int64_t> starts_at, ends_at;
  std::optional<std::vector<MaintenanceTarget>> applications, products;
  json::object changes;  // For the audit entry: what the body set.
};

std::optional<int64_t> ReadTime(http::BodyReader& reader, std::string_view name,
                                bool required) {
  auto text = reader.String(name, required);
  if (!text) return std::nullopt;
  auto at = ParseRfc3339(*text);
  if (!at) {
    reader.Fail(Status::Invalid(std::string(name),
                                std::string(name) +
                                    " must be an RFC 3339 date-time, like "
                                    "2026-01-31T12:00:00Z"));
  }
  return at;
}

// The organization's applications (or products) named by `refs` (slugs or
// ids), or a 422 naming `field` and the first unknown one.
Result<std::vector<MaintenanceTarget>> Resolve(
    ApiServices& s, const std::string& org_id, std::string_view field,
    const std::vector<std::string>& refs) {
  std::vector<MaintenanceTarget> out;
  for (const std::string& ref : refs) {
    Result<MaintenanceTarget> found = Status::NotFound("");
    if (field == "applications") {
      auto app = s.store.GetApplication(org_id, ref);
      if (app.ok())
        found = MaintenanceTarget{app->id, app->slug};
      else
        found = app.status();
    } else {
      auto product = s.store.GetProduct(org_id, ref);
      if (product.ok())
        found = MaintenanceTarget{product->id, product->slug};
      else
        found = product.status();
    }
    if (!found.ok()) {
      if (found.status().code() != ErrorCode::kNotFound) return found.status();
      return Status::Invalid(
          std::string(field),
          std::string(field == "applications" ? "unknown application '"
                                              : "unknown product '") +
              ref + "'");
    }
    bool repeated = false;
    for (const MaintenanceTarget& t : out) repeated |= t.id == found->id;
    if (!repeated) out.push_back(std::move(found).value());
  }
  return out;
}

Result<WindowFields> ReadFields(ApiServices& s, OrgCall& call, bool creating) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  WindowFields f;
  f.reason = reader.String("reason", creating);
  f.starts_at = ReadTime(reader, "starts_at", creating);
  f.ends_at = ReadTime(reader, "ends_at", creating);
  auto apps = reader.StringArray("applications", false, kMaxMaintenanceTargets);
  auto products = reader.StringArray("products", false, kMaxMaintenanceTargets);
  HW_RETURN_IF_ERROR(reader.Finish());
  if (apps) {
    auto resolved = Resolve(s, call.org().id, "applications", *apps);
    if (!resolved.ok()) return resolved.status();
    f.applications = std::move(resolved).value();
    f.changes["applications"] = SlugsJson(*f.applications);
  }
  if (products) {
    auto resolved = Resolve(s, call.org().id, "products", *products);
    if (!resolved.ok()) return resolved.status();
    f.products = std::move(resolved).value();
    f.changes["products"] = SlugsJson(*f.products);
  }
  if (f.reason) f.changes["reason"] = *f.reason;
  if (f.starts_at) f.changes["starts_at"] = FormatRfc3339(*f.starts_at);
  if (f.ends_at) f.changes["ends_at"] = FormatRfc3339(*f.ends_at);
  return f;
}

Result<http::Response> Create(ApiServices& s, OrgCall& call) {
  auto f = ReadFields(s, call, true);
  if (!f.ok()) return f.status();
  int64_t now = s.clock.NowMillis();
  MaintenanceWindow w;
  w.id = auth::NewId("mnt");
  w.organization_id = call.org().id;
  w.reason = *f->reason;
  w.starts_at = *f->starts_at;
  w.ends_at = *f->ends_at;
  w.applications = f->applications.value_or(std::vector<MaintenanceTarget>{});
  w.products = f->products.value_or(std::vector<MaintenanceTarget>{});
  w.created_by = call.caller.user.username;
  w.created_at = w.updated_at = now;
  HW_RETURN_IF_ERROR(CheckMaintenanceContent(w.reason, w.applications.size(),
                                             w.products.size()));
  HW_RETURN_IF_ERROR(CheckMaintenanceTimes(w.starts_at, w.ends_at, now, false));
  auto created = s.store.CreateMaintenanceWindow(
      w, MakeAudit(call, now, "maintenance_window.created", Target(w),
                   f->changes));
  if (!created.ok()) return created.status();
  return http::JsonResponse(201, WindowJson(*created, now));
}

Result<http::Response> Update(ApiServices& s, OrgCall& call) {
  auto f = ReadFields(s, call, false);
  if (!f.ok()) return f.status();
  auto w =
      s.store.GetMaintenanceWindow(call.org().id, call.request.Param("id"));
  if (!w.ok()) return w.status();
  int64_t now = s.clock.NowMillis();
  std::string_view status = MaintenanceStatus(*w, now);
  if (status == "ended") {
    return Status::Conflict("the maintenance window has ended");
  }
  bool under_way = status == "active";
  if (under_way && f->starts_at && *f->starts_at != w->starts_at) {
    return Status::Invalid("starts_at",
                           "the window is under way: its start stays");
  }
  if (f->reason) w->reason = *f->reason;
  if (f->starts_at) w->starts_at = *f->starts_at;
  if (f->ends_at) w->ends_at = *f->ends_at;
  if (f->applications) w->applications = *f->applications;
  if (f->products) w->products = *f->products;
  HW_RETURN_IF_ERROR(CheckMaintenanceContent(w->reason, w->applications.size(),
                                             w->products.size()));
  if (f->starts_at || f->ends_at) {
    HW_RETURN_IF_ERROR(
        CheckMaintenanceTimes(w->starts_at, w->ends_at, now, under_way));
  }
  w->updated_at = now;
  auto updated = s.store.UpdateMaintenanceWindow(
      *w, now,
      MakeAudit(call, now, "maintenance_window.updated", Target(*w),
                f->changes));
  if (!updated.ok()) return updated.status();
  return http::JsonResponse(200, WindowJson(*updated, now));
}

Result<http::Response> End(ApiServices& s, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request, /*allow_empty=*/true);
  if (!body.ok()) return body.status();
  HW_RETURN_IF_ERROR(http::BodyReader(*body).Finish());
  auto w =
      s.store.GetMaintenanceWindow(call.org().id, call.request.Param("id"));
  if (!w.ok()) return w.status();
  int64_t now = s.clock.NowMillis();
  std::string_view status = MaintenanceStatus(*w, now);
  if (status == "planned") {
    return Status::Conflict(
        "the maintenance window has not started: delete it instead");
  }
  if (status == "ended") {
    return Status::Conflict("the maintenance window has ended already");
  }
  w->ends_at = now;
  w->updated_at = now;
  auto ended = s.store.UpdateMaintenanceWindow(
      *w, now,
      MakeAudit(call, now, "maintenance_window.ended", Target(*w),
                {{"ends_at", FormatRfc3339(now)}}));
  if (!ended.ok()) return ended.status();
  return http::JsonResponse(200, WindowJson(*ended, now));
}

Result<http::Response> Delete(ApiServices& s, OrgCall& call) {
  auto w =
      s.store.GetMaintenanceWindow(call.org().id, call.request.Param("id"));
  if (!w.ok()) return w.status();
  int64_t now = s.clock.NowMillis();
  if (MaintenanceStatus(*w, now) == "active") {
    return Status::Conflict(
        "the maintenance window is under way: end it first");
  }
  HW_RETURN_IF_ERROR(s.store.DeleteMaintenanceWindow(
      call.org().id, w->id,
      MakeAudit(call, now, "maintenance_window.deleted", Target(*w))));
  return http::NoContent();
}

Result<http::Response> List(ApiServices& s, OrgCall& call) {
  MaintenanceStore::MaintenanceQuery query;
  int64_t now = s.clock.NowMillis();
  if (auto active = call.request.QueryParam("active")) {
    if (*active != "true" && *active != "false") {
      return Status::BadRequest("active must be true or false", "bad_request",
                                "active");
    }
    if (*active == "true") query.active_at = now;
  }
  auto limit = IntParam(call.request, "limit", 100, 1, 1000);
  if (!limit.ok()) return limit.status();
  auto cursor = CursorParam(call.request);
  if (!cursor.ok()) return cursor.status();
  if (*cursor) query.after = {(*cursor)->time, (*cursor)->id};
  query.limit = static_cast<int>(*limit) + 1;
  auto windows = s.store.ListMaintenanceWindows(call.org().id, query);
  if (!windows.ok()) return windows.status();
  return http::JsonResponse(
      200,
      PageJson(
          "maintenance_windows", std::move(*windows), static_cast<int>(*limit),
          [now](const MaintenanceWindow& w) { return WindowJson(w, now); },
          [](const MaintenanceWindow& w) {
            return Cursor{0, w.starts_at, w.id};
          }));
}

}  // namespace

Status MarkMaintenance(ApiServices& services, const std::string& org_id,
                       std::vector<Application>& apps) {
  auto in = services.store.ApplicationsInMaintenance(
      org_id, services.clock.NowMillis());
  if (!in.ok()) return in.status();
  for (Application& app : apps) app.in_maintenance = in->count(app.id) > 0;
  return Status::Ok();
}

Status MarkMaintenance(ApiServices& services, Application& app) {
  std::vector<Application> one{app};
  HW_RETURN_IF_ERROR(MarkMaintenance(services, app.organization_id, one));
  app.in_maintenance = one.front().in_maintenance;
  return Status::Ok();
}

void RegisterMaintenanceWindowRoutes(http::Router& router, ApiServices& s) {
  const std::string base = "/api/v1/orgs/{org}/maintenance-windows";
  router.Add("GET", base, InOrganization(s, Role::kMember, [&s](OrgCall& c) {
               return List(s, c);
             }));
  router.Add("POST", base, InOrganization(s, Role::kAdmin, [&s](OrgCall& c) {
               return Create(s, c);
             }));
  router.Add(
      "GET", base + "/{id}",
      InOrganization(
          s, Role::kMember, [&s](OrgCall& c) -> Result<http::Response> {
            auto w =
                s.store.GetMaintenanceWindow(c.org().id, c.request.Param("id"));
            if (!w.ok()) return w.status();
            return http::JsonResponse(200, WindowJson(*w, s.clock.NowMillis()));
          }));
  router.Add("PATCH", base + "/{id}",
             InOrganization(s, Role::kAdmin,
                            [&s](OrgCall& c) { return Update(s, c); }));
  router.Add("DELETE", base + "/{id}",
             InOrganization(s, Role::kAdmin,
                            [&s](OrgCall& c) { return Delete(s, c); }));
  router.Add(
      "POST", base + "/{id}/end",
      InOrganization(s, Role::kAdmin, [&s](OrgCall& c) { return End(s, c); }));
}

}  // namespace hookwarden::api
