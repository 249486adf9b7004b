#include "ingest/report.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace hookwarden::ingest {
namespace {

constexpr int64_t kMinute = 60'000;

Event At(std::string app, int64_t at, double latency_ms, bool failure) {
  Event e;
  e.application_id = std::move(app);
  e.at = e.received_at = at;
  e.latency_ms = latency_ms;
  e.failure = failure;
  return e;
}

TEST(ReportTest, AMinuteStartsAtItsFirstMillisecondBeforeTheEpochToo) {
  EXPECT_EQ(MinuteOf(0), 0);
  EXPECT_EQ(MinuteOf(kMinute - 1), 0);
  EXPECT_EQ(MinuteOf(5 * kMinute + 17), 5 * kMinute);
  EXPECT_EQ(MinuteOf(-1), -kMinute);
  EXPECT_EQ(MinuteOf(-kMinute), -kMinute);
}

TEST(ReportTest, TalliesCountEachApplicationsMinuteInOrderOfItsFirstEvent) {
  Report report;
  report.events = {At("app_a", 10 * kMinute + 1, 3, false),
                   At("app_b", 10 * kMinute + 2, 5, true),
                   At("app_a", 11 * kMinute, 7, false),
                   At("app_a", 10 * kMinute + 9, 250, true),
                   At("app_b", 10 * kMinute + 3, 1, false)};
  report.events[4].latency_ms.reset();
  TallyEvents(report);
  ASSERT_EQ(report.tallies.size(), 3u);
  // (first event, minute, the events it counts)
  struct Want {
    size_t event;
    int64_t minute;
    std::vector<size_t> events;
  };
  std::vector<Want> want = {{0, 10 * kMinute, {0, 3}},
                            {1, 10 * kMinute, {1, 4}},
                            {2, 11 * kMinute, {2}}};
  for (size_t k = 0; k < want.size(); ++k) {
    const EventTally& t = report.tallies[k];
    EventCounts counts;
    for (size_t i : want[k].events) counts.Add(report.events[i]);
    EXPECT_EQ(t.event, want[k].event) << k;
    EXPECT_EQ(t.minute, want[k].minute) << k;
    EXPECT_EQ(t.counts.hits, counts.hits) << k;
    EXPECT_EQ(t.counts.failures, counts.failures) << k;
    EXPECT_EQ(t.counts.latency_count, counts.latency_count) << k;
    EXPECT_EQ(t.counts.latency_sum, counts.latency_sum) << k;
    EXPECT_EQ(t.counts.latency_min, counts.latency_min) << k;
    EXPECT_EQ(t.counts.latency_max, counts.latency_max) << k;
    EXPECT_EQ(t.counts.latency, counts.latency) << k;
  }
  // Tallied again, it holds the same, not twice as much.
  TallyEvents(report);
  ASSERT_EQ(report.tallies.size(), 3u);
  EXPECT_EQ(report.tallies[0].counts.hits + report.tallies[0].counts.failures,
            2);
}

TEST(ReportTest, AReportOfFewerThanTwoEventsHasNoTallies) {
  Report report;
  TallyEvents(report);
  EXPECT_TRUE(report.tallies.empty());
  report.events = {At("app_a", kMinute, 3, false)};
  TallyEvents(report);
  EXPECT_TRUE(report.tallies.empty());
}

}  // namespace
}  // namespace hookwarden::ingest
