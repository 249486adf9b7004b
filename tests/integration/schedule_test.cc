// End-to-end tests of schedules: an application expecting a run every
// period, or at the times of a cron expression, shows its last report and
// when the next run is due; a run not reported by then plus the grace opens
// a "late" incident, which the next hit resolves. Bad schedules are 422s
// naming the field and change nothing.
//
// The late incident here is opened in real time (a period of 10 s with no
// grace, the watch checking every second), so the test polls with a
// deadline; the cron and daylight-saving cases run on an injected clock in
// the store's contract tests (ALateRunOpensAnIncidentAtDuePlusGrace).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

using ScheduleTest = IncidentTest;

TEST_F(ScheduleTest, BadSchedulesAreRejectedNamingTheFieldAndChangeNothing) {
  struct Case {
    json::object body;
    std::string field;
  };
  const Case cases[] = {
      {{{"schedule", {{"period_seconds", 9}}}}, "schedule.period_seconds"},
      {{{"schedule", {{"period_seconds", "60"}}}}, "schedule.period_seconds"},
      {{{"schedule", {{"cron", "0 3 * *"}}}}, "schedule.cron"},
      {{{"schedule", {{"cron", "61 3 * * *"}}}}, "schedule.cron"},
      {{{"schedule", {{"cron", "0 0 30 2 *"}}}}, "schedule.cron"},
      {{{"schedule", {{"cron", "0 3 * * *"}, {"timezone", "Mars/Olympus"}}}},
       "schedule.timezone"},
      {{{"schedule", {{"cron", "0 3 * * *"}, {"timezone", 1}}}},
       "schedule.timezone"},
      {{{"schedule", {{"period_seconds", 60}, {"timezone", "UTC"}}}},
       "schedule.timezone"},
      {{{"schedule", {{"period_seconds", 60}, {"cron", "* * * * *"}}}},
       "schedule"},
      {{{"schedule", json::object{}}}, "schedule"},
      {{{"schedule", "0 3 * * *"}}, "schedule"},
      {{{"schedule", {{"period_seconds", 60}, {"every", 2}}}},
       "schedule.every"},
      {{{"grace_seconds", 30 * 86400 + 1}}, "grace_seconds"},
      {{{"grace_seconds", -1}}, "grace_seconds"},
  };
  for (const Case& c : cases) {
    Response r = admin_.Patch(AppPath(kIngestApp), c.body);
    EXPECT_EQ(r.status, 422) << json::serialize(c.body) << ": " << r.body;
    EXPECT_EQ(Str(r.json(), "/error/field"), c.field)
        << json::serialize(c.body) << ": " << r.body;
  }
  json::value app = GetApp();
  EXPECT_TRUE(At(app, "/schedule").is_null()) << app;
  EXPECT_EQ(At(app, "/grace_seconds"), 60) << app;
  EXPECT_TRUE(At(app, "/next_due_at").is_null()) << app;
  // A bad schedule on creation creates nothing.
  Response created =
      admin_.Post("/api/v1/orgs/default/applications",
                  json::object{{"product", kIngestProduct},
                               {"name", "Nightly"},
                               {"schedule", {{"cron", "0 25 * * *"}}}});
  EXPECT_EQ(created.status, 422) << created.body;
  EXPECT_EQ(admin_.Get(AppPath("nightly")).status, 404);
}

