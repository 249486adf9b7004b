#include "api/metrics_api.h"

#include <map>

#include "api/handler.h"
#include "api/maintenance_windows_api.h"
#include "api/slo_api.h"
#include "api/views.h"
#include "common/time_format.h"
#include "metrics/figures.h"
#include "metrics/inputs.h"

namespace hookwarden::api {
namespace {

using metrics::Figures;
using metrics::Window;

// A series holds at most this many buckets.
constexpr size_t kMaxSeriesPoints = 1440;

int64_t TruncateToMinute(int64_t at) {
  return at - ((at % metrics::kMinuteMillis) + metrics::kMinuteMillis) %
                  metrics::kMinuteMillis;
}

// The window of `from` and `to`, truncated to whole minutes. Without `to`,
// the window ends with the current minute; without `from`, it is the 24
// hours before `to`. Bad windows are 422s.
Result<Window> ReadWindow(const ApiServices& s, const http::Request& request) {
  Window w;
  auto time = [&](std::string_view name) -> Result<std::optional<int64_t>> {
    auto text = request.QueryParam(name);
    if (!text) return std::optional<int64_t>();
    auto at = ParseRfc3339(*text);
    if (!at) {
      return Status::Invalid(std::string(name),
                             std::string(name) +
                                 " must be an RFC 3339 date-time, like "
                                 "2026-01-31T12:00:00Z");
    }
    return std::optional<int64_t>(TruncateToMinute(*at));
  };
  auto from = time("from");
  if (!from.ok()) return from.status();
  auto to = time("to");
  if (!to.ok()) return to.status();
  w.to = to->value_or(TruncateToMinute(s.clock.NowMillis()) +
                      metrics::kMinuteMillis);
  w.from = from->value_or(w.to - metrics::kDayMillis);
  if (w.from >= w.to) {
    return Status::Invalid(
        "from", "from must be before to, by at least one whole minute");
  }
  if (w.length() > s.aggregate_retention_millis) {
    return Status::Invalid(
        "from",
        "the window is longer than the " +
            std::to_string(s.aggregate_retention_millis / metrics::kDayMillis) +
            " days the aggregates are kept");
  }
  return w;
}

// The step of ?step=, or nullopt without one.
Result<std::optional<int64_t>> ReadStep(const http::Request& request,
                                        const Window& w) {
  auto text = request.QueryParam("step");
  if (!text) return std::optional<int64_t>();
  int64_t step = *text == "minute" ? metrics::kMinuteMillis
                 : *text == "hour" ? metrics::kHourMillis
                 : *text == "day"  ? metrics::kDayMillis
                                   : 0;
  if (step == 0) {
    return Status::Invalid("step", "step must be minute, hour or day");
  }
  if (metrics::Buckets(w, step).size() > kMaxSeriesPoints) {
    return Status::Invalid(
        "step", "a series holds at most " + std::to_string(kMaxSeriesPoints) +
                    " points: take a larger step or a shorter window");
  }
  return std::optional<int64_t>(step);
}

boost::json::value Seconds(std::optional<double> millis) {
  if (!millis) return nullptr;
  return NumberOrNull(*millis / 1000.0);
}

boost::json::object FiguresJson(const Figures& f) {
  return {
      {"window",
       {{"from", FormatRfc3339(f.window.from)},
        {"to", FormatRfc3339(f.window.to)}}},
      {"hits", f.hits},
      {"failures", f.failures},
      {"availability", NumberOrNull(f.availability)},
      {"maintenance_seconds",
       Seconds(static_cast<double>(f.maintenance_millis))},
      {"downtime_seconds", Seconds(static_cast<double>(f.downtime_millis))},
      {"uptime_percent", NumberOrNull(f.uptime_percent)},
      {"outages", f.outages},
      {"mttr_seconds", Seconds(f.mttr_millis)},
      {"mtta_seconds", Seconds(f.mtta_millis)},
      {"mtbf_seconds", Seconds(f.mtbf_millis)},
      {"latency_ms",
       {{"avg", NumberOrNull(f.latency.avg)},
        {"min", NumberOrNull(f.latency.min)},
        {"max", NumberOrNull(f.latency.max)},
        {"p95", NumberOrNull(f.latency.p95)}}},
      {"deploys",
       {{"count", f.deploys.count},
        {"per_day", NumberOrNull(f.deploys.per_day)},
        {"change_failure_rate", NumberOrNull(f.deploys.change_failure_rate)},
        {"lead_time_seconds", Seconds(f.deploys.lead_time_millis)}}},
      {"runs",
       {{"count", f.runs.count},
        {"failed", f.runs.failed},
        {"late", f.runs.late},
        {"duration_ms",
         {{"avg", NumberOrNull(f.runs.avg_ms)},
          {"p95", NumberOrNull(f.runs.p95_ms)},
          {"max", NumberOrNull(f.runs.max_ms)}}}}}};
}

Result<http::Response> ApplicationMetrics(ApiServices& s, OrgCall& call) {
  auto app = s.store.GetApplication(call.org().id, call.request.Param("app"));
  if (!app.ok()) return app.status();
  auto window = ReadWindow(s, call.request);
  if (!window.ok()) return window.status();
  auto step = ReadStep(call.request, *window);
  if (!step.ok()) return step.status();
  bool by_minute = *step && **step == metrics::kMinuteMillis;
  auto inputs = metrics::ReadInputs(s.store, app->id, *window, by_minute);
  if (!inputs.ok()) return inputs.status();
  int64_t now = s.clock.NowMillis();
  boost::json::object body{{"application", app->slug}};
  for (auto& [key, value] : FiguresJson(inputs->Compute(*window, now))) {
    body[key] = std::move(value);
  }
  if (*step) {
    boost::json::array series;
    for (const Window& bucket : metrics::Buckets(*window, **step)) {
      boost::json::object point = FiguresJson(inputs->Compute(bucket, now));
      point["from"] = FormatRfc3339(bucket.from);
      point["to"] = FormatRfc3339(bucket.to);
      point.erase("window");
      series.push_back(std::move(point));
    }
    body["series"] = std::move(series);
  }
  return http::JsonResponse(200, body);
}

// The availability of each bucket of `w` by `step`, for a sparkline:
// [{from, availability, hits, failures}].
boost::json::array Sparkline(const metrics::Inputs& inputs, const Window& w,
                             int64_t step, int64_t now) {
  boost::json::array series;
  for (const Window& bucket : metrics::Buckets(w, step)) {
    Figures f = inputs.Compute(bucket, now);
    series.push_back({{"from", FormatRfc3339(bucket.from)},
                      {"availability", NumberOrNull(f.availability)},
                      {"hits", f.hits},
                      {"failures", f.failures}});
  }
  return series;
}

Result<http::Response> OrganizationMetrics(ApiServices& s, OrgCall& call) {
  auto window = ReadWindow(s, call.request);
  if (!window.ok()) return window.status();
  auto step = ReadStep(call.request, *window);
  if (!step.ok()) return step.status();
  if (*step && **step == metrics::kMinuteMillis) {
    return Status::Invalid("step",
                           "the organization's figures take step hour or day");
  }
  auto apps = s.store.ListApplications(call.org().id, std::nullopt);
  if (!apps.ok()) return apps.status();
  HW_RETURN_IF_ERROR(MarkMaintenance(s, call.org().id, *apps));
  auto last_events = s.store.LastEventTimes(call.org().id);
  if (!last_events.ok()) return last_events.status();
  auto products = s.store.ListProducts(call.org().id);
  if (!products.ok()) return products.status();
  auto firing = s.store.BurnFiringIn(call.org().id);
  if (!firing.ok()) return firing.status();
  int64_t now = s.clock.NowMillis();
  std::map<std::string, metrics::Inputs> by_product;
  std::map<std::string, int64_t> app_count;
  metrics::Inputs everything;
  boost::json::array app_rows;
  for (const Application& app : *apps) {
    auto inputs = metrics::ReadInputs(s.store, app.id, *window, false);
    if (!inputs.ok()) return inputs.status();
    boost::json::object row{{"application", app.slug},
                            {"name", app.name},
                            {"product", app.product_slug},
                            {"state", StateName(app.open_incident.has_value(),
                                                app.in_maintenance)}};
    for (auto& [key, value] : FiguresJson(inputs->Compute(*window, now))) {
      if (key != "window") row[key] = std::move(value);
    }
    auto last = last_events->find(app.id);
    row["last_event_at"] =
        last == last_events->end()
            ? boost::json::value(nullptr)
            : boost::json::value(FormatRfc3339(last->second));
    if (*step) row["series"] = Sparkline(*inputs, *window, **step, now);
    auto slo = SloStateJson(s, app, (*firing)[app.id], now);
    if (!slo.ok()) return slo.status();
    row["slo"] = std::move(*slo);
    app_rows.push_back(std::move(row));
    // The product's and the organization's figures are of the window only:
    // one slice per application is enough for them.
    by_product[app.product_id].MergeWithin(*inputs, *window);
    ++app_count[app.product_id];
    everything.MergeWithin(*inputs, *window);
  }
  boost::json::array product_rows;
  for (const Product& p : *products) {
    boost::json::object row{{"product", p.slug},
                            {"name", p.name},
                            {"applications", app_count[p.id]}};
    for (auto& [key, value] :
         FiguresJson(by_product[p.id].Compute(*window, now))) {
      if (key != "window") row[key] = std::move(value);
    }
    product_rows.push_back(std::move(row));
  }
  boost::json::object total = FiguresJson(everything.Compute(*window, now));
  boost::json::value window_json = total["window"];
  total.erase("window");
  return http::JsonResponse(200, {{"window", std::move(window_json)},
                                  {"applications", std::move(app_rows)},
                                  {"products", std::move(product_rows)},
                                  {"total", std::move(total)}});
}

}  // namespace

void RegisterMetricsRoutes(http::Router& router, ApiServices& services) {
  ApiServices& s = services;
  router.Add("GET", "/api/v1/orgs/{org}/applications/{app}/metrics",
             InOrganization(s, Role::kMember, [&s](OrgCall& call) {
               return ApplicationMetrics(s, call);
             }));
  router.Add("GET", "/api/v1/orgs/{org}/metrics",
             InOrganization(s, Role::kMember, [&s](OrgCall& call) {
               return OrganizationMetrics(s, call);
             }));
}

}  // namespace hookwarden::api
