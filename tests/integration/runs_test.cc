// Runs over HTTP: POST .../starts begins a run (optional {run_id}); the next
// hit or failure with that run id (or, without one, the oldest open start)
// finishes it and answers its duration_ms, which the events list shows. A
// start counts as the application's last report. An application's
// max_runtime_seconds (null: off) opens a "run_too_long" incident when a
// run stays open longer; the run's hit resolves it. Bad inputs are 422s
// naming the field and change nothing.
#include <chrono>
#include <string>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

using RunsTest = IncidentTest;

TEST_F(RunsTest, AStartIsFinishedByItsRunIdOrTheOldestOpenStart) {
  Response started = Report("starts", json::object{{"run_id", "r-1"}});
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(Str(started.json(), "/status"), "start") << started.body;
  EXPECT_EQ(Str(started.json(), "/run_id"), "r-1") << started.body;
  EXPECT_EQ(Str(started.json(), "/application"), kIngestApp) << started.body;
  EXPECT_TRUE(InState(started, "operational"));
  const int64_t started_at = TimeAt(started.json(), "/timestamp");
  // The start is the application's last report, and no event.
  EXPECT_EQ(TimeAt(GetApp(), "/last_report_at"), started_at);
  EXPECT_TRUE(Events().empty());

  Response anonymous = Report("starts");
  ASSERT_EQ(anonymous.status, 200) << anonymous.body;
  EXPECT_TRUE(At(anonymous.json(), "/run_id").is_null()) << anonymous.body;
  const int64_t anonymous_at = TimeAt(anonymous.json(), "/timestamp");

  // The run id's hit finishes its run.
  Response hit = Hit(json::object{{"run_id", "r-1"}});
  ASSERT_EQ(hit.status, 200) << hit.body;
  const int64_t hit_at = TimeAt(hit.json(), "/timestamp");
  EXPECT_EQ(Str(hit.json(), "/run_id"), "r-1") << hit.body;
  EXPECT_EQ(At(hit.json(), "/duration_ms"), hit_at - started_at) << hit.body;
  // A failure without a run id finishes the oldest open start.
  Response failed = Failure(json::object{{"exit_code", 3}});
  ASSERT_EQ(failed.status, 200) << failed.body;
  const int64_t failed_at = TimeAt(failed.json(), "/timestamp");
  EXPECT_EQ(At(failed.json(), "/duration_ms"), failed_at - anonymous_at)
      << failed.body;
  // Nothing is open any more.
  Response plain = Hit();
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_FALSE(At(plain.json(), "/duration_ms").is_number()) << plain.body;

  json::array events = Events();
  ASSERT_EQ(events.size(), 3u) << events;
  EXPECT_TRUE(At(events[0], "/duration_ms").is_null()) << events;
  EXPECT_EQ(At(events[1], "/duration_ms"), failed_at - anonymous_at) << events;
  EXPECT_EQ(At(events[1], "/exit_code"), 3) << events;
  EXPECT_EQ(At(events[2], "/duration_ms"), hit_at - started_at) << events;

  // The figures count both runs, one failed, with their durations.
  Response figures = admin_.Get(AppPath(kIngestApp) + "/metrics");
  ASSERT_EQ(figures.status, 200) << figures.body;
  json::value runs = At(figures.json(), "/runs");
  const int64_t first = hit_at - started_at, second = failed_at - anonymous_at;
  EXPECT_EQ(At(runs, "/count"), 2) << runs;
  EXPECT_EQ(At(runs, "/failed"), 1) << runs;
  EXPECT_EQ(At(runs, "/late"), 0) << runs;
  EXPECT_EQ(At(runs, "/duration_ms/avg").to_number<double>(),
            (first + second) / 2.0)
      << runs;
  EXPECT_EQ(At(runs, "/duration_ms/p95").to_number<double>(),
            std::max(first, second))
      << runs;
  EXPECT_EQ(At(runs, "/duration_ms/max").to_number<double>(),
            std::max(first, second))
      << runs;
}

