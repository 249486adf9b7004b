#include "api/public_status_json.h"

#include <algorithm>
#include <map>
#include <set>

#include "api/maintenance_windows_api.h"
#include "common/time_format.h"
#include "domain/json_views.h"
#include "metrics/status_report.h"

namespace hookwarden::api {
namespace {

namespace json = boost::json;
using metrics::kDayMillis;

// One application as the page reads it.
struct Shown {
  Application app;
  std::string product_slug;
  metrics::Inputs::Application inputs;
};

// An incident as the public sees it.
json::object PublicIncident(
    const Incident& i, const std::string& app_slug,
    const std::map<std::string, IncidentPublication>& published) {
  auto it = published.find(i.id);
  IncidentPublication p =
      it == published.end() ? IncidentPublication{} : it->second;
  auto cause = PublishedCause(i.cause, p);
  return {{"application", app_slug},
          {"status", i.status},
          {"opened_at", FormatRfc3339(i.opened_at)},
          {"resolved_at", TimeOrNull(i.resolved_at)},
          {"note",
           p.public_note ? json::value(*p.public_note) : json::value(nullptr)},
          {"cause", cause ? json::value(*cause) : json::value(nullptr)}};
}

// The day's incidents the bar lists: the last kMaxIncidentsPerDay opened.
std::vector<size_t> Listed(const metrics::StatusDay& d) {
  size_t skip = d.incidents.size() > kMaxIncidentsPerDay
                    ? d.incidents.size() - kMaxIncidentsPerDay
                    : 0;
  return {d.incidents.begin() + static_cast<std::ptrdiff_t>(skip),
          d.incidents.end()};
}

json::object Uptimes(const metrics::Inputs::Application& in, int64_t now) {
  json::object out;
  for (auto [name, days] : {std::pair{"24h", 1}, {"7d", 7}, {"90d", 90}}) {
    out[name] =
        NumberOrNull(metrics::TrailingUptime(in, days * kDayMillis, now));
  }
  return out;
}

}  // namespace

Result<json::object> PublicStatusJson(ApiServices& s, const StatusPage& page) {
  const int64_t now = s.clock.NowMillis();
  const metrics::Window read = metrics::StatusDaysWindow(now);
  std::vector<Shown> shown;
  size_t omitted = 0;
  for (const StatusPageProduct& product : page.products) {
    auto apps = s.store.ListApplications(page.organization_id, product.id);
    if (!apps.ok()) return apps.status();
    HW_RETURN_IF_ERROR(MarkMaintenance(s, page.organization_id, *apps));
    for (Application& app : *apps) {
      if (shown.size() >= kMaxStatusPageApplications) {
        ++omitted;
        continue;
      }
      auto inputs = metrics::ReadInputs(s.store, app.id, read, false);
      if (!inputs.ok()) return inputs.status();
      shown.push_back({std::move(app), product.slug,
                       std::move(inputs->applications.front())});
    }
  }

  // The incidents the answer names: those of the day bars (a few a day)
  // and the open and recent ones.
  std::vector<std::vector<metrics::StatusDay>> days;
  std::vector<std::pair<const Incident*, const Shown*>> recent;
  std::set<std::string> named;
  for (const Shown& a : shown) {
    days.push_back(metrics::StatusDays(a.inputs, a.app.created_at, now));
    for (const metrics::StatusDay& d : days.back()) {
      for (size_t k : Listed(d)) named.insert(a.inputs.incidents[k].id);
    }
    for (const Incident& i : a.inputs.incidents) {
      if (i.open() ||
          (i.resolved_at && *i.resolved_at > now - kRecentIncidentMillis)) {
        recent.push_back({&i, &a});
      }
    }
  }
  std::sort(recent.begin(), recent.end(), [](const auto& x, const auto& y) {
    if (x.first->open() != y.first->open()) return x.first->open();
    return x.first->opened_at > y.first->opened_at;
  });
  if (recent.size() > kMaxRecentIncidents) recent.resize(kMaxRecentIncidents);
  for (const auto& r : recent) named.insert(r.first->id);

  std::map<std::string, IncidentPublication> published;
  std::vector<std::string> ids(named.begin(), named.end());
  for (size_t at = 0; at < ids.size(); at += 1000) {
    std::vector<std::string> part(
        ids.begin() + at, ids.begin() + std::min(ids.size(), at + 1000));
    auto found = s.store.IncidentPublications(page.organization_id, part);
    if (!found.ok()) return found.status();
    published.merge(*found);
  }

  json::array products;
  std::string overall = "operational";
  for (const StatusPageProduct& product : page.products) {
    json::array apps;
    for (size_t n = 0; n < shown.size(); ++n) {
      const Shown& a = shown[n];
      if (a.product_slug != product.slug) continue;
      std::string_view state =
          StateName(a.app.open_incident.has_value(), a.app.in_maintenance);
      if (state == "incident" ||
          (state == "maintenance" && overall == "operational")) {
        overall = std::string(state);
      }
      json::array bars;
      for (const metrics::StatusDay& d : days[n]) {
        json::array incidents;
        for (size_t k : Listed(d)) {
          incidents.push_back(
              PublicIncident(a.inputs.incidents[k], a.app.slug, published));
        }
        bars.push_back({{"date", FormatRfc3339(d.from).substr(0, 10)},
                        {"uptime_percent", NumberOrNull(d.uptime_percent)},
                        {"incident_count", d.incidents.size()},
                        {"incidents", std::move(incidents)}});
      }
      apps.push_back({{"slug", a.app.slug},
                      {"name", a.app.name},
                      {"state", state},
                      {"uptime_percent", Uptimes(a.inputs, now)},
                      {"days", std::move(bars)}});
    }
    products.push_back({{"slug", product.slug},
                        {"name", product.name},
                        {"applications", std::move(apps)}});
  }
  json::array incidents;
  for (const auto& [incident, app] : recent) {
    incidents.push_back(PublicIncident(*incident, app->app.slug, published));
  }
  return json::object{
      {"title", page.title},
      {"description", page.description ? json::value(*page.description)
                                       : json::value(nullptr)},
      {"organization", page.organization_slug},
      {"state", overall},
      {"generated_at", FormatRfc3339(now)},
      {"products", std::move(products)},
      {"applications_omitted", omitted},
      {"incidents", std::move(incidents)}};
}

}  // namespace hookwarden::api
