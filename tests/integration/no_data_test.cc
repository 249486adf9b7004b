// End-to-end tests of the no-data rule, in real time: with a timeout of T
// seconds, an application silent for T seconds after its last event (or its
// creation, or the change of T) gets a "no_data" incident opened at that
// moment + T, which hits resolve like any other; and a restarted server
// opens what came due while it was down, at the time it came due.
//
// The server checks once a second, so the tests poll the incidents with a
// deadline rather than sleep a fixed time and assert; what must not happen
// is checked after checks that could have done it, counted in /metrics.
// Where a test needs time to pass (two arrivals apart, a server down past a
// deadline), it waits for the wall clock, which the server reads too, to
// show that time.
//
// Times are compared exactly: an event sent without a timestamp is stamped
// with its arrival, which the answer gives as `timestamp`, and the watch
// counts from that same arrival; creation and changes are stamped with the
// application's created_at and updated_at, which the answers give.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class NoDataTest : public IncidentTest {
 protected:
  // Returns once the server's no-data watch has ended two more checks than
  // it had: one under way when asked may have begun earlier, the other
  // began after. The test fails when that takes more than 15 s.
  void WaitForTwoMoreChecks() {
    const double before = Checks();
    EXPECT_TRUE(WaitUntil([&] { return Checks() >= before + 2; }))
        << "the no-data watch stopped checking at " << before;
  }
  double Checks() {
    return ServerMetric(server_.port(), "hookwarden_no_data_checks_total");
  }

  // Returns once the wall clock, which the server reads too, shows
  // `millis`: for tests that need time itself to pass.
  static void WaitForWallClock(int64_t millis) {
    std::this_thread::sleep_until(std::chrono::system_clock::time_point(
        std::chrono::milliseconds(millis)));
    ASSERT_GE(NowMillis(), millis);
  }

  // The arrival time of an event answered by `r` (sent without timestamp).
  static int64_t Arrival(const Response& r) {
    return TimeAt(r.json(), "/timestamp");
  }
};

TEST_F(NoDataTest, SilenceAfterTheLastEventOpensAnIncidentHitsResolveIt) {
  json::value app =
      SetRules({{"no_data_timeout_seconds", 2}, {"hits_to_close", 2}});
  ASSERT_EQ(At(app, "/no_data_timeout_seconds"), 2) << app;
  Response first = Hit();
  ASSERT_TRUE(InState(first, "operational"));
  const int64_t first_at = Arrival(first);
  ASSERT_GT(first_at, 0) << first.body;
  // A second hit 300 ms later moves the watch on: the incident opens 2 s
  // after this one, not after the first.
  WaitForWallClock(first_at + 300);
  Response last = Hit();
  ASSERT_TRUE(InState(last, "operational"));
  const int64_t last_at = Arrival(last);
  ASSERT_GE(last_at, first_at + 300) << last.body;

  // Not there before it is due: a list answered before then is empty.
  json::array early = ListIncidents("?status=open");
  if (NowMillis() < last_at + 2000) {
    EXPECT_TRUE(early.empty()) << early;
  }
  json::array open = WaitForIncidents("?status=open", 1);
  const int64_t seen = NowMillis();
  ASSERT_EQ(open.size(), 1u) << "no no_data incident within the deadline";
  json::value incident = open[0];
  EXPECT_EQ(Str(incident, "/kind"), "no_data") << incident;
  EXPECT_EQ(Str(incident, "/application"), kIngestApp) << incident;
  EXPECT_EQ(Str(incident, "/status"), "alarmed") << incident;
  EXPECT_EQ(TimeAt(incident, "/opened_at"), last_at + 2000)
      << incident << " last hit at " << FormatTime(last_at);
  EXPECT_FALSE(Str(incident, "/cause").empty()) << incident;
  // It was not there before it was due.
  EXPECT_GE(seen, last_at + 2000);
  const std::string id = Str(incident, "/id");
  json::value shown = GetApp();
  EXPECT_TRUE(StateOf(shown, "incident"));
  EXPECT_EQ(Str(shown, "/incident/id"), id) << shown;

  // Two hits resolve it, at the second's arrival.
  Response r = Hit();
  ASSERT_TRUE(InState(r, "incident"));
  EXPECT_EQ(Str(r.json(), "/incident/id"), id) << r.body;
  EXPECT_EQ(Str(r.json(), "/incident/kind"), "no_data") << r.body;
  r = Hit();
  ASSERT_TRUE(InState(r, "operational"));
  json::value resolved = GetIncident(id);
  EXPECT_EQ(Str(resolved, "/status"), "resolved") << resolved;
  EXPECT_EQ(Str(resolved, "/resolved_by"), "auto") << resolved;
  EXPECT_EQ(TimeAt(resolved, "/resolved_at"), Arrival(r)) << resolved;
  EXPECT_EQ(TimeAt(resolved, "/opened_at"), last_at + 2000) << resolved;
  // Only one was ever opened for that silence.
  json::array all = ListIncidents("?to=" + FormatTime(Arrival(r)));
  EXPECT_EQ(all.size(), 1u) << all;
}

