#include "domain/cron.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "domain/schedule.h"

namespace hookwarden {
namespace {

// Epoch millis of a UTC time.
int64_t Utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  using namespace std::chrono;
  auto day = date::sys_days(date::year(y) / mo / d);
  return duration_cast<milliseconds>(
             (day + hours(h) + minutes(mi) + seconds(s)).time_since_epoch())
      .count();
}

std::string Show(std::optional<int64_t> at) {
  if (!at) return "never";
  return date::format("%F %T UTC", date::sys_time<std::chrono::milliseconds>(
                                       std::chrono::milliseconds(*at)));
}

CronExpression Cron(std::string_view text) {
  auto e = CronExpression::Parse(text, "cron");
  EXPECT_TRUE(e.ok()) << text << ": " << e.status().message();
  return std::move(e).value();
}

const date::time_zone& Zone(std::string_view name) {
  const date::time_zone* zone = FindTimeZone(name);
  EXPECT_NE(zone, nullptr) << name;
  return zone ? *zone : *FindTimeZone("UTC");
}

TEST(CronTest, EveryMinuteIsTheNextWholeMinute) {
  auto next =
      Cron("* * * * *").NextAfter(Utc(2026, 3, 4, 10, 15, 30), Zone("UTC"));
  EXPECT_EQ(Show(next), Show(Utc(2026, 3, 4, 10, 16)));
  // Strictly after: a whole minute goes to the next one.
  next = Cron("* * * * *").NextAfter(Utc(2026, 3, 4, 10, 16), Zone("UTC"));
  EXPECT_EQ(Show(next), Show(Utc(2026, 3, 4, 10, 17)));
}

TEST(CronTest, RangesListsStepsAndNames) {
  const auto& utc = Zone("UTC");
  // Wednesday 2026-03-04 at 10:15: weekdays at 3:00 go to Thursday.
  EXPECT_EQ(Show(Cron("0 3 * * 1-5").NextAfter(Utc(2026, 3, 4, 10, 15), utc)),
            Show(Utc(2026, 3, 5, 3, 0)));
  // Friday evening: the next weekday is Monday.
  EXPECT_EQ(
      Show(Cron("0 3 * * mon-FRI").NextAfter(Utc(2026, 3, 6, 18, 0), utc)),
      Show(Utc(2026, 3, 9, 3, 0)));
  EXPECT_EQ(Show(Cron("*/15 * * * *").NextAfter(Utc(2026, 3, 4, 10, 16), utc)),
            Show(Utc(2026, 3, 4, 10, 30)));
  EXPECT_EQ(Show(Cron("5/20 * * * *").NextAfter(Utc(2026, 3, 4, 10, 46), utc)),
            Show(Utc(2026, 3, 4, 11, 5)));
  EXPECT_EQ(
      Show(Cron("0-30/10 8,20 * * *").NextAfter(Utc(2026, 3, 4, 8, 31), utc)),
      Show(Utc(2026, 3, 4, 20, 0)));
  EXPECT_EQ(Show(Cron("0 0 1 jan,Jul *").NextAfter(Utc(2026, 3, 4, 0, 0), utc)),
            Show(Utc(2026, 7, 1, 0, 0)));
  // 7 is Sunday, like 0 and sun.
  EXPECT_EQ(Show(Cron("0 12 * * 7").NextAfter(Utc(2026, 3, 4, 0, 0), utc)),
            Show(Utc(2026, 3, 8, 12, 0)));
  EXPECT_EQ(Show(Cron("0 12 * * sun").NextAfter(Utc(2026, 3, 4, 0, 0), utc)),
            Show(Utc(2026, 3, 8, 12, 0)));
  // Both days restricted: either fires (the 13th, or a Friday).
  EXPECT_EQ(Show(Cron("0 0 13 * 5").NextAfter(Utc(2026, 3, 4, 0, 0), utc)),
            Show(Utc(2026, 3, 6, 0, 0)));
  EXPECT_EQ(Show(Cron("0 0 13 * 5").NextAfter(Utc(2026, 3, 7, 0, 0), utc)),
            Show(Utc(2026, 3, 13, 0, 0)));
  // Leap day.
  EXPECT_EQ(Show(Cron("0 0 29 2 *").NextAfter(Utc(2026, 3, 4, 0, 0), utc)),
            Show(Utc(2028, 2, 29, 0, 0)));
}

TEST(CronTest, BadExpressionsNameTheField) {
  for (std::string_view bad :
       {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *",
        "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *",
        "* * * foo *", "1-2-3 * * * *", "*/5/2 * * * *", "1,,2 * * * *",
        "0 0 30 2 *", "0 0 31 4 *"}) {
    auto e = CronExpression::Parse(bad, "schedule.cron");
    EXPECT_FALSE(e.ok()) << "'" << bad << "' was accepted";
    if (!e.ok()) {
      EXPECT_EQ(e.status().field(), "schedule.cron") << bad;
      EXPECT_EQ(e.status().code(), ErrorCode::kInvalid) << bad;
    }
  }
}

TEST(CronTest, InAZoneTheLocalTimeFires) {
  // 03:00 in Berlin is 02:00 UTC in winter and 01:00 UTC in summer.
  const auto& berlin = Zone("Europe/Berlin");
  EXPECT_EQ(Show(Cron("0 3 * * *").NextAfter(Utc(2026, 1, 10, 12, 0), berlin)),
            Show(Utc(2026, 1, 11, 2, 0)));
  EXPECT_EQ(Show(Cron("0 3 * * *").NextAfter(Utc(2026, 7, 10, 12, 0), berlin)),
            Show(Utc(2026, 7, 11, 1, 0)));
}

// Berlin springs forward on 2026-03-29 at 02:00 local (01:00 UTC) to 03:00.
TEST(CronTest, ATimeSkippedBySpringForwardFiresAtTheJump) {
  const auto& berlin = Zone("Europe/Berlin");
  // 02:30 does not exist that day: it fires at 03:00 CEST = 01:00 UTC.
  auto next = Cron("30 2 * * *").NextAfter(Utc(2026, 3, 28, 12, 0), berlin);
  EXPECT_EQ(Show(next), Show(Utc(2026, 3, 29, 1, 0)));
  // Once: the next is the day after, at 02:30 CEST = 00:30 UTC.
  next = Cron("30 2 * * *").NextAfter(*next, berlin);
  EXPECT_EQ(Show(next), Show(Utc(2026, 3, 30, 0, 30)));
  // The days either side keep their local time.
  EXPECT_EQ(Show(Cron("30 2 * * *").NextAfter(Utc(2026, 3, 27, 12, 0), berlin)),
            Show(Utc(2026, 3, 28, 1, 30)));
  // An hourly job: 01:00 CET (00:00 UTC), then the jump, then 04:00 CEST.
  auto hourly = Cron("0 * * * *");
  next = hourly.NextAfter(Utc(2026, 3, 28, 23, 30), berlin);
  EXPECT_EQ(Show(next), Show(Utc(2026, 3, 29, 0, 0)));
  next = hourly.NextAfter(*next, berlin);
  EXPECT_EQ(Show(next), Show(Utc(2026, 3, 29, 1, 0)));  // 03:00 CEST.
  next = hourly.NextAfter(*next, berlin);
  EXPECT_EQ(Show(next), Show(Utc(2026, 3, 29, 2, 0)));  // 04:00 CEST.
}

// A job whose minute or hour starts with `*` runs, as in cron, only at the
// local times that exist: the skipped ones are not moved to the jump.
TEST(CronTest, AWildcardJobSkipsTheTimesSpringForwardRemoves) {
  const auto& berlin = Zone("Europe/Berlin");
  // After 01:30 CET (00:30 UTC), 02:30 does not exist: next 03:30 CEST.
  auto next = Cron("30 * * * *").NextAfter(Utc(2026, 3, 29, 0, 30), berlin);
  EXPECT_EQ(Show(next), Show(Utc(2026, 3, 29, 1, 30)));
  // Every ten minutes of hour 2 does not run at all that day.
  next = Cron("*/10 2 * * *").NextAfter(Utc(2026, 3, 28, 12, 0), berlin);
  EXPECT_EQ(Show(next), Show(Utc(2026, 3, 30, 0, 0)));  // 02:00 CEST.
}

// Berlin falls back on 2026-10-25 at 03:00 CEST (01:00 UTC) to 02:00 CET:
// 02:00-03:00 local happens twice.
TEST(CronTest, ARepeatedHourFiresOnce) {
  const auto& berlin = Zone("Europe/Berlin");
  auto cron = Cron("30 2 * * *");
  // The first 02:30 is CEST: 00:30 UTC.
  auto next = cron.NextAfter(Utc(2026, 10, 24, 12, 0), berlin);
  EXPECT_EQ(Show(next), Show(Utc(2026, 10, 25, 0, 30)));
  // Not again at the second 02:30 (01:30 UTC): the next is the day after,
  // 02:30 CET = 01:30 UTC.
  next = cron.NextAfter(*next, berlin);
  EXPECT_EQ(Show(next), Show(Utc(2026, 10, 26, 1, 30)));
  // Asked from inside the second pass of the hour, the same.
  EXPECT_EQ(Show(cron.NextAfter(Utc(2026, 10, 25, 1, 10), berlin)),
            Show(Utc(2026, 10, 26, 1, 30)));
}

TEST(CronTest, TimeZonesAreLookedUpByIanaName) {
  EXPECT_NE(FindTimeZone("Europe/Berlin"), nullptr);
  EXPECT_NE(FindTimeZone("America/New_York"), nullptr);
  EXPECT_NE(FindTimeZone("UTC"), nullptr);
  EXPECT_EQ(FindTimeZone("Mars/Olympus"), nullptr);
  EXPECT_EQ(FindTimeZone(""), nullptr);
  EXPECT_EQ(FindTimeZone("../../etc/passwd"), nullptr);
}

TEST(ScheduleTest, ValidationNamesTheField) {
  EXPECT_TRUE(ValidateSchedule({60, "", "UTC"}).ok());
  EXPECT_TRUE(ValidateSchedule({0, "0 3 * * 1-5", "Europe/Berlin"}).ok());
  EXPECT_EQ(ValidateSchedule({9, "", "UTC"}).field(),
            "schedule.period_seconds");
  EXPECT_EQ(ValidateSchedule({0, "", "UTC"}).field(),
            "schedule.period_seconds");
  EXPECT_EQ(ValidateSchedule({0, "0 3 * *", "UTC"}).field(), "schedule.cron");
  EXPECT_EQ(ValidateSchedule({0, "0 3 * * *", "Europe/Nowhere"}).field(),
            "schedule.timezone");
  EXPECT_EQ(ValidateSchedule({60, "0 3 * * *", "UTC"}).field(), "schedule");
}

TEST(ScheduleTest, NextDueByPeriodAndByCron) {
  const int64_t last = Utc(2026, 3, 28, 23, 59, 30);
  EXPECT_EQ(NextDue({3600, "", "UTC"}, last), last + 3'600'000);
  EXPECT_EQ(Show(NextDue({0, "30 2 * * *", "Europe/Berlin"}, last)),
            Show(Utc(2026, 3, 29, 1, 0)));
}

}  // namespace
}  // namespace hookwarden
