#include "domain/burn_alerts.h"

#include <algorithm>

namespace hookwarden {
namespace {

constexpr double kDayMillis = 86'400'000.0;

}  // namespace

const BurnRule* FindBurnRule(std::string_view name) {
  for (const BurnRule& rule : kBurnRules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

double BurnThreshold(const BurnRule& rule, int64_t window_days) {
  const double window = static_cast<double>(window_days) * kDayMillis;
  const double span = static_cast<double>(kBurnSpans[rule.long_span].millis);
  return rule.budget_fraction * window / span;
}

bool BurnRuleHolds(const BurnRule& rule, const Slo& slo,
                   const SloReport& report) {
  const double threshold = BurnThreshold(rule, slo.window_days);
  const auto& rates = report.burn_rates;
  const auto& long_rate = rates[rule.long_span];
  const auto& short_rate = rates[rule.short_span];
  return long_rate && short_rate && *long_rate > threshold &&
         *short_rate > threshold;
}

BurnTransitions NextBurnFiring(const std::vector<BurnFiring>& firing,
                               const Slo* slo, const SloReport& report,
                               int64_t now, bool quiet) {
  BurnTransitions t;
  for (const BurnRule& rule : kBurnRules) {
    auto was =
        std::find_if(firing.begin(), firing.end(),
                     [&](const BurnFiring& f) { return f.rule == rule.name; });
    const bool holds = slo && BurnRuleHolds(rule, *slo, report);
    if (was != firing.end()) {
      if (holds) {
        t.firing.push_back(*was);
      } else {
        t.stopped.push_back(*was);
      }
    } else if (holds && !quiet) {
      BurnFiring started{std::string(rule.name), now};
      t.started.push_back(started);
      t.firing.push_back(std::move(started));
    }
  }
  return t;
}

}  // namespace hookwarden
