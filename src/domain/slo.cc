#include "domain/slo.h"

#include <algorithm>
#include <cmath>

namespace hookwarden {
namespace {

constexpr int64_t kDayMillis = 86'400'000;

// Good and bad amounts over a span: events, or milliseconds.
struct Tally {
  double good = 0, bad = 0;
  double eligible() const { return good + bad; }
};

Tally EventsIn(const SloInputs& in, int64_t from, int64_t to) {
  Tally t;
  for (const AggregateSlice& s : in.minutes) {
    if (s.start < from || s.start >= to) continue;
    if (CoveredWithin(in.maintenance, s.start, s.start + s.length) > 0) {
      continue;
    }
    t.good += static_cast<double>(s.counts.hits);
    t.bad += static_cast<double>(s.counts.failures);
  }
  return t;
}

Tally TimeIn(const SloInputs& in, int64_t from, int64_t to) {
  double maintenance =
      static_cast<double>(CoveredWithin(in.maintenance, from, to));
  double down = static_cast<double>(
      CoveredWithin(Without(in.down, in.maintenance), from, to));
  Tally t;
  t.bad = down;
  t.good = static_cast<double>(to - from) - maintenance - down;
  return t;
}

}  // namespace

Status CheckSlo(const Slo& slo) {
  if (!(slo.objective_percent >= 50 && slo.objective_percent <= 99.999)) {
    return Status::Invalid("slo.objective_percent",
                           "objective_percent must be between 50 and 99.999");
  }
  if (slo.window_days != 7 && slo.window_days != 28 && slo.window_days != 30) {
    return Status::Invalid("slo.window_days",
                           "window_days must be 7, 28 or 30");
  }
  if (slo.indicator != "events" && slo.indicator != "uptime") {
    return Status::Invalid("slo.indicator",
                           "indicator must be events or uptime");
  }
  return Status::Ok();
}

int64_t SloLookbackMillis(const Slo& slo) {
  return std::max(slo.window_days, int64_t{3}) * kDayMillis;
}

SloReport ComputeSlo(const Slo& slo, int64_t now, const SloInputs& in) {
  const bool events = slo.indicator == "events";
  auto tally = [&](int64_t from) {
    return events ? EventsIn(in, from, now) : TimeIn(in, from, now);
  };
  // In events, or in seconds.
  const double unit = events ? 1.0 : 1000.0;
  const double allowed = 1.0 - slo.objective_percent / 100.0;
  SloReport r;
  r.window = {now - slo.window_days * kDayMillis, now};
  Tally w = tally(r.window.from);
  if (w.eligible() > 0) {
    r.attained_percent = 100.0 * w.good / w.eligible();
  }
  r.budget_total = allowed * w.eligible() / unit;
  r.budget_consumed = w.bad / unit;
  if (r.budget_total > 0) {
    r.budget_remaining_percent =
        100.0 * (1.0 - r.budget_consumed / r.budget_total);
  }
  for (size_t i = 0; i < kBurnSpans.size(); ++i) {
    Tally s = tally(now - kBurnSpans[i].millis);
    if (s.eligible() > 0) r.burn_rates[i] = s.bad / s.eligible() / allowed;
  }
  return r;
}

}  // namespace hookwarden
