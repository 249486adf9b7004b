#include "domain/incident_tracker.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hookwarden {
namespace {

class IncidentTrackerTest : public ::testing::Test {
 protected:
  IncidentTrackerTest()
      : tracker_([this] { return "inc_" + std::to_string(++ids_); }) {
    app_.id = "app_1";
    app_.organization_id = "org_1";
    app_.slug = "api";
    app_.created_at = 0;
  }

  // Feeds a trace like "ffhfff" (one event per second from `start`), and
  // returns what each event changed: '.', 'O'pened or 'R'esolved.
  std::string Feed(std::string_view trace, int64_t start = 1000,
                   bool in_maintenance = false) {
    std::string changes;
    for (char c : trace) {
      Event e;
      e.failure = c == 'f';
      e.at = e.received_at = start;
      e.message = "boom at " + std::to_string(start);
      start += 1000;
      IncidentChange change = tracker_.Track(app_, state_, e, in_maintenance);
      changes += change.kind == IncidentChange::kOpened     ? 'O'
                 : change.kind == IncidentChange::kResolved ? 'R'
                                                            : '.';
      if (change.kind != IncidentChange::kNone) last_ = change.incident;
    }
    return changes;
  }

  int ids_ = 0;
  IncidentTracker tracker_;
  Application app_;
  TrackedState state_;
  Incident last_;
};

TEST_F(IncidentTrackerTest, OneFailureOpensAndOneHitResolvesByDefault) {
  EXPECT_EQ(Feed("hfhh"), ".OR.");
  EXPECT_EQ(last_.status, kIncidentResolved);
  EXPECT_EQ(last_.resolved_by, "auto");
  EXPECT_EQ(last_.opened_at, 2000);
  EXPECT_EQ(last_.resolved_at, 3000);
}

TEST_F(IncidentTrackerTest, FlappingAroundTheThresholdsCountsOnlyRuns) {
  app_.rules.failures_to_open = 3;
  app_.rules.hits_to_close = 2;
  // Two failures, a hit (starts the count again), then three: the third of
  // those opens. One hit, a failure (starts the hits again), two hits close.
  EXPECT_EQ(Feed("ffhfffhfhh"), ".....O...R");
  EXPECT_EQ(last_.kind, kIncidentFailures);
  EXPECT_EQ(last_.opened_at, 6000);  // The 6th event, at 1000 + 5 s.
  EXPECT_EQ(last_.cause, "boom at 6000");
  EXPECT_EQ(last_.resolved_at, 10'000);
  EXPECT_FALSE(state_.open.has_value());
}

TEST_F(IncidentTrackerTest, FailuresWhileOpenOpenNoSecondIncident) {
  app_.rules.failures_to_open = 2;
  app_.rules.hits_to_close = 3;
  EXPECT_EQ(Feed("ffffffhhfhhh"), ".O.........R");
  EXPECT_EQ(ids_, 1);
  // Afterwards, two new failures open a new one.
  EXPECT_EQ(Feed("ff", 100'000), ".O");
  EXPECT_EQ(last_.id, "inc_2");
}

TEST_F(IncidentTrackerTest, IncidentsCopyTheSeverityOfTheirTime) {
  app_.rules.severity = "sev2";
  Feed("f");
  EXPECT_EQ(last_.severity, "sev2");
  EXPECT_EQ(last_.status, kIncidentAlarmed);
  EXPECT_EQ(last_.application_id, "app_1");
  EXPECT_EQ(last_.organization_id, "org_1");
}

TEST_F(IncidentTrackerTest, ResolutionNeverPrecedesTheOpening) {
  Event f;
  f.failure = true;
  f.at = f.received_at = 50'000;
  tracker_.Track(app_, state_, f);
  Event h;  // A client clock running behind.
  h.at = 40'000;
  h.received_at = 51'000;
  IncidentChange change = tracker_.Track(app_, state_, h);
  ASSERT_EQ(change.kind, IncidentChange::kResolved);
  EXPECT_EQ(change.incident.resolved_at, 50'000);
}

TEST_F(IncidentTrackerTest, NoDataOpensAtLastArrivalPlusTimeout) {
  app_.rules.no_data_timeout_seconds = 60;
  app_.rules.hits_to_close = 2;
  // Nothing yet: the watch runs from the application's creation.
  EXPECT_EQ(IncidentTracker::NoDataDeadline(app_, state_), 60'000);
  Feed("hh", 10'000);  // Last arrival at 11 s.
  EXPECT_EQ(IncidentTracker::NoDataDeadline(app_, state_), 71'000);
  EXPECT_EQ(tracker_.CheckNoData(app_, state_, 70'999).kind,
            IncidentChange::kNone);
  IncidentChange opened = tracker_.CheckNoData(app_, state_, 500'000);
  ASSERT_EQ(opened.kind, IncidentChange::kOpened);
  EXPECT_EQ(opened.incident.kind, kIncidentNoData);
  EXPECT_EQ(opened.incident.opened_at, 71'000);
  // Open: no second one, however long the silence.
  EXPECT_FALSE(IncidentTracker::NoDataDeadline(app_, state_).has_value());
  EXPECT_EQ(tracker_.CheckNoData(app_, state_, 900'000).kind,
            IncidentChange::kNone);
  // The hits before it do not count toward closing it: two new ones do.
  EXPECT_EQ(Feed("hfhh", 600'000), "...R");
  EXPECT_EQ(last_.kind, kIncidentNoData);
}

TEST_F(IncidentTrackerTest,
       FailuresInMaintenanceOpenNothingAndCountForNothing) {
  app_.rules.failures_to_open = 3;
  EXPECT_EQ(Feed("ff"), "..");
  // In the window: no incident, and the streak before it is forgotten.
  EXPECT_EQ(Feed("ffffff", 10'000, true), "......");
  EXPECT_EQ(ids_, 0);
  // After it, three new failures are needed.
  EXPECT_EQ(Feed("fff", 20'000), "..O");
  EXPECT_EQ(last_.opened_at, 22'000);
}

TEST_F(IncidentTrackerTest, AnIncidentOpenBeforeMaintenanceStaysUntilHits) {
  app_.rules.hits_to_close = 2;
  EXPECT_EQ(Feed("f"), "O");
  EXPECT_EQ(Feed("fhfh", 10'000, true), "....");
  ASSERT_TRUE(state_.open.has_value());
  // The hit before counts: one more resolves it.
  EXPECT_EQ(Feed("hh", 20'000, true), "R.");
}

TEST_F(IncidentTrackerTest, RestartingTheWatchesMovesTheirDeadlinesOnly) {
  app_.rules.no_data_timeout_seconds = 60;
  Feed("h", 10'000);
  IncidentTracker::RestartWatches(state_, 100'000);
  EXPECT_EQ(IncidentTracker::NoDataDeadline(app_, state_), 160'000);
  // Never backwards.
  IncidentTracker::RestartWatches(state_, 50'000);
  EXPECT_EQ(IncidentTracker::NoDataDeadline(app_, state_), 160'000);
  EXPECT_EQ(state_.last_report_at, 10'000);
}

TEST_F(IncidentTrackerTest, NoDataIsOffWithoutATimeout) {
  EXPECT_FALSE(IncidentTracker::NoDataDeadline(app_, state_).has_value());
  EXPECT_EQ(tracker_.CheckNoData(app_, state_, INT64_MAX / 2).kind,
            IncidentChange::kNone);
}

}  // namespace
}  // namespace hookwarden
