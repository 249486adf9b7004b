// The burn-rate rules against rates and traces written by hand, with the
// thresholds of the SRE workbook worked out from burn_alerts.h.
#include "domain/burn_alerts.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

constexpr int64_t kM = 60'000;
constexpr int64_t kNow = 10 * 24 * 60 * kM;

const BurnRule& Rule(std::string_view name) { return *FindBurnRule(name); }

// A report with the burn rates given by span name; the others null.
SloReport Rates(std::initializer_list<std::pair<std::string_view, double>> r) {
  SloReport report;
  for (const auto& [name, rate] : r) {
    for (size_t i = 0; i < kBurnSpans.size(); ++i) {
      if (kBurnSpans[i].name == name) report.burn_rates[i] = rate;
    }
  }
  return report;
}

std::vector<std::string> Names(const std::vector<BurnFiring>& firing) {
  std::vector<std::string> out;
  for (const BurnFiring& f : firing) out.push_back(f.rule);
  return out;
}

TEST(BurnAlertsTest, ThresholdsScaleWithTheWindowAsTheWorkbookDoes) {
  EXPECT_NEAR(BurnThreshold(Rule("page_1h_5m"), 30), 14.4, 1e-12);
  EXPECT_NEAR(BurnThreshold(Rule("page_6h_30m"), 30), 6, 1e-12);
  EXPECT_NEAR(BurnThreshold(Rule("ticket_3d_6h"), 30), 1, 1e-12);
  EXPECT_NEAR(BurnThreshold(Rule("page_1h_5m"), 28), 13.44, 1e-12);
  EXPECT_NEAR(BurnThreshold(Rule("page_6h_30m"), 28), 5.6, 1e-12);
  EXPECT_NEAR(BurnThreshold(Rule("ticket_3d_6h"), 28), 28.0 / 30, 1e-12);
  EXPECT_NEAR(BurnThreshold(Rule("page_1h_5m"), 7), 3.36, 1e-12);
  EXPECT_NEAR(BurnThreshold(Rule("page_6h_30m"), 7), 1.4, 1e-12);
  EXPECT_NEAR(BurnThreshold(Rule("ticket_3d_6h"), 7), 7.0 / 30, 1e-12);
  EXPECT_EQ(Rule("page_1h_5m").severity, "page");
  EXPECT_EQ(Rule("ticket_3d_6h").severity, "ticket");
  EXPECT_EQ(FindBurnRule("page"), nullptr);
}

TEST(BurnAlertsTest, ARuleHoldsOnlyWhenBothItsSpansExceedTheThreshold) {
  const Slo slo{99.9, 30, "events"};
  const BurnRule& page = Rule("page_1h_5m");
  EXPECT_TRUE(BurnRuleHolds(page, slo, Rates({{"1h", 15}, {"5m", 20}})));
  // The short span has calmed down: the page stops at once.
  EXPECT_FALSE(BurnRuleHolds(page, slo, Rates({{"1h", 15}, {"5m", 3}})));
  // A short burst alone does not page.
  EXPECT_FALSE(BurnRuleHolds(page, slo, Rates({{"1h", 10}, {"5m", 100}})));
  // At the threshold exactly it does not hold: it must exceed it.
  EXPECT_FALSE(BurnRuleHolds(page, slo, Rates({{"1h", 14.4}, {"5m", 14.4}})));
  // A span without events holds nothing.
  EXPECT_FALSE(BurnRuleHolds(page, slo, Rates({{"1h", 50}})));
}

TEST(BurnAlertsTest, SevenDayWindowsPageAtTheScaledThreshold) {
  SloReport r = Rates({{"1h", 4}, {"5m", 4}, {"6h", 1.5}, {"30m", 1.5}});
  EXPECT_TRUE(BurnRuleHolds(Rule("page_1h_5m"), {99.9, 7, "events"}, r));
  EXPECT_TRUE(BurnRuleHolds(Rule("page_6h_30m"), {99.9, 7, "events"}, r));
  EXPECT_FALSE(BurnRuleHolds(Rule("page_1h_5m"), {99.9, 30, "events"}, r));
  EXPECT_FALSE(BurnRuleHolds(Rule("page_6h_30m"), {99.9, 28, "events"}, r));
}

