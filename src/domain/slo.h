// Service level objectives: an application's objective over a rolling
// window, the error budget it leaves and how fast it is being spent.
//
// For the rolling window W of `window_days` ending now, with maintenance
// left out (domain/maintenance_window.h):
// - indicator "events": the eligible events are the hits and failures of
//   the minutes of W that touch no maintenance window; good = hits, bad =
//   failures; attained_percent = 100 · hits / (hits + failures).
// - indicator "uptime": the eligible time is |W| − maintenance, bad = the
//   downtime (incidents outside maintenance); attained_percent =
//   100 · (1 − downtime / eligible), counted in seconds.
// - error budget: total = (1 − objective) · eligible, consumed = bad,
//   remaining_percent = 100 · (1 − consumed / total): negative once
//   overspent, null while total is 0.
// - burn rate over a trailing span S (5m, 30m, 1h, 6h, 24h, 3d): the bad
//   share of S's eligible events (or time) divided by (1 − objective); 1
//   spends exactly the budget over the window; null when S has no eligible
//   event (or time).
// Pure functions of their inputs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/event_counts.h"
#include "domain/time_spans.h"

namespace hookwarden {

struct Slo {
  double objective_percent = 99.9;   // 50 to 99.999.
  int64_t window_days = 30;          // 7, 28 or 30.
  std::string indicator = "events";  // "events" or "uptime".
  bool operator==(const Slo&) const = default;
};

// Invalid naming "slo.objective_percent", "slo.window_days" or
// "slo.indicator" unless the SLO is within the bounds above.
Status CheckSlo(const Slo& slo);

// The trailing spans of the burn rates, shortest first.
struct BurnSpan {
  std::string_view name;  // "5m", ...
  int64_t millis;
};
inline constexpr std::array<BurnSpan, 6> kBurnSpans = {{{"5m", 300'000},
                                                        {"30m", 1'800'000},
                                                        {"1h", 3'600'000},
                                                        {"6h", 21'600'000},
                                                        {"24h", 86'400'000},
                                                        {"3d", 259'200'000}}};

// What the SLO is computed from, over [now − max(window, 3 days), now): the
// per-minute counts, the downtime (incidents without maintenance) and the
// maintenance.
struct SloInputs {
  std::vector<AggregateSlice> minutes;
  std::vector<Span> down;
  std::vector<Span> maintenance;
};

struct SloReport {
  Span window;
  std::optional<double> attained_percent;
  // Events, or seconds for "uptime".
  double budget_total = 0;
  double budget_consumed = 0;
  std::optional<double> budget_remaining_percent;
  // One per kBurnSpans entry, in its order.
  std::array<std::optional<double>, kBurnSpans.size()> burn_rates{};
};

SloReport ComputeSlo(const Slo& slo, int64_t now, const SloInputs& in);

// How far back ComputeSlo reads: the longer of the window and 3 days.
int64_t SloLookbackMillis(const Slo& slo);

}  // namespace hookwarden
