#include "cli/incidents_view.h"

#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "cli/json_fields.h"
#include "cli/table.h"

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

// The number member `key`, or nullopt when it is absent, null or not a
// number.
std::optional<double> Number(const json::value& v, std::string_view key) {
  const json::value* m = Member(v, key);
  if (m == nullptr) return std::nullopt;
  if (m->is_int64()) return static_cast<double>(m->get_int64());
  if (m->is_uint64()) return static_cast<double>(m->get_uint64());
  if (m->is_double()) return m->get_double();
  return std::nullopt;
}

std::string Fixed(double v, int decimals) {
  char out[64];
  std::snprintf(out, sizeof out, "%.*f", decimals, v);
  return out;
}

// A ratio (0..1) as "99.95%".
std::string Percent(std::optional<double> ratio) {
  return ratio ? Fixed(*ratio * 100, 2) + "%" : "-";
}

std::string Seconds(std::optional<double> s) {
  return s ? DisplayDuration(*s) : "-";
}

std::string Millis(std::optional<double> ms) {
  return ms ? Fixed(*ms, ms < 10 ? 2 : 1) + " ms" : "-";
}

std::string Time(const json::value& v, std::string_view key, Zone zone) {
  return OrDash(DisplayTime(Text(v, key), zone));
}

// "2026-11-26 20:26:29Z by jane", or "-".
std::string TimeBy(const json::value& v, std::string_view at,
                   std::string_view by, Zone zone) {
  std::string when = Text(v, at);
  if (when.empty()) return "-";
  std::string who = Text(v, by);
  return DisplayTime(when, zone) + (who.empty() ? "" : " by " + who);
}

}  // namespace

std::string DisplayDuration(double seconds) {
  if (seconds < 60) return Fixed(seconds, seconds < 10 ? 1 : 0) + "s";
  auto whole = static_cast<int64_t>(std::llround(seconds));
  auto two = [](int64_t big, const char* a, int64_t small, const char* b) {
    std::string text = std::to_string(big) + a;
    if (small) {
      text += ' ';
      text += std::to_string(small);
      text += b;
    }
    return text;
  };
  if (whole < 3600) return two(whole / 60, "m", whole % 60, "s");
  if (whole < 86400) return two(whole / 3600, "h", whole % 3600 / 60, "m");
  return two(whole / 86400, "d", whole % 86400 / 3600, "h");
}

std::string FormatIncidentList(const json::value& answer, Zone zone) {
  const json::array& items = Array(answer, "items");
  if (items.empty()) return "No incidents.\n";
  std::vector<std::vector<std::string>> rows;
  for (const json::value& i : items) {
    rows.push_back({OrDash(Text(i, "id")), OrDash(Text(i, "application")),
                    OrDash(Text(i, "kind")), OrDash(Text(i, "severity")),
                    OrDash(Text(i, "status")), Time(i, "opened_at", zone),
                    Time(i, "resolved_at", zone), OrDash(Text(i, "cause"))});
  }
  return FormatTable({{"ID"},
                      {"APPLICATION"},
                      {"KIND"},
                      {"SEVERITY"},
                      {"STATUS"},
                      {"OPENED"},
                      {"RESOLVED"},
                      {"CAUSE"}},
                     rows);
}

std::string FormatIncident(const json::value& i, Zone zone) {
  std::string out = FormatLabelled({
      {"ID", OrDash(Text(i, "id"))},
      {"Application", OrDash(Text(i, "application"))},
      {"Kind", OrDash(Text(i, "kind"))},
      {"Severity", OrDash(Text(i, "severity"))},
      {"Status", OrDash(Text(i, "status"))},
      {"Cause", OrDash(Text(i, "cause"))},
      {"Opened", Time(i, "opened_at", zone)},
      {"Acknowledged", TimeBy(i, "acknowledged_at", "acknowledged_by", zone)},
      {"Resolved", TimeBy(i, "resolved_at", "resolved_by", zone)},
  });
  const json::array& timeline = Array(i, "timeline");
  if (timeline.empty()) return out;
  std::vector<std::vector<std::string>> rows;
  for (const json::value& e : timeline) {
    rows.push_back({Time(e, "at", zone), OrDash(Text(e, "event")),
                    OrDash(Text(e, "by")), Text(e, "message")});
  }
  return out + "\n" +
         FormatTable({{"AT"}, {"EVENT"}, {"BY"}, {"MESSAGE"}}, rows);
}

