#include "api/incidents_api.h"

#include "api/audit.h"
#include "api/cursor.h"
#include "api/handler.h"
#include "api/incident_publication_api.h"
#include "api/query_params.h"
#include "api/views.h"
#include "common/time_format.h"

namespace hookwarden::api {
namespace {

// What happened to the incident, oldest first: opened, acknowledged,
// resolved, each with its time and who.
boost::json::array Timeline(const Incident& i) {
  boost::json::array out;
  out.push_back({{"at", FormatRfc3339(i.opened_at)},
                 {"event", "opened"},
                 {"by", i.alert ? std::string_view(i.alert->source) : kByRules},
                 {"message", i.cause ? boost::json::value(*i.cause)
                                     : boost::json::value(nullptr)}});
  // An alert that fired again while open: its last time, and how often.
  if (i.alert && i.alert->triggers > 1) {
    out.push_back({{"at", FormatRfc3339(i.alert->last_triggered_at)},
                   {"event", "triggered"},
                   {"by", i.alert->source},
                   {"message", "fired " + std::to_string(i.alert->triggers) +
                                   " times while open"}});
  }
  if (i.acknowledged_at) {
    out.push_back({{"at", FormatRfc3339(*i.acknowledged_at)},
                   {"event", "acknowledged"},
                   {"by", i.acknowledged_by.value_or("")}});
  }
  if (i.resolved_at) {
    out.push_back({{"at", FormatRfc3339(*i.resolved_at)},
                   {"event", "resolved"},
                   {"by", i.resolved_by.value_or("")}});
  }
  return out;
}

Result<http::Response> ListIncidents(ApiServices& s, OrgCall& call) {
  Store::IncidentQuery query;
  if (auto app_ref = call.request.QueryParam("application")) {
    auto app = s.store.GetApplication(call.org().id, *app_ref);
    if (!app.ok()) {
      if (app.status().code() != ErrorCode::kNotFound) return app.status();
      return Status::BadRequest("application not found", "bad_request",
                                "application");
    }
    query.application_id = app->id;
  }
  if (auto status = call.request.QueryParam("status")) {
    if (!IsValidIncidentStatus(*status) && *status != "open") {
      return Status::BadRequest(
          "status must be alarmed, acknowledged, resolved or open",
          "bad_request", "status");
    }
    query.status = std::string(*status);
  }
  auto from = TimeParam(call.request, "from");
  if (!from.ok()) return from.status();
  auto to = TimeParam(call.request, "to");
  if (!to.ok()) return to.status();
  if (*from && *to && **from >= **to) {
    return Status::BadRequest("from must be before to", "bad_request", "from");
  }
  auto limit = IntParam(call.request, "limit", 100, 1, 1000);
  if (!limit.ok()) return limit.status();
  query.from = *from;
  query.to = *to;
  if (auto order = call.request.QueryParam("order")) {
    if (*order != "newest" && *order != "open_first") {
      return Status::BadRequest("order must be newest or open_first",
                                "bad_request", "order");
    }
    query.open_first = *order == "open_first";
  }
  auto total = s.store.CountIncidents(call.org().id, query);
  if (!total.ok()) return total.status();
  auto cursor = CursorParam(call.request);
  if (!cursor.ok()) return cursor.status();
  if (*cursor) {
    query.after = Store::IncidentQuery::Position{
        (*cursor)->rank != 0, (*cursor)->time, (*cursor)->id};
  }
  query.limit = static_cast<int>(*limit) + 1;
  auto incidents = s.store.ListIncidents(call.org().id, query);
  if (!incidents.ok()) return incidents.status();
  boost::json::object page = PageJson(
      "items", std::move(*incidents), static_cast<int>(*limit), IncidentJson,
      [&](const Incident& i) {
        return Cursor{query.open_first && !i.open() ? 1 : 0, i.opened_at, i.id};
      });
  page["total"] = *total;
  return http::JsonResponse(200, std::move(page));
}

Result<http::Response> ShowIncident(ApiServices& s, OrgCall& call) {
  auto incident = s.store.GetIncident(call.org().id, call.request.Param("id"));
  if (!incident.ok()) return incident.status();
  boost::json::object body = IncidentJson(*incident);
  HW_RETURN_IF_ERROR(AddPublication(s, call.org().id, incident->id, body));
  body["timeline"] = Timeline(*incident);
  return http::JsonResponse(200, body);
}

// POST .../acknowledge and .../resolve: `change` is the store call.
template <class Change>
Result<http::Response> ChangeIncident(ApiServices& s, OrgCall& call,
                                      std::string action, Change change) {
  int64_t now = s.clock.NowMillis();
  const std::string& id = call.request.Param("id");
  AuditEntry audit =
      MakeAudit(call, now, std::move(action), {"incident", id, id});
  auto incident =
      change(call.org().id, id, call.caller.user.username, now, audit);
  if (!incident.ok()) return incident.status();
  return http::JsonResponse(200, IncidentJson(*incident));
}

}  // namespace

void RegisterIncidentRoutes(http::Router& router, ApiServices& services) {
  ApiServices& s = services;
  router.Add("GET", "/api/v1/orgs/{org}/incidents",
             InOrganization(s, Role::kMember, [&s](OrgCall& call) {
               return ListIncidents(s, call);
             }));
  router.Add("GET", "/api/v1/orgs/{org}/incidents/{id}",
             InOrganization(s, Role::kMember, [&s](OrgCall& call) {
               return ShowIncident(s, call);
             }));
  router.Add("POST", "/api/v1/orgs/{org}/incidents/{id}/acknowledge",
             InOrganization(s, Role::kAdmin, [&s](OrgCall& call) {
               return ChangeIncident(s, call, "incident.acknowledged",
                                     [&s](auto&&... args) {
                                       return s.incidents.Acknowledge(args...);
                                     });
             }));
  router.Add("POST", "/api/v1/orgs/{org}/incidents/{id}/resolve",
             InOrganization(s, Role::kAdmin, [&s](OrgCall& call) {
               return ChangeIncident(s, call, "incident.resolved",
                                     [&s](auto&&... args) {
                                       return s.incidents.Resolve(args...);
                                     });
             }));
}

}  // namespace hookwarden::api