TEST(BurnAlertsTest, EachRuleStartsOnceAndStopsOnce) {
  const Slo slo{99.9, 30, "events"};
  SloReport burning = Rates({{"1h", 20}, {"5m", 20}, {"6h", 2}, {"30m", 20}});
  BurnTransitions t = NextBurnFiring({}, &slo, burning, 100, false);
  EXPECT_EQ(Names(t.started), std::vector<std::string>{"page_1h_5m"});
  EXPECT_TRUE(t.stopped.empty());
  ASSERT_EQ(t.firing.size(), 1u);
  EXPECT_EQ(t.firing[0], (BurnFiring{"page_1h_5m", 100}));
  // Still holding a minute later: nothing new, the same since.
  BurnTransitions again = NextBurnFiring(t.firing, &slo, burning, 160, false);
  EXPECT_TRUE(again.started.empty());
  EXPECT_TRUE(again.stopped.empty());
  EXPECT_EQ(again.firing, t.firing);
  // Calm: it stops once, with when it started.
  SloReport calm = Rates({{"1h", 20}, {"5m", 0}});
  BurnTransitions stop = NextBurnFiring(again.firing, &slo, calm, 220, false);
  EXPECT_TRUE(stop.started.empty());
  EXPECT_EQ(stop.stopped, (std::vector<BurnFiring>{{"page_1h_5m", 100}}));
  EXPECT_TRUE(stop.firing.empty());
  EXPECT_TRUE(NextBurnFiring({}, &slo, calm, 280, false).stopped.empty());
}

TEST(BurnAlertsTest, MaintenanceStartsNothingButLetsRulesStop) {
  const Slo slo{99.9, 30, "events"};
  SloReport burning = Rates({{"3d", 2}, {"6h", 2}, {"1h", 20}, {"5m", 20}});
  BurnTransitions quiet =
      NextBurnFiring({{"ticket_3d_6h", 5}}, &slo, burning, 100, true);
  EXPECT_TRUE(quiet.started.empty());
  EXPECT_EQ(quiet.firing, (std::vector<BurnFiring>{{"ticket_3d_6h", 5}}));
  BurnTransitions calm =
      NextBurnFiring(quiet.firing, &slo, Rates({}), 160, true);
  EXPECT_EQ(Names(calm.stopped), std::vector<std::string>{"ticket_3d_6h"});
}

TEST(BurnAlertsTest, WithoutAnSloEveryRuleStops) {
  SloReport burning = Rates({{"1h", 20}, {"5m", 20}});
  BurnTransitions t = NextBurnFiring({{"page_1h_5m", 1}, {"retired_rule", 2}},
                                     nullptr, burning, 100, false);
  EXPECT_TRUE(t.started.empty());
  EXPECT_TRUE(t.firing.empty());
  EXPECT_EQ(Names(t.stopped), std::vector<std::string>{"page_1h_5m"});
}

// Minutes of 98 hits and 2 failures over the last hour: every span burns
// 0.02 / 0.001 = 20 times the budget's pace, so all three rules hold.
// Maintenance over the last 10 minutes leaves the 5-minute span without
// an eligible event: the 1 h / 5 m page no longer holds, the others do.
TEST(BurnAlertsTest, AWindowCutByMaintenanceHoldsOnlyWhatItsEventsShow) {
  const Slo slo{99.9, 30, "events"};
  SloInputs in;
  for (int i = 1; i <= 60; ++i) {
    AggregateSlice s;
    s.start = kNow - i * kM;
    s.length = kM;
    s.counts.hits = 98;
    s.counts.failures = 2;
    in.minutes.push_back(s);
  }
  SloReport all = ComputeSlo(slo, kNow, in);
  EXPECT_NEAR(*all.burn_rates[0], 20, 1e-9);
  EXPECT_EQ(
      Names(NextBurnFiring({}, &slo, all, kNow, false).started),
      (std::vector<std::string>{"page_1h_5m", "page_6h_30m", "ticket_3d_6h"}));
  in.maintenance = {{kNow - 10 * kM, kNow + 50 * kM}};
  SloReport cut = ComputeSlo(slo, kNow, in);
  EXPECT_FALSE(cut.burn_rates[0].has_value());
  EXPECT_EQ(Names(NextBurnFiring({}, &slo, cut, kNow, false).started),
            (std::vector<std::string>{"page_6h_30m", "ticket_3d_6h"}));
}

}  // namespace
}  // namespace hookwarden
