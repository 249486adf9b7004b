#include "api/slo_api.h"

#include "api/handler.h"
#include "common/time_format.h"
#include "domain/envelope.h"
#include "domain/json_views.h"
#include "domain/slo.h"
#include "metrics/slo_report.h"

namespace hookwarden::api {
namespace {

namespace json = boost::json;

json::array FiringJson(const std::vector<BurnFiring>& firing,
                       const std::optional<Slo>& slo) {
  json::array out;
  for (const BurnFiring& f : firing) out.push_back(BurnFiringJson(f, slo));
  return out;
}

}  // namespace

Result<json::value> SloStateJson(ApiServices& s, const Application& app,
                                 const std::vector<BurnFiring>& firing,
                                 int64_t now) {
  if (!app.slo) return json::value(nullptr);
  auto r = metrics::ReadSloReport(s.store, app.id, *app.slo, now);
  if (!r.ok()) return r.status();
  return json::value{
      {"objective_percent", app.slo->objective_percent},
      {"window_days", app.slo->window_days},
      {"indicator", app.slo->indicator},
      {"attained_percent", NumberOrNull(r->attained_percent)},
      {"error_budget",
       {{"remaining_percent", NumberOrNull(r->budget_remaining_percent)}}},
      {"firing", FiringJson(firing, app.slo)}};
}

Result<json::object> SloReportJson(ApiServices& s, const Application& app,
                                   const std::vector<BurnFiring>& firing) {
  if (!app.slo) return Status::NotFound("the application has no slo");
  const Slo& slo = *app.slo;
  auto r = metrics::ReadSloReport(s.store, app.id, slo, s.clock.NowMillis());
  if (!r.ok()) return r.status();
  return json::object{
      {"objective_percent", slo.objective_percent},
      {"window_days", slo.window_days},
      {"indicator", slo.indicator},
      {"window",
       {{"from", FormatRfc3339(r->window.from)},
        {"to", FormatRfc3339(r->window.to)}}},
      {"attained_percent", NumberOrNull(r->attained_percent)},
      {"error_budget",
       {{"unit", slo.indicator == "events" ? "events" : "seconds"},
        {"total", r->budget_total},
        {"consumed", r->budget_consumed},
        {"remaining_percent", NumberOrNull(r->budget_remaining_percent)}}},
      {"burn_rate", BurnRatesJson(*r)},
      {"firing", FiringJson(firing, app.slo)}};
}

void RegisterSloRoutes(http::Router& router, ApiServices& s) {
  router.Add("GET", "/api/v1/orgs/{org}/applications/{app}/slo",
             InOrganization(s, Role::kMember,
                            [&s](OrgCall& call) -> Result<http::Response> {
                              auto app = s.store.GetApplication(
                                  call.org().id, call.request.Param("app"));
                              if (!app.ok()) return app.status();
                              auto firing = s.store.BurnFiringIn(call.org().id);
                              if (!firing.ok()) return firing.status();
                              auto report =
                                  SloReportJson(s, *app, (*firing)[app->id]);
                              if (!report.ok()) return report.status();
                              json::object body{{"application", app->slug}};
                              for (auto& [k, v] : *report)
                                body[k] = std::move(v);
                              return http::JsonResponse(200, body);
                            }));
}

}  // namespace hookwarden::api