TEST_F(ScheduleTest, ACronScheduleShowsTheNextRunInItsZone) {
  json::value app =
      SetRules({{"schedule", {{"cron", "0 3 * * *"}, {"timezone", "UTC"}}},
                {"grace_seconds", 600}});
  EXPECT_EQ(Str(app, "/schedule/cron"), "0 3 * * *") << app;
  EXPECT_EQ(Str(app, "/schedule/timezone"), "UTC") << app;
  EXPECT_EQ(At(app, "/grace_seconds"), 600) << app;
  const int64_t changed = TimeAt(app, "/updated_at");
  int64_t due = changed / kDay * kDay + 3 * kHour;
  if (due <= changed) due += kDay;
  EXPECT_EQ(TimeAt(app, "/next_due_at"), due) << app;
  // The zone defaults to UTC; another zone moves the run.
  app = SetRules({{"schedule", {{"cron", "0 3 * * *"}}}});
  EXPECT_EQ(Str(app, "/schedule/timezone"), "UTC") << app;
  app = SetRules(
      {{"schedule", {{"cron", "0 3 * * *"}, {"timezone", "Asia/Kolkata"}}}});
  // 03:00 in Kolkata (UTC+05:30) is 21:30 UTC.
  const int64_t in_kolkata = TimeAt(app, "/next_due_at");
  EXPECT_EQ(in_kolkata % kDay, 21 * kHour + 30 * kMinute) << app;
  EXPECT_GT(in_kolkata, TimeAt(app, "/updated_at")) << app;
  EXPECT_LE(in_kolkata, TimeAt(app, "/updated_at") + kDay) << app;
  // null removes the schedule.
  app = SetRules({{"schedule", nullptr}});
  EXPECT_TRUE(At(app, "/schedule").is_null()) << app;
  EXPECT_TRUE(At(app, "/next_due_at").is_null()) << app;
}

TEST_F(ScheduleTest, ARunNotReportedInTimeOpensALateIncidentAHitResolvesIt) {
  json::value app =
      SetRules({{"schedule", {{"period_seconds", 10}}}, {"grace_seconds", 0}});
  EXPECT_EQ(At(app, "/schedule/period_seconds"), 10) << app;
  EXPECT_TRUE(At(app, "/last_report_at").is_null()) << app;
  EXPECT_EQ(TimeAt(app, "/next_due_at"), TimeAt(app, "/updated_at") + 10'000)
      << app;

  Response hit = Hit();
  ASSERT_TRUE(InState(hit, "operational"));
  const int64_t hit_at = TimeAt(hit.json(), "/timestamp");
  app = GetApp();
  EXPECT_EQ(TimeAt(app, "/last_report_at"), hit_at) << app;
  EXPECT_EQ(TimeAt(app, "/next_due_at"), hit_at + 10'000) << app;

  json::array open = WaitForIncidents("?status=open", 1, 16s);
  ASSERT_EQ(open.size(), 1u) << "no late incident within the deadline";
  EXPECT_GE(NowMillis(), hit_at + 10'000);
  json::value incident = open[0];
  EXPECT_EQ(Str(incident, "/kind"), "late") << incident;
  EXPECT_EQ(Str(incident, "/application"), kIngestApp) << incident;
  EXPECT_EQ(TimeAt(incident, "/opened_at"), hit_at + 10'000) << incident;
  EXPECT_FALSE(Str(incident, "/cause").empty()) << incident;
  app = GetApp();
  EXPECT_TRUE(StateOf(app, "incident")) << app;
  EXPECT_EQ(Str(app, "/incident/kind"), "late") << app;
  EXPECT_TRUE(At(app, "/next_due_at").is_null()) << app;

  // The late run's hit resolves it; the next run is due a period later.
  Response late_hit = Hit();
  ASSERT_TRUE(InState(late_hit, "operational"));
  const int64_t late_at = TimeAt(late_hit.json(), "/timestamp");
  json::value resolved = GetIncident(Str(incident, "/id"));
  EXPECT_EQ(Str(resolved, "/status"), "resolved") << resolved;
  EXPECT_EQ(Str(resolved, "/resolved_by"), "auto") << resolved;
  EXPECT_EQ(TimeAt(resolved, "/resolved_at"), late_at) << resolved;
  app = GetApp();
  EXPECT_TRUE(StateOf(app, "operational")) << app;
  EXPECT_EQ(TimeAt(app, "/next_due_at"), late_at + 10'000) << app;
  EXPECT_EQ(TimeAt(app, "/last_report_at"), late_at) << app;
}

}  // namespace
}  // namespace hookwarden::testing