TEST_F(RunsTest, BadStartsAndRunIdsAreRefusedAndChangeNothing) {
  struct Case {
    std::string kind;
    std::string body;
    int status;
    std::string field;
  };
  const Case cases[] = {
      {"starts", R"({"run_id":""})", 422, "run_id"},
      {"starts", R"({"run_id":12})", 422, "run_id"},
      {"starts", "{\"run_id\":\"" + std::string(65, 'r') + "\"}", 422,
       "run_id"},
      {"starts", R"({"run_id":"two words"})", 422, "run_id"},
      {"starts", R"({"id":"r"})", 422, "id"},
      {"starts", R"({"run_id":)", 400, ""},
      {"starts", R"(["r"])", 400, ""},
      {"hits", R"({"run_id":""})", 422, "run_id"},
      {"failures", R"({"run_id":7})", 422, "run_id"},
  };
  for (const Case& c : cases) {
    Response r =
        PostAs(api_token_,
               "/api/v1/applications/" + std::string(kIngestApp) + "/" + c.kind,
               c.body);
    EXPECT_EQ(r.status, c.status) << c.body << ": " << r.body;
    if (!c.field.empty()) {
      EXPECT_EQ(Str(r.json(), "/error/field"), c.field) << r.body;
    }
  }
  // Without a token, with a wrong one, or for an unknown application.
  EXPECT_EQ(PostAs("", "/api/v1/applications/checkout/starts", "").status, 401);
  EXPECT_EQ(
      PostAs(deploy_token_, "/api/v1/applications/checkout/starts", "").status,
      401);
  Response unknown =
      PostAs(api_token_, "/api/v1/applications/nowhere/starts", "");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  json::value app = GetApp();
  EXPECT_TRUE(At(app, "/last_report_at").is_null()) << app;
  EXPECT_TRUE(Events().empty());
  // A hit after all of them finishes no run.
  Response hit = Hit();
  EXPECT_FALSE(At(hit.json(), "/duration_ms").is_number()) << hit.body;
}

TEST_F(RunsTest, MaxRuntimeIsValidatedNamingTheField) {
  json::value app = GetApp();
  EXPECT_TRUE(At(app, "/max_runtime_seconds").is_null()) << app;
  for (const json::value& bad :
       {json::value(0), json::value(-5), json::value("60"), json::value(1.5),
        json::value(30 * 86400 + 1)}) {
    Response r =
        admin_.Patch(AppPath(kIngestApp), {{"max_runtime_seconds", bad}});
    EXPECT_EQ(r.status, 422) << bad << ": " << r.body;
    EXPECT_EQ(Str(r.json(), "/error/field"), "max_runtime_seconds") << r.body;
  }
  EXPECT_TRUE(At(GetApp(), "/max_runtime_seconds").is_null());
  app = SetRules({{"max_runtime_seconds", 3600}});
  EXPECT_EQ(At(app, "/max_runtime_seconds"), 3600) << app;
  app = SetRules({{"max_runtime_seconds", nullptr}});
  EXPECT_TRUE(At(app, "/max_runtime_seconds").is_null()) << app;
}

TEST_F(RunsTest, ARunOpenPastItsMaxRuntimeOpensAnIncidentItsHitResolves) {
  SetRules({{"max_runtime_seconds", 1}});
  Response started = Report("starts", json::object{{"run_id", "slow"}});
  ASSERT_EQ(started.status, 200) << started.body;
  const int64_t started_at = TimeAt(started.json(), "/timestamp");
  json::array open = WaitForIncidents("?status=open", 1, 10s);
  ASSERT_EQ(open.size(), 1u) << "no run_too_long incident within the deadline";
  json::value incident = open[0];
  EXPECT_EQ(Str(incident, "/kind"), "run_too_long") << incident;
  EXPECT_EQ(TimeAt(incident, "/opened_at"), started_at + 1'000) << incident;
  EXPECT_NE(Str(incident, "/cause").find("slow"), std::string::npos)
      << incident;
  EXPECT_TRUE(StateOf(GetApp(), "incident"));

  Response hit = Hit(json::object{{"run_id", "slow"}});
  ASSERT_TRUE(InState(hit, "operational"));
  EXPECT_GE(At(hit.json(), "/duration_ms").as_int64(), 1'000) << hit.body;
  json::value resolved = GetIncident(Str(incident, "/id"));
  EXPECT_EQ(Str(resolved, "/status"), "resolved") << resolved;
  EXPECT_EQ(Str(resolved, "/resolved_by"), "auto") << resolved;
}

}  // namespace
}  // namespace hookwarden::testing
