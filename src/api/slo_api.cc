#include "api/slo_api.h"

#include "api/handler.h"
#include "common/time_format.h"
#include "domain/json_views.h"
#include "domain/slo.h"
#include "metrics/inputs.h"

namespace hookwarden::api {
namespace {

namespace json = boost::json;

constexpr int64_t kMinuteMillis = 60'000;

}  // namespace

Result<json::object> SloReportJson(ApiServices& s, const Application& app) {
  if (!app.slo) return Status::NotFound("the application has no slo");
  const Slo& slo = *app.slo;
  int64_t now = s.clock.NowMillis();
  // Whole minutes, up to the end of the current one.
  metrics::Window read;
  read.to = now - ((now % kMinuteMillis) + kMinuteMillis) % kMinuteMillis +
            kMinuteMillis;
  read.from = read.to - SloLookbackMillis(slo) - kMinuteMillis;
  auto inputs = metrics::ReadInputs(s.store, app.id, read, true);
  if (!inputs.ok()) return inputs.status();
  SloInputs in;
  in.minutes = std::move(inputs->slices);
  in.down = metrics::IncidentSpans(inputs->incidents, now);
  if (!inputs->applications.empty()) {
    in.maintenance = inputs->applications.front().maintenance;
  }
  SloReport r = ComputeSlo(slo, now, in);
  json::object burn;
  for (size_t i = 0; i < kBurnSpans.size(); ++i) {
    burn[kBurnSpans[i].name] = NumberOrNull(r.burn_rates[i]);
  }
  return json::object{
      {"objective_percent", slo.objective_percent},
      {"window_days", slo.window_days},
      {"indicator", slo.indicator},
      {"window",
       {{"from", FormatRfc3339(r.window.from)},
        {"to", FormatRfc3339(r.window.to)}}},
      {"attained_percent", NumberOrNull(r.attained_percent)},
      {"error_budget",
       {{"unit", slo.indicator == "events" ? "events" : "seconds"},
        {"total", r.budget_total},
        {"consumed", r.budget_consumed},
        {"remaining_percent", NumberOrNull(r.budget_remaining_percent)}}},
      {"burn_rate", std::move(burn)}};
}

void RegisterSloRoutes(http::Router& router, ApiServices& s) {
  router.Add("GET", "/api/v1/orgs/{org}/applications/{app}/slo",
             InOrganization(s, Role::kMember,
                            [&s](OrgCall& call) -> Result<http::Response> {
                              auto app = s.store.GetApplication(
                                  call.org().id, call.request.Param("app"));
                              if (!app.ok()) return app.status();
                              auto report = SloReportJson(s, *app);
                              if (!report.ok()) return report.status();
                              json::object body{{"application", app->slug}};
                              for (auto& [k, v] : *report)
                                body[k] = std::move(v);
                              return http::JsonResponse(200, body);
                            }));
}

}  // namespace hookwarden::api
