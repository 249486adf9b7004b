#include "api/audit_log_api.h"

#include "api/handler.h"
#include "api/query_params.h"
#include "api/views.h"

namespace hookwarden::api {

void RegisterAuditLogRoutes(http::Router& router, ApiServices& services) {
  router.Add(
      "GET", "/api/v1/orgs/{org}/audit-log",
      InOrganization(
          services, Role::kMember,
          [&services](OrgCall& call) -> Result<http::Response> {
            auto limit = IntParam(call.request, "limit", 100, 1, 500);
            if (!limit.ok()) return limit.status();
            auto before =
                OptionalIntParam(call.request, "before", 1, INT64_MAX);
            if (!before.ok()) return before.status();
            auto entries = services.store.ListAuditEntries(
                call.org().id, static_cast<int>(*limit), *before);
            if (!entries.ok()) return entries.status();
            boost::json::object body =
                ListJson("entries", *entries, AuditEntryJson);
            bool full_page = static_cast<int64_t>(entries->size()) == *limit;
            body["next_before"] =
                full_page ? boost::json::value(entries->back().id) : nullptr;
            return http::JsonResponse(200, body);
          }));
}

}  // namespace hookwarden::api
