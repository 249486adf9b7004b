#include "api/metrics_api.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

#include "api/handler.h"
#include "api/list_page.h"
#include "api/maintenance_windows_api.h"
#include "api/query_params.h"
#include "api/slo_api.h"
#include "api/views.h"
#include "common/time_floor.h"
#include "common/time_format.h"
#include "metrics/figures.h"
#include "metrics/inputs.h"

namespace hookwarden::api {
namespace {

using metrics::Figures;
using metrics::Window;

// A series holds at most this many buckets.
constexpr size_t kMaxSeriesPoints = 1440;

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
    return std::optional<int64_t>(FloorTo(*at, metrics::kMinuteMillis));
  };
  auto from = time("from");
  if (!from.ok()) return from.status();
  auto to = time("to");
  if (!to.ok()) return to.status();
  w.to = to->value_or(FloorTo(s.clock.NowMillis(), metrics::kMinuteMillis) +
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

// The organization's applications a page shows, as the other lists page
// (api/list_page.h): at most ?limit= after ?cursor=, ordered by name, then
// id; `apps` is sorted so.
struct ApplicationPage {
  size_t first = 0, end = 0;
  std::optional<std::string> next_cursor;
};

ListPosition PositionOf(const Application& app) { return {app.name, app.id}; }

Result<ApplicationPage> ReadApplicationPage(const http::Request& request,
                                            const std::string& org_id,
                                            std::vector<Application>& apps) {
  auto asked = ReadPageRequest(request, "metrics:" + org_id);
  if (!asked.ok()) return asked.status();
  std::sort(apps.begin(), apps.end(),
            [](const Application& x, const Application& y) {
              return PositionOf(x) < PositionOf(y);
            });
  ApplicationPage page;
  if (asked->after) {
    page.first = static_cast<size_t>(
        std::upper_bound(apps.begin(), apps.end(), *asked->after,
                         [](const ListPosition& after, const Application& a) {
                           return after < PositionOf(a);
                         }) -
        apps.begin());
  }
  page.end =
      std::min(apps.size(), page.first + static_cast<size_t>(asked->limit));
  if (page.end < apps.size()) {
    page.next_cursor =
        EncodeListCursor(asked->scope, PositionOf(apps[page.end - 1]));
  }
  return page;
}

// The rows of `products` and the total (its window included) from each
// application's inputs folded over `w` (`folded`, by id; it is emptied),
// added in the order of `apps`, as each application's own figures would add
// up (floating-point sums depend on their order).
std::pair<boost::json::array, boost::json::object> ProductsAndTotal(
    const std::vector<Application>& apps, const std::vector<Product>& products,
    std::unordered_map<std::string, metrics::Inputs>& folded, const Window& w,
    int64_t now) {
  std::map<std::string, metrics::Inputs> by_product;
  std::map<std::string, int64_t> app_count;
  metrics::Inputs everything;
  metrics::Inputs nothing_read;
  nothing_read.MergeWithin(metrics::Inputs::NothingRead(), w);
  for (const Application& app : apps) {
    auto found = folded.find(app.id);
    const metrics::Inputs& in =
        found == folded.end() ? nothing_read : found->second;
    by_product[app.product_id].Merge(in);
    ++app_count[app.product_id];
    everything.Merge(in);
    if (found != folded.end()) folded.erase(found);
  }
  boost::json::array product_rows;
  for (const Product& p : products) {
    boost::json::object row{{"product", p.slug},
                            {"name", p.name},
                            {"applications", app_count[p.id]}};
    for (auto& [key, value] : FiguresJson(by_product[p.id].Compute(w, now))) {
      if (key != "window") row[key] = std::move(value);
    }
    product_rows.push_back(std::move(row));
  }
  return {std::move(product_rows), FiguresJson(everything.Compute(w, now))};
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
  auto page = ReadApplicationPage(call.request, call.org().id, *apps);
  if (!page.ok()) return page.status();
  std::vector<Application> shown(
      apps->begin() + static_cast<ptrdiff_t>(page->first),
      apps->begin() + static_cast<ptrdiff_t>(page->end));
  HW_RETURN_IF_ERROR(MarkMaintenance(s, call.org().id, shown));
  auto last_events = s.store.LastEventTimes(call.org().id);
  if (!last_events.ok()) return last_events.status();
  auto products = s.store.ListProducts(call.org().id);
  if (!products.ok()) return products.status();
  auto firing = s.store.BurnFiringIn(call.org().id);
  if (!firing.ok()) return firing.status();
  int64_t now = s.clock.NowMillis();

  // One read of every application's inputs: the page's applications get
  // their figures (and sparklines) from them; each application's are folded
  // into one slice over the window for the products' and the total's
  // figures, which are of all the applications on every page.
  struct Shown {
    boost::json::object figures;
    boost::json::value series;
  };
  std::unordered_map<std::string, Shown> figures;
  for (const Application& app : shown) figures[app.id];
  std::unordered_map<std::string, metrics::Inputs> folded;
  HW_RETURN_IF_ERROR(metrics::ReadOrganizationInputs(
      s.store, call.org().id, *window,
      [&](const std::string& app_id, metrics::Inputs& inputs) -> Status {
        if (auto found = figures.find(app_id); found != figures.end()) {
          found->second.figures = FiguresJson(inputs.Compute(*window, now));
          if (*step) {
            found->second.series = Sparkline(inputs, *window, **step, now);
          }
        }
        // Assigned, not added: a retried read calls again for the same
        // application.
        metrics::Inputs one;
        one.MergeWithin(inputs, *window);
        folded[app_id] = std::move(one);
        return Status::Ok();
      }));

  boost::json::array app_rows;
  for (const Application& app : shown) {
    boost::json::object row{{"application", app.slug},
                            {"name", app.name},
                            {"product", app.product_slug},
                            {"state", StateName(app.open_incident.has_value(),
                                                app.in_maintenance)}};
    Shown& f = figures[app.id];
    if (f.figures.empty()) {
      // Gone between the list and the read: the figures of nothing read.
      metrics::Inputs none = metrics::Inputs::NothingRead();
      f.figures = FiguresJson(none.Compute(*window, now));
      if (*step) f.series = Sparkline(none, *window, **step, now);
    }
    for (auto& [key, value] : f.figures) {
      if (key != "window") row[key] = std::move(value);
    }
    auto last = last_events->find(app.id);
    row["last_event_at"] =
        last == last_events->end()
            ? boost::json::value(nullptr)
            : boost::json::value(FormatRfc3339(last->second));
    if (*step) row["series"] = std::move(f.series);
    auto slo = SloStateJson(s, app, (*firing)[app.id], now);
    if (!slo.ok()) return slo.status();
    row["slo"] = std::move(*slo);
    app_rows.push_back(std::move(row));
  }

  auto [product_rows, total] =
      ProductsAndTotal(*apps, *products, folded, *window, now);
  boost::json::value window_json = total["window"];
  total.erase("window");
  boost::json::value next = nullptr;
  if (page->next_cursor) next = boost::json::string(*page->next_cursor);
  return http::JsonResponse(200, {{"window", std::move(window_json)},
                                  {"applications", std::move(app_rows)},
                                  {"next_cursor", std::move(next)},
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
