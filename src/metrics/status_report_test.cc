#include "metrics/status_report.h"

#include <gtest/gtest.h>

namespace hookwarden::metrics {
namespace {

constexpr int64_t kHour = kHourMillis;
// 2026-12-04T12:00:00Z.
constexpr int64_t kNow = 1796385600000;
constexpr int64_t kToday = kNow - 12 * kHour;

Incident Down(int64_t from, std::optional<int64_t> to) {
  Incident i;
  i.opened_at = from;
  i.resolved_at = to;
  i.status = to ? "resolved" : "alarmed";
  return i;
}

TEST(StatusReportTest, TrailingWindowsLeaveMaintenanceOut) {
  Inputs::Application app;
  // Two hours down yesterday, one of them in maintenance.
  app.incidents.push_back(Down(kToday - 4 * kHour, kToday - 2 * kHour));
  app.maintenance.push_back({kToday - 3 * kHour, kToday - 2 * kHour});
  EXPECT_DOUBLE_EQ(TrailingUptime(app, 24 * kHour, kNow),
                   100.0 * (1 - 1.0 / 23));
  EXPECT_DOUBLE_EQ(TrailingUptime(app, 7 * 24 * kHour, kNow),
                   100.0 * (1 - 1.0 / (7 * 24 - 1)));
  EXPECT_DOUBLE_EQ(TrailingUptime(app, 2 * kHour, kNow), 100.0);
}

TEST(StatusReportTest, DaysCutAtNowAndBeforeCreation) {
  Inputs::Application app;
  // Down from 06:00 today until now (open), and across yesterday's end.
  app.incidents.push_back(Down(kToday - kHour, kToday + kHour));
  app.incidents.push_back(Down(kToday + 6 * kHour, std::nullopt));
  std::vector<StatusDay> days = StatusDays(app, kToday - 2 * kDayMillis, kNow);
  ASSERT_EQ(days.size(), static_cast<size_t>(kStatusDays));
  EXPECT_EQ(days.back().from, kToday);
  EXPECT_EQ(days.front().from, kToday - (kStatusDays - 1) * kDayMillis);
  // Today: 1 h + 6 h down of the 12 h so far.
  EXPECT_DOUBLE_EQ(*days.back().uptime_percent, 100.0 * (1 - 7.0 / 12));
  EXPECT_EQ(days.back().incidents, (std::vector<size_t>{0, 1}));
  // Yesterday: its last hour.
  EXPECT_DOUBLE_EQ(*days[kStatusDays - 2].uptime_percent,
                   100.0 * (1 - 1.0 / 24));
  EXPECT_EQ(days[kStatusDays - 2].incidents, (std::vector<size_t>{0}));
  // The day the application was created in counts; the one before not.
  EXPECT_DOUBLE_EQ(*days[kStatusDays - 3].uptime_percent, 100.0);
  EXPECT_FALSE(days[kStatusDays - 4].uptime_percent.has_value());
  EXPECT_TRUE(days[kStatusDays - 4].incidents.empty());
}

TEST(StatusReportTest, TheWindowCoversNinetyDaysBeforeNow) {
  Window w = StatusDaysWindow(kNow + 30'500);
  EXPECT_EQ(w.from, kNow - kStatusDays * kDayMillis);
  EXPECT_EQ(w.to, kNow + kMinuteMillis);
}

}  // namespace
}  // namespace hookwarden::metrics
