// The figures against traces whose answers were worked out by hand from
// the definitions in figures.h.
#include "metrics/figures.h"

#include <gtest/gtest.h>

#include "metrics/inputs.h"

namespace hookwarden::metrics {
namespace {

constexpr int64_t kM = kMinuteMillis;
constexpr int64_t kH = kHourMillis;

AggregateSlice Minute(int64_t start, int64_t hits, int64_t failures) {
  AggregateSlice s;
  s.start = start;
  s.length = kM;
  s.counts.hits = hits;
  s.counts.failures = failures;
  return s;
}

Incident MakeIncident(int64_t opened, std::optional<int64_t> resolved,
                      std::optional<int64_t> acknowledged = std::nullopt) {
  Incident i;
  i.opened_at = opened;
  i.resolved_at = resolved;
  i.acknowledged_at = acknowledged;
  i.status = resolved ? "resolved" : acknowledged ? "acknowledged" : "alarmed";
  return i;
}

Deploy MakeDeploy(int64_t finished, std::string status = "success",
                  std::optional<int64_t> commit_at = std::nullopt) {
  Deploy d;
  d.finished_at = finished;
  d.created_at = finished + 5'000;  // Received a little later.
  d.status = std::move(status);
  d.commit_at = commit_at;
  return d;
}

TEST(FiguresTest, IncidentsInAndAcrossTheWindow) {
  const Window w{0, 10 * kH};  // |W| = 36,000 s.
  const int64_t now = 9 * kH + 30 * kM;
  std::vector<Incident> incidents = {
      // Opened before W, resolved at 0:20: 20 min of downtime, no outage.
      MakeIncident(-kH, 20 * kM),
      // 1:00 to 2:00, acknowledged at 1:10.
      MakeIncident(kH, 2 * kH, kH + 10 * kM),
      // 1:30 to 3:00: overlaps the one before; together 1:00 to 3:00.
      MakeIncident(kH + 30 * kM, 3 * kH),
      // Opened at 9:00, still open at now = 9:30.
      MakeIncident(9 * kH, std::nullopt),
  };
  std::vector<AggregateSlice> slices = {Minute(5 * kM, 60, 4),
                                        Minute(6 * kH, 30, 6),
                                        Minute(-kM, 1000, 1000),  // Before W.
                                        Minute(10 * kH, 7, 7)};   // After W.
  Figures f = Compute(w, now, slices, incidents, {});
  EXPECT_EQ(f.hits, 90);
  EXPECT_EQ(f.failures, 10);
  EXPECT_DOUBLE_EQ(*f.availability, 0.9);
  // 20 min + 2 h + 30 min = 10,200 s.
  EXPECT_EQ(f.downtime_millis, 10'200'000);
  EXPECT_DOUBLE_EQ(f.uptime_percent, 100.0 * (1.0 - 10'200.0 / 36'000.0));
  EXPECT_EQ(f.outages, 3);
  // Resolved ones opened in W: 1 h and 1.5 h.
  EXPECT_DOUBLE_EQ(*f.mttr_millis, 4'500'000);
  // Acknowledged ones opened in W: 10 min.
  EXPECT_DOUBLE_EQ(*f.mtta_millis, 600'000);
  // (36,000 − 10,200) s / 3.
  EXPECT_DOUBLE_EQ(*f.mtbf_millis, 8'600'000);
}

TEST(FiguresTest, MaintenanceIsLeftOutOfDowntimeAndOfTheWindow) {
  const Window w{0, 10 * kH};  // |W| = 36,000 s.
  const int64_t now = 12 * kH;
  // Down 1:00 to 3:00 and 8:00 to 9:00; maintenance 2:00 to 4:00 and
  // 8:30 to 11:00 (1.5 h of it after W).
  Inputs in;
  in.incidents = {MakeIncident(kH, 3 * kH), MakeIncident(8 * kH, 9 * kH)};
  in.applications.push_back(
      {in.incidents, {{2 * kH, 4 * kH}, {8 * kH + 30 * kM, 11 * kH}}});
  Figures f = in.Compute(w, now);
  // 2 h + 1.5 h of maintenance inside W.
  EXPECT_EQ(f.maintenance_millis, 12'600'000);
  // 1:00 to 2:00 and 8:00 to 8:30: 5,400 s.
  EXPECT_EQ(f.downtime_millis, 5'400'000);
  EXPECT_DOUBLE_EQ(f.uptime_percent,
                   100.0 * (1.0 - 5'400.0 / (36'000.0 - 12'600.0)));
  // (36,000 − 12,600 − 5,400) s / 2.
  EXPECT_DOUBLE_EQ(*f.mtbf_millis, 9'000'000);
}

TEST(FiguresTest, MaintenanceOfOneApplicationExcusesOnlyItsOwnIncidents) {
  const Window w{0, 4 * kH};
  Inputs a, b, both;
  a.incidents = {MakeIncident(0, kH)};
  a.applications.push_back({a.incidents, {{0, 2 * kH}}});
  b.incidents = {MakeIncident(30 * kM, 90 * kM)};
  b.applications.push_back({b.incidents, {{kH, 3 * kH}}});
  both.Merge(a);
  both.Merge(b);
  Figures f = both.Compute(w, 4 * kH);
  // a is excused all of its hour; b only 1:00 to 1:30, so 0:30 to 1:00
  // counts.
  EXPECT_EQ(f.downtime_millis, 30 * kM);
  // Both were in maintenance from 1:00 to 2:00 only.
  EXPECT_EQ(f.maintenance_millis, kH);
  EXPECT_DOUBLE_EQ(f.uptime_percent, 100.0 * (1.0 - 1'800.0 / 10'800.0));
}

TEST(FiguresTest, MergedWithinTheWindowHoldsOneSliceEachAndTheSameFigures) {
  const Window w{kH, 3 * kH};
  Inputs a, b;
  a.slices = {Minute(0, 5, 5), Minute(kH, 3, 1), Minute(2 * kH, 4, 0),
              Minute(3 * kH, 7, 7)};
  for (AggregateSlice& s : a.slices) {
    Event e;
    e.latency_ms = static_cast<double>(s.start / kH + 1);
    s.counts.Add(e);
  }
  a.incidents = {MakeIncident(kH + 10 * kM, kH + 40 * kM)};
  a.applications.push_back({a.incidents, {}});
  b.slices = {Minute(90 * kM, 10, 0)};
  b.applications.push_back({{}, {{2 * kH, 4 * kH}}});
  Inputs all, folded;
  all.Merge(a);
  all.Merge(b);
  folded.MergeWithin(a, w);
  folded.MergeWithin(b, w);
  ASSERT_EQ(folded.slices.size(), 2u);
  Figures want = all.Compute(w, 4 * kH), got = folded.Compute(w, 4 * kH);
  EXPECT_EQ(got.hits, 3 + 1 + 4 + 1 + 10);  // The latency events are hits.
  EXPECT_EQ(got.hits, want.hits);
  EXPECT_EQ(got.failures, want.failures);
  EXPECT_EQ(got.latency.avg, want.latency.avg);
  EXPECT_EQ(got.latency.min, want.latency.min);
  EXPECT_EQ(got.latency.max, want.latency.max);
  EXPECT_EQ(got.latency.p95, want.latency.p95);
  EXPECT_EQ(got.downtime_millis, want.downtime_millis);
  EXPECT_EQ(got.maintenance_millis, want.maintenance_millis);
  EXPECT_EQ(got.outages, 1);
  EXPECT_EQ(got.outages, want.outages);
  // An application without a slice in the window adds none.
  Inputs quiet;
  quiet.slices = {Minute(5 * kH, 1, 0)};
  folded.MergeWithin(quiet, w);
  EXPECT_EQ(folded.slices.size(), 2u);
}

TEST(FiguresTest, AWindowAllInMaintenanceIsFullyUp) {
  Inputs in;
  in.applications.push_back({{}, {{-kH, 2 * kH}}});
  Figures f = in.Compute({0, kH}, 3 * kH);
  EXPECT_EQ(f.maintenance_millis, kH);
  EXPECT_DOUBLE_EQ(f.uptime_percent, 100);
}

TEST(FiguresTest, AnOpenIncidentRunsToTheWindowsEndWhenThatComesFirst) {
  const Window w{0, 2 * kH};
  Figures f = Compute(w, 5 * kH, {}, {MakeIncident(-kH, std::nullopt)}, {});
  EXPECT_EQ(f.downtime_millis, 2 * kH);
  EXPECT_DOUBLE_EQ(f.uptime_percent, 0);
  EXPECT_EQ(f.outages, 0);
  EXPECT_FALSE(f.mtbf_millis.has_value());
  EXPECT_FALSE(f.mttr_millis.has_value());
}

TEST(FiguresTest, AQuietWindowHasNullRatiosAndFullUptime) {
  Figures f = Compute({0, kH}, kH, {}, {}, {});
  EXPECT_FALSE(f.availability.has_value());
  EXPECT_EQ(f.downtime_millis, 0);
  EXPECT_DOUBLE_EQ(f.uptime_percent, 100);
  EXPECT_FALSE(f.mtta_millis.has_value());
  EXPECT_FALSE(f.latency.avg.has_value());
  EXPECT_FALSE(f.latency.p95.has_value());
  EXPECT_EQ(f.deploys.count, 0);
  EXPECT_DOUBLE_EQ(f.deploys.per_day, 0);
  EXPECT_FALSE(f.deploys.change_failure_rate.has_value());
  EXPECT_FALSE(f.deploys.lead_time_millis.has_value());
}

TEST(FiguresTest, LatencyIsExactButForP95) {
  AggregateSlice a = Minute(0, 0, 0), b = Minute(kM, 0, 0);
  for (int ms = 1; ms <= 60; ++ms) {
    Event e;
    e.latency_ms = ms;
    a.counts.Add(e);
  }
  for (int ms = 61; ms <= 100; ++ms) {
    Event e;
    e.failure = ms % 2 == 0;
    e.latency_ms = ms;
    b.counts.Add(e);
  }
  Figures f = Compute({0, 2 * kM}, 2 * kM, {a, b}, {}, {});
  EXPECT_EQ(f.hits + f.failures, 100);
  EXPECT_DOUBLE_EQ(*f.latency.avg, 50.5);  // (1 + ... + 100) / 100
  EXPECT_DOUBLE_EQ(*f.latency.min, 1);
  EXPECT_DOUBLE_EQ(*f.latency.max, 100);
  EXPECT_NEAR(*f.latency.p95, 95, 95 * 0.05);  // Nearest rank: the 95th.
}

TEST(FiguresTest, ChangeFailuresLeadTimeAndFrequency) {
  const Window w{0, 10 * kH};
  // Incidents open at 0:30, 2:40 and 9:30.
  std::vector<Incident> incidents = {MakeIncident(30 * kM, kH),
                                     MakeIncident(2 * kH + 40 * kM, 3 * kH),
                                     MakeIncident(9 * kH + 30 * kM, 10 * kH)};
  std::vector<Deploy> deploys = {
      // Failed: an incident 30 min later, before the next deploy.
      MakeDeploy(0, "success", -2 * kH),
      // Not failed: the 2:40 incident comes after the next deploy (2:30).
      MakeDeploy(2 * kH, "success", kH + 30 * kM),
      // Failed: the 2:40 incident, 10 min later.
      MakeDeploy(2 * kH + 30 * kM, "success", 0),
      // Failed: a rollback, whatever follows.
      MakeDeploy(5 * kH, "rollback"),
      // Not failed: the 9:30 incident is 90 min later.
      MakeDeploy(8 * kH, "success", 7 * kH),
  };
  auto marks = MarkDeploys(deploys, std::nullopt, incidents);
  Figures f = Compute(w, 10 * kH, {}, incidents, marks);
  EXPECT_EQ(f.deploys.count, 5);
  EXPECT_DOUBLE_EQ(f.deploys.per_day, 12);  // 5 in 10 h.
  EXPECT_DOUBLE_EQ(*f.deploys.change_failure_rate, 0.6);
  // Lead times 2 h, 30 min, 2.5 h, 1 h: the median of four is the mean of
  // the middle two, (1 h + 2 h) / 2.
  EXPECT_DOUBLE_EQ(*f.deploys.lead_time_millis, 1.5 * kH);
}

TEST(FiguresTest, ChangeFailureEdges) {
  // An incident exactly 60 min after counts; one a minute later does not;
  // one opened at the deploy's own time counts.
  std::vector<Incident> at_60 = {MakeIncident(kH, std::nullopt)};
  std::vector<Incident> at_61 = {MakeIncident(kH + kM, std::nullopt)};
  std::vector<Incident> at_0 = {MakeIncident(0, std::nullopt)};
  EXPECT_TRUE(MarkDeploys({MakeDeploy(0)}, std::nullopt, at_60)[0].failed);
  EXPECT_FALSE(MarkDeploys({MakeDeploy(0)}, std::nullopt, at_61)[0].failed);
  EXPECT_TRUE(MarkDeploys({MakeDeploy(0)}, std::nullopt, at_0)[0].failed);
  // The next deploy (outside the window) still bounds the last one.
  EXPECT_FALSE(MarkDeploys({MakeDeploy(0)}, 30 * kM, at_60)[0].failed);
  // An incident already open before the deploy is not its fault.
  std::vector<Incident> before = {MakeIncident(-kM, std::nullopt)};
  EXPECT_FALSE(MarkDeploys({MakeDeploy(0)}, std::nullopt, before)[0].failed);
  EXPECT_TRUE(
      MarkDeploys({MakeDeploy(0, "failure")}, std::nullopt, {})[0].failed);
}

TEST(FiguresTest, ADeployWithoutFinishTimeCountsWhenReceived) {
  Deploy d = MakeDeploy(0);
  d.finished_at.reset();
  d.created_at = 2 * kH;
  d.commit_at = kH;
  auto marks = MarkDeploys({d}, std::nullopt, {});
  EXPECT_EQ(marks[0].at, 2 * kH);
  EXPECT_EQ(Compute({0, kH}, 0, {}, {}, marks).deploys.count, 0);
  Figures f = Compute({kH, 3 * kH}, 0, {}, {}, marks);
  EXPECT_EQ(f.deploys.count, 1);
  EXPECT_DOUBLE_EQ(*f.deploys.lead_time_millis, kH);
}

TEST(FiguresTest, BucketsAreAlignedToUtcAndCutToTheWindow) {
  const Window w{30 * kM, 3 * kH + 15 * kM};
  auto hours = Buckets(w, kHourMillis);
  ASSERT_EQ(hours.size(), 4u);
  EXPECT_EQ(hours[0].from, 30 * kM);
  EXPECT_EQ(hours[0].to, kH);
  EXPECT_EQ(hours[1].from, kH);
  EXPECT_EQ(hours[2].to, 3 * kH);
  EXPECT_EQ(hours[3].from, 3 * kH);
  EXPECT_EQ(hours[3].to, 3 * kH + 15 * kM);
  EXPECT_EQ(Buckets({kDayMillis - kH, kDayMillis + kH}, kDayMillis).size(), 2u);
  EXPECT_EQ(Buckets({0, kH}, kMinuteMillis).size(), 60u);
}

TEST(FiguresTest, BucketFiguresAddUpToTheWindows) {
  const Window w{0, 3 * kH};
  std::vector<AggregateSlice> slices = {Minute(10 * kM, 5, 1),
                                        Minute(kH + 5 * kM, 7, 2),
                                        Minute(2 * kH + 59 * kM, 1, 1)};
  std::vector<Incident> incidents = {MakeIncident(50 * kM, kH + 20 * kM)};
  Figures total = Compute(w, 3 * kH, slices, incidents, {});
  int64_t hits = 0, downtime = 0, outages = 0;
  for (const Window& b : Buckets(w, kHourMillis)) {
    Figures f = Compute(b, 3 * kH, slices, incidents, {});
    hits += f.hits;
    downtime += f.downtime_millis;
    outages += f.outages;
  }
  EXPECT_EQ(hits, total.hits);
  EXPECT_EQ(hits, 13);
  EXPECT_EQ(downtime, total.downtime_millis);
  EXPECT_EQ(downtime, 30 * kM);  // 0:50 to 1:20 across two buckets.
  EXPECT_EQ(outages, 1);
}

// Twenty runs finished in W lasting 1 s, 2 s, ... 20 s (the 3rd, 10th and
// 20th failed), one finished just before W and one at its end (outside);
// late incidents: one opened in W, one before it, and a failures incident.
// count 20, failed 3, avg 10.5 s, max 20 s, p95 the 19th smallest (ceil of
// 0.95 x 20 = 19): 19 s; late 1.
TEST(FiguresTest, RunsFinishedInTheWindow) {
  const Window w{kH, 2 * kH};
  std::vector<FinishedRun> runs;
  for (int64_t i = 1; i <= 20; ++i) {
    runs.push_back({kH + i * kM, i * 1'000, i == 3 || i == 10 || i == 20});
  }
  runs.push_back({kH - 1, 500'000, true});
  runs.push_back({2 * kH, 600'000, true});
  Incident late = MakeIncident(kH + 5 * kM, kH + 6 * kM);
  late.kind = "late";
  Incident early = MakeIncident(kH - kM, kH + kM);
  early.kind = "late";
  Incident failures = MakeIncident(kH + 30 * kM, kH + 31 * kM);
  failures.kind = "failures";
  Figures f = Compute(w, 3 * kH, {}, {late, early, failures}, {}, runs);
  EXPECT_EQ(f.runs.count, 20);
  EXPECT_EQ(f.runs.failed, 3);
  EXPECT_EQ(f.runs.late, 1);
  EXPECT_EQ(f.runs.avg_ms, 10'500);
  EXPECT_EQ(f.runs.p95_ms, 19'000);
  EXPECT_EQ(f.runs.max_ms, 20'000);
}

// One run: its duration is the average, the p95 and the maximum; none
// leaves them null.
TEST(FiguresTest, OneRunOrNone) {
  const Window w{0, kH};
  Figures one = Compute(w, kH, {}, {}, {}, {{kM, 4'321, false}});
  EXPECT_EQ(one.runs.count, 1);
  EXPECT_EQ(one.runs.failed, 0);
  EXPECT_EQ(one.runs.avg_ms, 4'321);
  EXPECT_EQ(one.runs.p95_ms, 4'321);
  EXPECT_EQ(one.runs.max_ms, 4'321);
  Figures none = Compute(w, kH, {}, {}, {});
  EXPECT_EQ(none.runs.count, 0);
  EXPECT_FALSE(none.runs.avg_ms.has_value());
  EXPECT_FALSE(none.runs.p95_ms.has_value());
  EXPECT_FALSE(none.runs.max_ms.has_value());
}

}  // namespace
}  // namespace hookwarden::metrics
