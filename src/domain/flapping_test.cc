#include "domain/flapping.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

constexpr int64_t kMinute = 60'000;

// Opens and resolves one incident at `at`; returns what each event gave.
std::vector<IncidentNotice> Cycle(const NoticeSettings& s, FlapState& state,
                                  int64_t at) {
  return {OnIncidentEvent(s, state, kEventIncidentOpened, at),
          OnIncidentEvent(s, state, kEventIncidentResolved, at + 1000)};
}

TEST(FlappingTest, StartsPastTheBoundAndSilencesIncidentsUntilItStops) {
  NoticeSettings s{
      .group_seconds = 30, .flapping_incidents = 5, .flapping_minutes = 30};
  FlapState state;
  int started = 0, stopped = 0, incident_notices = 0;
  for (int i = 0; i < 40; ++i) {
    for (const IncidentNotice& n : Cycle(s, state, i * kMinute / 4)) {
      started += n.change == FlapChange::kStarted;
      stopped += n.change == FlapChange::kStopped;
      incident_notices += n.notify_incident;
    }
  }
  EXPECT_TRUE(state.flapping);
  EXPECT_EQ(started, 1);
  EXPECT_EQ(stopped, 0);
  // The first five incidents, opened and resolved: then silence.
  EXPECT_EQ(incident_notices, 10);
  // Still flapping within the window, calm after it.
  EXPECT_EQ(CheckFlapping(s, state, 20 * kMinute), FlapChange::kNone);
  EXPECT_EQ(CheckFlapping(s, state, 45 * kMinute), FlapChange::kStopped);
  EXPECT_FALSE(state.flapping);
  EXPECT_EQ(CheckFlapping(s, state, 46 * kMinute), FlapChange::kNone);
}

TEST(FlappingTest, AtTheBoundItDoesNotFlap) {
  NoticeSettings s{
      .group_seconds = 0, .flapping_incidents = 3, .flapping_minutes = 10};
  FlapState state;
  for (int i = 0; i < 3; ++i) {
    for (const IncidentNotice& n : Cycle(s, state, i * kMinute)) {
      EXPECT_TRUE(n.notify_incident);
      EXPECT_EQ(n.change, FlapChange::kNone);
    }
  }
  // Old openings leave the window: spread out, it never flaps.
  for (int i = 0; i < 10; ++i) {
    for (const IncidentNotice& n : Cycle(s, state, (10 + i * 5) * kMinute))
      EXPECT_TRUE(n.notify_incident);
  }
  EXPECT_FALSE(state.flapping);
  EXPECT_LE(state.openings.size(), 3u);
}

TEST(FlappingTest, AnOpenIncidentKeepsItFlapping) {
  NoticeSettings s{
      .group_seconds = 0, .flapping_incidents = 2, .flapping_minutes = 5};
  FlapState state;
  Cycle(s, state, 0);
  Cycle(s, state, kMinute);
  IncidentNotice third =
      OnIncidentEvent(s, state, kEventIncidentOpened, 2 * kMinute);
  EXPECT_EQ(third.change, FlapChange::kStarted);
  EXPECT_FALSE(third.notify_incident);
  EXPECT_EQ(CheckFlapping(s, state, 30 * kMinute), FlapChange::kNone);
  IncidentNotice resolved =
      OnIncidentEvent(s, state, kEventIncidentResolved, 31 * kMinute);
  EXPECT_EQ(resolved.change, FlapChange::kStopped);
  EXPECT_FALSE(resolved.notify_incident);
}

}  // namespace
}  // namespace hookwarden
