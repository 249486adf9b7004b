#include "api/events_read_api.h"

#include <charconv>

#include "api/cursor.h"
#include "api/handler.h"
#include "api/query_params.h"
#include "api/views.h"
#include "common/time_format.h"

namespace hookwarden::api {
namespace {

boost::json::object EventJson(const Event& e) {
  return {
      {"id", e.id},
      {"status", EventStatusName(StatusOf(e))},
      {"timestamp", FormatRfc3339(e.at)},
      {"received_at", FormatRfc3339(e.received_at)},
      {"latency_ms", NumberOrNull(e.latency_ms)},
      {"message", e.message ? boost::json::value(*e.message) : nullptr},
      {"exit_code", e.exit_code ? boost::json::value(*e.exit_code) : nullptr},
      {"output", e.output ? boost::json::value(*e.output) : nullptr},
      {"output_truncated", e.output_truncated},
      {"duration_ms",
       e.duration_ms ? boost::json::value(*e.duration_ms) : nullptr}};
}

Result<http::Response> ListEvents(ApiServices& s, OrgCall& call) {
  auto app = s.store.GetApplication(call.org().id, call.request.Param("app"));
  if (!app.ok()) return app.status();
  Store::EventQuery query;
  if (auto status = call.request.QueryParam("status")) {
    query.status = ParseEventStatus(*status);
    if (!query.status) {
      return Status::BadRequest("status must be hit, failure or log",
                                "bad_request", "status");
    }
  }
  auto from = TimeParam(call.request, "from");
  if (!from.ok()) return from.status();
  auto to = TimeParam(call.request, "to");
  if (!to.ok()) return to.status();
  auto limit = IntParam(call.request, "limit", 100, 1, 1000);
  if (!limit.ok()) return limit.status();
  query.from = *from;
  query.to = *to;
  auto cursor = CursorParam(call.request);
  if (!cursor.ok()) return cursor.status();
  if (*cursor) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(
        (*cursor)->id.data(), (*cursor)->id.data() + (*cursor)->id.size(), id);
    if (ec != std::errc() ||
        end != (*cursor)->id.data() + (*cursor)->id.size()) {
      return DecodeCursor("").status();
    }
    query.before = std::pair<int64_t, int64_t>{(*cursor)->time, id};
  }
  query.limit = static_cast<int>(*limit) + 1;
  auto events = s.store.ListEvents(call.org().id, app->id, query);
  if (!events.ok()) return events.status();
  return http::JsonResponse(
      200, PageJson("events", std::move(*events), static_cast<int>(*limit),
                    EventJson, [](const Event& e) {
                      return Cursor{0, e.at, std::to_string(e.id)};
                    }));
}

Result<http::Response> ListDeploys(ApiServices& s, OrgCall& call) {
  auto app = s.store.GetApplication(call.org().id, call.request.Param("app"));
  if (!app.ok()) return app.status();
  auto from = TimeParam(call.request, "from");
  if (!from.ok()) return from.status();
  auto to = TimeParam(call.request, "to");
  if (!to.ok()) return to.status();
  auto limit = IntParam(call.request, "limit", 100, 1, 1000);
  if (!limit.ok()) return limit.status();
  auto cursor = CursorParam(call.request);
  if (!cursor.ok()) return cursor.status();
  std::optional<Store::DeployPosition> before;
  if (*cursor) before = Store::DeployPosition{(*cursor)->time, (*cursor)->id};
  auto deploys = s.store.ListDeploys(call.org().id, app->id, *from, *to,
                                     static_cast<int>(*limit) + 1, before);
  if (!deploys.ok()) return deploys.status();
  return http::JsonResponse(
      200, PageJson(
               "deploys", std::move(*deploys), static_cast<int>(*limit),
               [&](const Deploy& d) { return DeployJson(d, app->slug); },
               [](const Deploy& d) {
                 return Cursor{0, d.created_at, d.id};
               }));
}

}  // namespace

void RegisterEventReadRoutes(http::Router& router, ApiServices& services) {
  router.Add(
      "GET", "/api/v1/orgs/{org}/applications/{app}/events",
      InOrganization(services, Role::kMember, [&services](OrgCall& call) {
        return ListEvents(services, call);
      }));
  router.Add(
      "GET", "/api/v1/orgs/{org}/applications/{app}/deploys",
      InOrganization(services, Role::kMember, [&services](OrgCall& call) {
        return ListDeploys(services, call);
      }));
}

}  // namespace hookwarden::api