// With no event at all, the watch starts when the application is created;
// for an application that had events, it restarts when T changes.
TEST_F(NoDataTest, WatchStartsAtCreationAndRestartsWhenTheTimeoutChanges) {
  json::value silent =
      AddApp("silent", kIngestProduct, {{"no_data_timeout_seconds", 1}});
  ASSERT_TRUE(silent.is_object());
  const int64_t created_at = TimeAt(silent, "/created_at");
  ASSERT_GT(created_at, 0) << silent;

  // checkout reports, then, a little later, gets a timeout of 1 s: it
  // counts from the change, not from the hit.
  Response hit = Hit();
  ASSERT_TRUE(InState(hit, "operational"));
  ASSERT_GT(Arrival(hit), 0) << hit.body;
  WaitForWallClock(Arrival(hit) + 300);
  json::value changed = SetRules({{"no_data_timeout_seconds", 1}});
  const int64_t changed_at = TimeAt(changed, "/updated_at");
  ASSERT_GE(changed_at, Arrival(hit) + 300) << changed;

  json::array open = WaitForIncidents("?status=open", 2);
  ASSERT_EQ(open.size(), 2u) << open;
  json::value of_silent = FindBy(open, "application", "silent");
  json::value of_checkout = FindBy(open, "application", kIngestApp);
  EXPECT_EQ(Str(of_silent, "/kind"), "no_data") << open;
  EXPECT_EQ(TimeAt(of_silent, "/opened_at"), created_at + 1000) << open;
  EXPECT_EQ(Str(of_checkout, "/kind"), "no_data") << open;
  EXPECT_EQ(TimeAt(of_checkout, "/opened_at"), changed_at + 1000)
      << open << " hit at " << FormatTime(Arrival(hit));
}

// Resolving a no-data incident by hand restarts the watch: the next one
// opens T after the resolution, not at once.
TEST_F(NoDataTest, ManualResolveRestartsTheWatch) {
  // Counted from the change of the timeout, which the answer stamps.
  json::value changed = SetRules({{"no_data_timeout_seconds", 1}});
  const int64_t changed_at = TimeAt(changed, "/updated_at");
  ASSERT_GT(changed_at, 0) << changed;
  json::array open = WaitForIncidents("", 1);
  ASSERT_EQ(open.size(), 1u) << "no no_data incident within the deadline";
  EXPECT_EQ(TimeAt(open[0], "/opened_at"), changed_at + 1000) << open;
  const std::string first = Str(open[0], "/id");

  Response resolve =
      admin_.Post(IncidentPath(first, "/resolve"), json::object{});
  ASSERT_EQ(resolve.status, 200) << resolve.body;
  const int64_t resolved_at = TimeAt(resolve.json(), "/resolved_at");
  ASSERT_GT(resolved_at, 0) << resolve.body;
  EXPECT_EQ(Str(resolve.json(), "/resolved_by"), "admin") << resolve.body;

  json::array all = WaitForIncidents("", 2);
  ASSERT_EQ(all.size(), 2u) << "no second no_data incident: " << all;
  json::value second = all[0];  // Newest first.
  EXPECT_NE(Str(second, "/id"), first) << all;
  EXPECT_EQ(Str(second, "/kind"), "no_data") << all;
  EXPECT_EQ(TimeAt(second, "/opened_at"), resolved_at + 1000) << all;
  EXPECT_EQ(Str(GetIncident(first), "/status"), "resolved");
}

// A server down while the timeout runs out opens the incident when it comes
// back, at the time it came due, once.
TEST_F(NoDataTest, DetectionSurvivesARestart) {
  SetRules({{"no_data_timeout_seconds", 2}});
  Response hit = Hit();
  ASSERT_TRUE(InState(hit, "operational"));
  const int64_t hit_at = Arrival(hit);
  ASSERT_GT(hit_at, 0) << hit.body;
  // Not there before it is due: a list answered before then is empty.
  json::array before = ListIncidents();
  if (NowMillis() < hit_at + 2000) {
    EXPECT_TRUE(before.empty()) << before;
  }
  ASSERT_EQ(server_.Stop(), 0);

  // Down until well past the deadline.
  WaitForWallClock(hit_at + 3000);
  ASSERT_TRUE(server_.Start(
      {}, {{"HOOKWARDEN_ADMIN_PASSWORD", std::string(kAdminPassword)}}));
  admin_ = Login("admin", kAdminPassword);

  json::array open = WaitForIncidents("", 1);
  ASSERT_EQ(open.size(), 1u) << "no no_data incident after the restart";
  EXPECT_EQ(Str(open[0], "/kind"), "no_data") << open;
  EXPECT_EQ(Str(open[0], "/status"), "alarmed") << open;
  EXPECT_EQ(TimeAt(open[0], "/opened_at"), hit_at + 2000)
      << open << " hit at " << FormatTime(hit_at);
  // Checks later, still that one only.
  WaitForTwoMoreChecks();
  json::array later = ListIncidents();
  ASSERT_EQ(later.size(), 1u) << later;
  EXPECT_EQ(Str(later[0], "/id"), Str(open[0], "/id")) << later;
  // And the data plane still reports into it.
  Response r = Hit();
  EXPECT_TRUE(InState(r, "operational"));
  EXPECT_EQ(Str(GetIncident(Str(open[0], "/id")), "/status"), "resolved");
}

}  // namespace
}  // namespace hookwarden::testing
