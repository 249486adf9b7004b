// Burn-rate alerts on an application's SLO (domain/slo.h), by the Google
// SRE workbook's multiwindow, multi-burn-rate rules. Each rule holds while
// both its long and its short span burn the error budget faster than its
// threshold:
//   page_1h_5m    page    1 h and 5 m   2 % of the budget in 1 h
//   page_6h_30m   page    6 h and 30 m  5 % of the budget in 6 h
//   ticket_3d_6h  ticket  3 d and 6 h   10 % of the budget in 3 d
// threshold = budget fraction × window length / long span length, so
// 14.4, 6 and 1 for a 30-day window; 13.44, 5.6 and 0.9333… for 28 days;
// 3.36, 1.4 and 0.2333… for 7 days. A span without eligible events (a null
// burn rate) holds nothing. Each rule fires once when it starts to hold and
// once when it stops (Transitions). Pure functions of their inputs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/slo.h"

namespace hookwarden {

struct BurnRule {
  std::string_view name;      // "page_1h_5m", ...
  std::string_view severity;  // "page" or "ticket".
  size_t long_span;           // Indexes into kBurnSpans.
  size_t short_span;
  double budget_fraction;  // Of the whole window's budget, in the long span.
};
inline constexpr std::array<BurnRule, 3> kBurnRules = {{
    {"page_1h_5m", "page", 2, 0, 0.02},
    {"page_6h_30m", "page", 3, 1, 0.05},
    {"ticket_3d_6h", "ticket", 5, 3, 0.10},
}};

// The rule named `name`, or nullptr.
const BurnRule* FindBurnRule(std::string_view name);

// The burn rate above which `rule` holds for an SLO over `window_days`.
double BurnThreshold(const BurnRule& rule, int64_t window_days);

// Whether both of the rule's spans burn faster than its threshold.
bool BurnRuleHolds(const BurnRule& rule, const Slo& slo,
                   const SloReport& report);

// A rule that holds, as remembered: since when.
struct BurnFiring {
  std::string rule;
  int64_t since = 0;
  bool operator==(const BurnFiring&) const = default;
};

// What changes from the rules `firing` (as remembered) to the rules that
// hold in `report` at `now`: the rules that start (since `now`), the ones
// that stop, and the rules firing afterwards (in kBurnRules order). With
// `quiet` (the application is in maintenance) no rule starts; the ones that
// stop still stop. Without an SLO (`slo` null) every rule stops. A
// remembered rule that kBurnRules no longer names is forgotten silently.
struct BurnTransitions {
  std::vector<BurnFiring> started;
  std::vector<BurnFiring> stopped;
  std::vector<BurnFiring> firing;
};
BurnTransitions NextBurnFiring(const std::vector<BurnFiring>& firing,
                               const Slo* slo, const SloReport& report,
                               int64_t now, bool quiet);

}  // namespace hookwarden