std::string FormatFigures(const json::value& f, Zone zone) {
  const json::value* window = Member(f, "window");
  const json::value* latency = Member(f, "latency_ms");
  const json::value* deploys = Member(f, "deploys");
  static const json::value kNull;
  const json::value& w = window ? *window : kNull;
  const json::value& l = latency ? *latency : kNull;
  const json::value& d = deploys ? *deploys : kNull;
  auto count = [](std::optional<double> n) {
    return n ? Fixed(*n, 0) : std::string("-");
  };
  std::string per_day =
      Number(d, "per_day") ? Fixed(*Number(d, "per_day"), 2) : "-";
  return FormatLabelled({
      {"Window", Time(w, "from", zone) + " to " + Time(w, "to", zone)},
      {"Hits", count(Number(f, "hits"))},
      {"Failures", count(Number(f, "failures"))},
      {"Availability", Percent(Number(f, "availability"))},
      {"Uptime", Number(f, "uptime_percent")
                     ? Fixed(*Number(f, "uptime_percent"), 3) + "%"
                     : "-"},
      {"Downtime", Seconds(Number(f, "downtime_seconds"))},
      {"Outages", count(Number(f, "outages"))},
      {"MTTR", Seconds(Number(f, "mttr_seconds"))},
      {"MTTA", Seconds(Number(f, "mtta_seconds"))},
      {"MTBF", Seconds(Number(f, "mtbf_seconds"))},
      {"Latency avg", Millis(Number(l, "avg"))},
      {"Latency min", Millis(Number(l, "min"))},
      {"Latency max", Millis(Number(l, "max"))},
      {"Latency p95", Millis(Number(l, "p95"))},
      {"Deploys", count(Number(d, "count")) + " (" + per_day + " a day)"},
      {"Change failure rate", Percent(Number(d, "change_failure_rate"))},
      {"Lead time", Seconds(Number(d, "lead_time_seconds"))},
  });
}

std::string FormatOrganizationFigures(const json::value& answer, Zone zone) {
  auto row = [](const json::value& f, std::string first,
                std::string second) -> std::vector<std::string> {
    auto uptime = Number(f, "uptime_percent");
    return {std::move(first),
            std::move(second),
            OrDash(Text(f, "hits")),
            OrDash(Text(f, "failures")),
            Percent(Number(f, "availability")),
            uptime ? Fixed(*uptime, 3) + "%" : "-",
            OrDash(Text(f, "outages")),
            Seconds(Number(f, "mttr_seconds"))};
  };
  std::vector<Column> columns = {
      {"HITS", Align::kRight},         {"FAILURES", Align::kRight},
      {"AVAILABILITY", Align::kRight}, {"UPTIME", Align::kRight},
      {"OUTAGES", Align::kRight},      {"MTTR", Align::kRight}};
  std::vector<std::vector<std::string>> apps, products;
  for (const json::value& a : Array(answer, "applications")) {
    apps.push_back(row(
        a, OrDash(Text(a, "application")),
        OrDash(Text(a, "product")) + " (" + OrDash(Text(a, "state")) + ")"));
  }
  for (const json::value& p : Array(answer, "products")) {
    products.push_back(
        row(p, OrDash(Text(p, "product")), OrDash(Text(p, "applications"))));
  }
  const json::value* window = Member(answer, "window");
  std::string out;
  if (window) {
    out += "Window: " + Time(*window, "from", zone) + " to " +
           Time(*window, "to", zone) + "\n\n";
  }
  std::vector<Column> app_columns = {{"APPLICATION"}, {"PRODUCT (STATE)"}};
  app_columns.insert(app_columns.end(), columns.begin(), columns.end());
  out += apps.empty() ? "No applications.\n" : FormatTable(app_columns, apps);
  std::vector<Column> product_columns = {{"PRODUCT"},
                                         {"APPLICATIONS", Align::kRight}};
  product_columns.insert(product_columns.end(), columns.begin(), columns.end());
  // The organization's total, as the products table's last row.
  if (const json::value* total = Member(answer, "total")) {
    products.push_back(
        row(*total, "(organization)", std::to_string(apps.size())));
  }
  if (!products.empty()) {
    out += '\n';
    out += FormatTable(product_columns, products);
  }
  return out;
}

}  // namespace hookwarden::cli
