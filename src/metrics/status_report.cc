#include "metrics/status_report.h"

#include <algorithm>

#include "common/time_floor.h"

namespace hookwarden::metrics {
namespace {

double UptimeOf(const Inputs::Application& app, const Window& w, int64_t now) {
  Inputs in;
  in.applications.push_back(app);
  return in.Compute(w, now).uptime_percent;
}

}  // namespace

double TrailingUptime(const Inputs::Application& app, int64_t length,
                      int64_t now) {
  return UptimeOf(app, Window{now - length, now}, now);
}

std::vector<StatusDay> StatusDays(const Inputs::Application& app,
                                  int64_t created_at, int64_t now) {
  std::vector<StatusDay> days;
  days.reserve(kStatusDays);
  const int64_t today = FloorTo(now, kDayMillis);
  for (int i = kStatusDays - 1; i >= 0; --i) {
    StatusDay day;
    day.from = today - i * kDayMillis;
    const int64_t to = std::min(day.from + kDayMillis, now);
    if (to > created_at) {
      day.uptime_percent = UptimeOf(app, Window{day.from, to}, now);
    }
    for (size_t k = 0; k < app.incidents.size(); ++k) {
      const Incident& incident = app.incidents[k];
      if (incident.opened_at >= to) continue;
      if (incident.resolved_at && *incident.resolved_at <= day.from) continue;
      day.incidents.push_back(k);
    }
    std::sort(day.incidents.begin(), day.incidents.end(),
              [&](size_t a, size_t b) {
                return app.incidents[a].opened_at < app.incidents[b].opened_at;
              });
    days.push_back(std::move(day));
  }
  return days;
}

Window StatusDaysWindow(int64_t now) {
  return Window{FloorTo(now - kStatusDays * kDayMillis, kMinuteMillis),
                FloorTo(now, kMinuteMillis) + kMinuteMillis};
}

}  // namespace hookwarden::metrics
