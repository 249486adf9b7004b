// What the public status page and the badges say of one application: its
// uptime over trailing windows and per UTC day, by the figures' definition
// (metrics/figures.h: downtime is the time in incidents outside the
// application's maintenance; uptime = 100 × (1 − downtime / (|W| −
// maintenance)), 100 when maintenance covers all of W). Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "metrics/inputs.h"

namespace hookwarden::metrics {

// Days the page shows a bar for, today included.
inline constexpr int kStatusDays = 90;

// The uptime of the trailing window [now − length, now).
double TrailingUptime(const Inputs::Application& app, int64_t length,
                      int64_t now);

struct StatusDay {
  int64_t from = 0;  // 00:00 UTC of the day.
  // Over the day's time up to now; nullopt for days that ended before the
  // application was created.
  std::optional<double> uptime_percent;
  // Indices into `app.incidents` of those that touch the day: opened
  // before its end (or now) and not resolved before its start, by opening.
  std::vector<size_t> incidents;
};

// The kStatusDays UTC days ending with today's, oldest first. `app` holds
// the incidents and maintenance that touch them.
std::vector<StatusDay> StatusDays(const Inputs::Application& app,
                                  int64_t created_at, int64_t now);

// The window whose inputs StatusDays and TrailingUptime (up to kStatusDays
// long) need, in whole minutes: from kStatusDays before now to the end of
// the current minute.
Window StatusDaysWindow(int64_t now);

}  // namespace hookwarden::metrics
