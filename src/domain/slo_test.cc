// The SLO's figures against traces whose answers were worked out by hand
// from the definitions in slo.h.
#include "domain/slo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace hookwarden {
namespace {

constexpr int64_t kM = 60'000;
constexpr int64_t kH = 60 * kM;
constexpr int64_t kD = 24 * kH;
constexpr int64_t kNow = 10 * kD;

AggregateSlice Minute(int64_t start, int64_t hits, int64_t failures) {
  AggregateSlice s;
  s.start = start;
  s.length = kM;
  s.counts.hits = hits;
  s.counts.failures = failures;
  return s;
}

// The objectives' complements (1 − 99/100) are not exact in binary: the
// answers agree with the hand-worked ones to 1 part in 10^12.
#define EXPECT_CLOSE(actual, expected) \
  EXPECT_NEAR(actual, expected,        \
              1e-12 * std::max(1.0, std::abs(static_cast<double>(expected))))

std::string FieldOf(const Status& s) { return s.ok() ? "" : s.field(); }

TEST(SloTest, BoundsNameTheirField) {
  EXPECT_TRUE(CheckSlo({99.9, 30, "events"}).ok());
  EXPECT_TRUE(CheckSlo({50, 7, "uptime"}).ok());
  EXPECT_TRUE(CheckSlo({99.999, 28, "events"}).ok());
  EXPECT_EQ(FieldOf(CheckSlo({49.9, 30, "events"})), "slo.objective_percent");
  EXPECT_EQ(FieldOf(CheckSlo({99.9991, 30, "events"})),
            "slo.objective_percent");
  EXPECT_EQ(FieldOf(CheckSlo({99, 14, "events"})), "slo.window_days");
  EXPECT_EQ(FieldOf(CheckSlo({99, 7, "latency"})), "slo.indicator");
}

TEST(SloTest, EventsOverTheWindowAndEachSpanLeavingMaintenanceOut) {
  SloInputs in;
  in.minutes = {
      Minute(kNow - 8 * kD, 0, 100),  // Before the 7-day window.
      Minute(kNow - 6 * kD, 1000, 10),
      Minute(kNow - kD, 0, 50),  // In maintenance: not eligible.
      Minute(kNow - 2 * kH, 500, 0),
      Minute(kNow - 20 * kM, 90, 10),
      Minute(kNow - 3 * kM, 0, 5),
  };
  in.maintenance = {{kNow - kD - 30 * kM, kNow - kD + 30 * kM}};
  SloReport r = ComputeSlo({99, 7, "events"}, kNow, in);
  EXPECT_EQ(r.window, (Span{kNow - 7 * kD, kNow}));
  // 1,590 hits and 25 failures are eligible.
  EXPECT_CLOSE(*r.attained_percent, 100.0 * 1590 / 1615);
  EXPECT_CLOSE(r.budget_total, 0.01 * 1615);
  EXPECT_CLOSE(r.budget_consumed, 25);
  EXPECT_CLOSE(*r.budget_remaining_percent, 100.0 * (1 - 25 / (0.01 * 1615)));
  EXPECT_LT(*r.budget_remaining_percent, 0);  // Overspent.
  // 5m: only the 5 failures.
  EXPECT_CLOSE(*r.burn_rates[0], 1.0 / 0.01);
  // 30m and 1h: 15 of 105.
  EXPECT_CLOSE(*r.burn_rates[1], 15.0 / 105 / 0.01);
  EXPECT_CLOSE(*r.burn_rates[2], 15.0 / 105 / 0.01);
  // 6h, 24h (whose first minute is in maintenance) and 3d: 15 of 605.
  EXPECT_CLOSE(*r.burn_rates[3], 15.0 / 605 / 0.01);
  EXPECT_CLOSE(*r.burn_rates[4], 15.0 / 605 / 0.01);
  EXPECT_CLOSE(*r.burn_rates[5], 15.0 / 605 / 0.01);
}

TEST(SloTest, WithoutEventsNothingIsAttainedAndNoRateIsKnown) {
  SloReport r = ComputeSlo({99.9, 30, "events"}, kNow, {});
  EXPECT_FALSE(r.attained_percent.has_value());
  EXPECT_CLOSE(r.budget_total, 0);
  EXPECT_FALSE(r.budget_remaining_percent.has_value());
  for (const auto& rate : r.burn_rates) EXPECT_FALSE(rate.has_value());
}

TEST(SloTest, AFullBudgetIsAHundredPercentLeft) {
  SloInputs in;
  in.minutes = {Minute(kNow - kH, 1000, 0)};
  SloReport r = ComputeSlo({99.9, 30, "events"}, kNow, in);
  EXPECT_CLOSE(*r.attained_percent, 100);
  EXPECT_CLOSE(*r.budget_remaining_percent, 100);
  EXPECT_CLOSE(*r.burn_rates[2], 0);
  EXPECT_FALSE(r.burn_rates[0].has_value());  // Nothing in the last 5 min.
}

TEST(SloTest, UptimeCountsSecondsOutsideMaintenance) {
  SloInputs in;
  // Down 2 days ago for 2 h, half of it in maintenance; down again for the
  // last hour.
  in.down = {{kNow - 2 * kD, kNow - 2 * kD + 2 * kH}, {kNow - kH, kNow}};
  in.maintenance = {{kNow - 2 * kD + kH, kNow - 2 * kD + 3 * kH}};
  SloReport r = ComputeSlo({99.9, 7, "uptime"}, kNow, in);
  // Eligible: 604,800 − 7,200 s; down 7,200 s.
  EXPECT_CLOSE(*r.attained_percent, 100.0 * (1 - 7200.0 / 597'600));
  EXPECT_CLOSE(r.budget_total, 0.001 * 597'600);
  EXPECT_CLOSE(r.budget_consumed, 7200);
  EXPECT_CLOSE(*r.budget_remaining_percent,
               100.0 * (1 - 7200 / (0.001 * 597'600)));
  EXPECT_CLOSE(*r.burn_rates[0], 1 / 0.001);
  EXPECT_CLOSE(*r.burn_rates[1], 1 / 0.001);
  EXPECT_CLOSE(*r.burn_rates[2], 1 / 0.001);
  EXPECT_CLOSE(*r.burn_rates[3], 3600.0 / 21'600 / 0.001);
  EXPECT_CLOSE(*r.burn_rates[4], 3600.0 / 86'400 / 0.001);
  EXPECT_CLOSE(*r.burn_rates[5], 7200.0 / (259'200 - 7200) / 0.001);
}

TEST(SloTest, AnUptimeSpanAllInMaintenanceHasNoRate) {
  SloInputs in;
  in.maintenance = {{kNow - 2 * kH, kNow}};
  SloReport r = ComputeSlo({99, 7, "uptime"}, kNow, in);
  EXPECT_FALSE(r.burn_rates[0].has_value());
  EXPECT_FALSE(r.burn_rates[2].has_value());
  EXPECT_CLOSE(*r.burn_rates[3], 0);
  EXPECT_CLOSE(*r.attained_percent, 100);
}

}  // namespace
}  // namespace hookwarden
