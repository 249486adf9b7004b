// When an application's job is expected to report: every period after its
// last report, or at the times of a cron expression in a time zone; a run
// not reported by its due time plus the grace is late.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"

namespace hookwarden {

struct Schedule {
  int64_t period_seconds = 0;    // > 0: due that long after the last report.
  std::string cron;              // Otherwise: a five-field cron expression,
  std::string timezone = "UTC";  // read in this IANA zone.

  bool operator==(const Schedule&) const = default;
};

// Limits, shared by validation and documentation.
inline constexpr int64_t kMinSchedulePeriodSeconds = 10;
inline constexpr int64_t kMaxSchedulePeriodSeconds = 366 * 24 * 3600;
inline constexpr int64_t kMaxGraceSeconds = 30 * 24 * 3600;
inline constexpr int64_t kDefaultGraceSeconds = 60;

// Ok, or Invalid naming the field ("schedule.period_seconds",
// "schedule.cron" or "schedule.timezone") and what is wrong with it: a
// period out of range, a bad cron expression, an unknown zone.
Status ValidateSchedule(const Schedule& schedule);

// The first time a run is due strictly after `after` (epoch millis), or
// nullopt when the schedule is not valid or never fires again.
std::optional<int64_t> NextDue(const Schedule& schedule, int64_t after);

}  // namespace hookwarden
