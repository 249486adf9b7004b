#include "domain/schedule.h"

#include "domain/cron.h"

namespace hookwarden {

Status ValidateSchedule(const Schedule& s) {
  if (s.cron.empty()) {
    if (s.period_seconds < kMinSchedulePeriodSeconds ||
        s.period_seconds > kMaxSchedulePeriodSeconds) {
      return Status::Invalid("schedule.period_seconds",
                             "schedule.period_seconds must be between " +
                                 std::to_string(kMinSchedulePeriodSeconds) +
                                 " and " +
                                 std::to_string(kMaxSchedulePeriodSeconds));
    }
    return Status::Ok();
  }
  if (s.period_seconds != 0) {
    return Status::Invalid("schedule",
                           "a schedule has either period_seconds or cron");
  }
  if (s.cron.size() > 200) {
    return Status::Invalid("schedule.cron",
                           "schedule.cron is longer than 200 characters");
  }
  auto cron = CronExpression::Parse(s.cron, "schedule.cron");
  if (!cron.ok()) return cron.status();
  if (!FindTimeZone(s.timezone)) {
    return Status::Invalid("schedule.timezone",
                           "schedule.timezone is not a known IANA time zone");
  }
  return Status::Ok();
}

std::optional<int64_t> NextDue(const Schedule& s, int64_t after) {
  if (s.cron.empty()) {
    if (s.period_seconds <= 0) return std::nullopt;
    return after + s.period_seconds * 1000;
  }
  auto cron = CronExpression::Parse(s.cron, "schedule.cron");
  const date::time_zone* zone = FindTimeZone(s.timezone);
  if (!cron.ok() || !zone) return std::nullopt;
  return cron->NextAfter(after, *zone);
}

}  // namespace hookwarden
