// End-to-end tests of incidents: opened and resolved by an application's
// rules as its events arrive (seen in the ingestion answers), listed and
// read with their timeline, acknowledged and resolved by people.
//
// Events carry explicit client timestamps a couple of hours back, on a base
// truncated to the minute, so that opened_at and resolved_at are known
// exactly.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kBobPassword = "Bob-Pa55word-for-tests";
constexpr std::string_view kCarolPassword = "Carol-Pa55word-for-tests";

using Ids = std::vector<std::string>;

// Succeeds when `v` is an incident of the documented shape with these
// values; `opened_at` is checked exactly, the other times by presence
// (resolved/acknowledged ones when the status says so).
::testing::AssertionResult IsIncident(
    const json::value& v, std::string_view app, std::string_view kind,
    std::string_view status, std::optional<std::string> cause,
    int64_t opened_at, std::string_view severity = "") {
  auto fail = [&](std::string_view why) {
    return ::testing::AssertionFailure()
           << why << "; expected " << kind << " incident of " << app << ", "
           << status << ", opened at " << FormatTime(opened_at)
           << ", got: " << json::serialize(v);
  };
  if (!v.is_object()) return fail("not an object");
  for (const char* key :
       {"id", "application", "kind", "severity", "status", "cause", "opened_at",
        "acknowledged_at", "acknowledged_by", "resolved_at", "resolved_by"}) {
    if (!v.as_object().contains(key)) return fail(std::string("no ") + key);
  }
  if (Str(v, "/id").rfind("inc_", 0) != 0) return fail("bad id");
  if (Str(v, "/application") != app) return fail("wrong application");
  if (Str(v, "/kind") != kind) return fail("wrong kind");
  if (Str(v, "/status") != status) return fail("wrong status");
  if (!severity.empty() && Str(v, "/severity") != severity)
    return fail("wrong severity");
  if (cause ? Str(v, "/cause") != *cause : !At(v, "/cause").is_null())
    return fail("wrong cause");
  if (Str(v, "/opened_at") != FormatTime(opened_at))
    return fail("wrong opened_at");
  bool acknowledged = !At(v, "/acknowledged_at").is_null();
  bool resolved = status == "resolved";
  if (status == "alarmed" && acknowledged) return fail("acknowledged_at set");
  if (status == "acknowledged" && (!IsTimestamp(Str(v, "/acknowledged_at")) ||
                                   Str(v, "/acknowledged_by").empty()))
    return fail("no acknowledged_at/by");
  if (acknowledged != !At(v, "/acknowledged_by").is_null())
    return fail("acknowledged_at and acknowledged_by disagree");
  if (resolved != IsTimestamp(Str(v, "/resolved_at")) ||
      resolved != !Str(v, "/resolved_by").empty())
    return fail("resolved_at/by do not match the status");
  return ::testing::AssertionSuccess();
}

// The `event` and `by` of each timeline entry, as "event:by".
std::vector<std::string> TimelineSteps(const json::value& incident) {
  std::vector<std::string> out;
  for (const json::value& step : Items(incident, "/timeline")) {
    out.push_back(Str(step, "/event") + ":" + Str(step, "/by"));
  }
  return out;
}

// A user watches "checkout" (3 failures open, 2 hits close) flap, open an
// incident and come back, through nothing but the ingestion answers.
TEST_F(IncidentTest, FlappingApplicationOpensAndResolvesByItsRules) {
  json::value app = SetRules(
      {{"failures_to_open", 3}, {"hits_to_close", 2}, {"severity", "sev2"}});
  ASSERT_EQ(At(app, "/failures_to_open"), 3) << app;
  ASSERT_EQ(At(app, "/hits_to_close"), 2) << app;
  EXPECT_TRUE(StateOf(app, "operational"));
  const int64_t base = MinuteBase(2 * kHour);
  auto at = [&](int s) { return base + s * kSecond; };

  // f f h: the hit starts the count of failures again.
  EXPECT_TRUE(InState(SendFailure(at(1), "f1"), "operational"));
  EXPECT_TRUE(InState(SendFailure(at(2), "f2"), "operational"));
  EXPECT_TRUE(InState(SendHit(at(3)), "operational"));
  // f f f: the third consecutive failure opens it, at its timestamp, with
  // its message.
  EXPECT_TRUE(InState(SendFailure(at(4), "f3"), "operational"));
  EXPECT_TRUE(InState(SendFailure(at(5), "f4"), "operational"));
  Response opened = SendFailure(at(6), "f5");
  ASSERT_TRUE(InState(opened, "incident"));
  json::value incident = At(opened.json(), "/incident");
  EXPECT_TRUE(IsIncident(incident, kIngestApp, "failures", "alarmed", "f5",
                         at(6), "sev2"));
  const std::string id = Str(incident, "/id");

  // h f h h: the failure between hits starts the count of hits again; the
  // incident stays the same one (with its first cause) until the second
  // consecutive hit.
  for (Response r :
       {SendHit(at(7)), SendFailure(at(8), "f6"), SendHit(at(9))}) {
    ASSERT_TRUE(InState(r, "incident"));
    EXPECT_EQ(Str(r.json(), "/incident/id"), id) << r.body;
    EXPECT_TRUE(IsIncident(At(r.json(), "/incident"), kIngestApp, "failures",
                           "alarmed", "f5", at(6)));
  }
  EXPECT_TRUE(InState(SendHit(at(10)), "operational"));

  json::value resolved = GetIncident(id);
  EXPECT_TRUE(IsIncident(resolved, kIngestApp, "failures", "resolved", "f5",
                         at(6), "sev2"));
  EXPECT_EQ(Str(resolved, "/resolved_at"), FormatTime(at(10))) << resolved;
  EXPECT_EQ(Str(resolved, "/resolved_by"), "auto") << resolved;
  EXPECT_TRUE(At(resolved, "/acknowledged_at").is_null()) << resolved;
  EXPECT_TRUE(StateOf(GetApp(), "operational"));

  // Two more failures are fewer than three: nothing opens, and the
  // resolved incident stays resolved.
  EXPECT_TRUE(InState(SendFailure(at(11), "f7"), "operational"));
  EXPECT_TRUE(InState(SendFailure(at(12), "f8"), "operational"));
  json::array all = ListIncidents();
  ASSERT_EQ(all.size(), 1u) << all;
  EXPECT_EQ(Str(all[0], "/id"), id);
  EXPECT_EQ(Str(all[0], "/status"), "resolved");
  EXPECT_EQ(Str(all[0], "/resolved_at"), FormatTime(at(10)));
}

// Hits with timestamps earlier than the failure that opened the incident
// still resolve it, never before it opened.
TEST_F(IncidentTest, ResolvedAtIsNeverBeforeOpenedAt) {
  const int64_t base = MinuteBase(2 * kHour);
  Response opened = SendFailure(base + 10 * kMinute, "late clock");
  ASSERT_TRUE(InState(opened, "incident"));
  std::string id = Str(opened.json(), "/incident/id");
  EXPECT_TRUE(InState(SendHit(base + 5 * kMinute), "operational"));
  json::value incident = GetIncident(id);
  EXPECT_EQ(Str(incident, "/status"), "resolved") << incident;
  EXPECT_EQ(Str(incident, "/resolved_at"), FormatTime(base + 10 * kMinute))
      << incident;
}

TEST_F(IncidentTest, ListGetTimelineFiltersLimitAndOrder) {
  ASSERT_TRUE(
      CreateProduct(admin_, "default", "Billing", "billing").is_object());
  ASSERT_TRUE(AddApp("payments", "billing").is_object());
  const int64_t base = MinuteBase(2 * kHour);
  auto at = [&](int minutes) { return base + minutes * kMinute; };

  // checkout (1 failure opens, 1 hit closes): I1 from 0 to 10 min, I3
  // from 30 min, still open. payments: I2 from 20 min, acknowledged. I2
  // is reported last, so that arrival order differs from opened_at order.
  Response r = SendFailure(at(0), "c1");
  ASSERT_TRUE(InState(r, "incident"));
  const std::string i1 = Str(r.json(), "/incident/id");
  ASSERT_TRUE(InState(SendHit(at(10)), "operational"));
  r = SendFailure(at(30), "c2");
  ASSERT_TRUE(InState(r, "incident"));
  const std::string i3 = Str(r.json(), "/incident/id");
  r = SendFailure(at(20), "p1", "payments");
  ASSERT_TRUE(InState(r, "incident"));
  EXPECT_EQ(Str(r.json(), "/application"), "payments") << r.body;
  const std::string i2 = Str(r.json(), "/incident/id");
  int64_t before_ack = NowMillis();
  Response ack = admin_.Post(IncidentPath(i2, "/acknowledge"), json::object{});
  int64_t after_ack = NowMillis();
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_NE(i1, i2);
  EXPECT_NE(i1, i3);
  EXPECT_NE(i2, i3);

  // Newest first by opened_at.
  json::array all = ListIncidents();
  ASSERT_EQ(all.size(), 3u) << all;
  EXPECT_EQ(ListedIds(), Ids({i3, i2, i1}));
  EXPECT_TRUE(IsIncident(all[0], kIngestApp, "failures", "alarmed", "c2",
                         at(30), "not_classified"));
  EXPECT_TRUE(
      IsIncident(all[1], "payments", "failures", "acknowledged", "p1", at(20)));
  EXPECT_EQ(Str(all[1], "/acknowledged_by"), "admin") << all;
  EXPECT_TRUE(
      IsIncident(all[2], kIngestApp, "failures", "resolved", "c1", at(0)));
  EXPECT_EQ(Str(all[2], "/resolved_at"), FormatTime(at(10))) << all;
  EXPECT_EQ(Str(all[2], "/resolved_by"), "auto") << all;

  // Filters.
  EXPECT_EQ(ListedIds("?application=checkout"), Ids({i3, i1}));
  EXPECT_EQ(ListedIds("?application=" + app_id_), Ids({i3, i1}));
  EXPECT_EQ(ListedIds("?application=payments"), Ids({i2}));
  EXPECT_EQ(ListedIds("?status=alarmed"), Ids({i3}));
  EXPECT_EQ(ListedIds("?status=acknowledged"), Ids({i2}));
  EXPECT_EQ(ListedIds("?status=resolved"), Ids({i1}));
  EXPECT_EQ(ListedIds("?status=open"), Ids({i3, i2}));
  EXPECT_EQ(ListedIds("?status=open&application=checkout"), Ids({i3}));
  // from/to: incidents open at some time in [from, to).
  EXPECT_EQ(ListedIds("?from=" + FormatTime(at(12))), Ids({i3, i2}));
  EXPECT_EQ(ListedIds("?to=" + FormatTime(at(25))), Ids({i2, i1}));
  EXPECT_EQ(ListedIds(Window(at(12), at(25))), Ids({i2}));
  EXPECT_EQ(ListedIds(Window(at(5), at(15))), Ids({i1}));
  EXPECT_EQ(ListedIds(Window(at(31), at(40))), Ids({i3, i2}));
  EXPECT_EQ(ListedIds(Window(at(-10), at(-5))), Ids());
  // limit keeps the newest.
  EXPECT_EQ(ListedIds("?limit=1"), Ids({i3}));
  EXPECT_EQ(ListedIds("?limit=2"), Ids({i3, i2}));
  EXPECT_EQ(ListedIds("?limit=1&application=payments"), Ids({i2}));

  // One incident, with its timeline.
  json::value one = GetIncident(i1);
  EXPECT_TRUE(IsIncident(one, kIngestApp, "failures", "resolved", "c1", at(0)));
  EXPECT_EQ(TimelineSteps(one),
            (std::vector<std::string>{"opened:auto", "resolved:auto"}))
      << one;
  json::array timeline = Items(one, "/timeline");
  ASSERT_EQ(timeline.size(), 2u) << one;
  EXPECT_EQ(Str(timeline[0], "/at"), FormatTime(at(0))) << one;
  EXPECT_EQ(Str(timeline[0], "/message"), "c1") << one;
  EXPECT_EQ(Str(timeline[1], "/at"), FormatTime(at(10))) << one;

  json::value two = GetIncident(i2);
  EXPECT_EQ(TimelineSteps(two),
            (std::vector<std::string>{"opened:auto", "acknowledged:admin"}))
      << two;
  timeline = Items(two, "/timeline");
  ASSERT_EQ(timeline.size(), 2u) << two;
  EXPECT_EQ(Str(timeline[0], "/at"), FormatTime(at(20))) << two;
  EXPECT_EQ(Str(timeline[1], "/at"), Str(two, "/acknowledged_at")) << two;
  EXPECT_GE(TimeAt(two, "/acknowledged_at"), before_ack) << two;
  EXPECT_LE(TimeAt(two, "/acknowledged_at"), after_ack) << two;
  EXPECT_EQ(TimelineSteps(GetIncident(i3)),
            (std::vector<std::string>{"opened:auto"}));

  // Each application shows its state and open incident.
  json::value checkout = GetApp();
  EXPECT_TRUE(StateOf(checkout, "incident"));
  EXPECT_EQ(Str(checkout, "/incident/id"), i3) << checkout;
  EXPECT_TRUE(IsIncident(At(checkout, "/incident"), kIngestApp, "failures",
                         "alarmed", "c2", at(30)));
  json::value payments = GetApp("payments");
  EXPECT_TRUE(StateOf(payments, "incident"));
  EXPECT_EQ(Str(payments, "/incident/id"), i2) << payments;
  EXPECT_EQ(Str(payments, "/incident/status"), "acknowledged") << payments;
  Response list = admin_.Get(kApps);
  ASSERT_EQ(list.status, 200) << list.body;
  json::array apps = Items(list.json(), "/applications");
  EXPECT_EQ(Str(FindBy(apps, "slug", "payments"), "/incident/id"), i2)
      << list.body;

  // Bad parameters are 400s naming the parameter; unknown ids 404s.
  EXPECT_TRUE(IsError(admin_.Get(IncidentsPath() + "?status=closed"), 400,
                      "bad_request", "status"));
  EXPECT_TRUE(IsError(admin_.Get(IncidentsPath() + "?application=nope"), 400,
                      "bad_request", "application"));
  EXPECT_TRUE(IsError(admin_.Get(IncidentsPath() + "?from=yesterday"), 400,
                      "bad_request", "from"));
  EXPECT_TRUE(IsError(admin_.Get(IncidentsPath() + "?to=2026-13-45T00:00:00Z"),
                      400, "bad_request", "to"));
  EXPECT_TRUE(IsError(admin_.Get(IncidentsPath() + Window(at(20), at(10))), 400,
                      "bad_request", "from"));
  EXPECT_TRUE(IsError(admin_.Get(IncidentsPath() + Window(at(10), at(10))), 400,
                      "bad_request", "from"));
  for (std::string limit : {"0", "-1", "1001", "ten", "2x"}) {
    EXPECT_TRUE(IsError(admin_.Get(IncidentsPath() + "?limit=" + limit), 400,
                        "bad_request", "limit"))
        << limit;
  }
  EXPECT_TRUE(IsError(admin_.Get(IncidentPath("inc_nope")), 404, "not_found"));
  EXPECT_EQ(ListedIds(), Ids({i3, i2, i1}));
}

// An admin acknowledges an incident, then resolves it by hand; repeats
// answer the same incident unchanged; a resolved incident cannot be
// acknowledged; and the figures see the acknowledgement.
TEST_F(IncidentTest, AcknowledgeThenResolveByAPerson) {
  SetRules({{"failures_to_open", 2}, {"hits_to_close", 1}});
  const int64_t base = MinuteBase(2 * kHour);
  EXPECT_TRUE(InState(SendFailure(base, "a"), "operational"));
  Response r = SendFailure(base + kSecond, "b");
  ASSERT_TRUE(InState(r, "incident"));
  const std::string id = Str(r.json(), "/incident/id");
  const int64_t opened_at = base + kSecond;

  int64_t before = NowMillis();
  Response ack = admin_.Post(IncidentPath(id, "/acknowledge"), json::object{});
  int64_t after = NowMillis();
  ASSERT_EQ(ack.status, 200) << ack.body;
  json::value acked = ack.json();
  EXPECT_TRUE(IsIncident(acked, kIngestApp, "failures", "acknowledged", "b",
                         opened_at));
  EXPECT_EQ(Str(acked, "/acknowledged_by"), "admin") << ack.body;
  const int64_t acknowledged_at = TimeAt(acked, "/acknowledged_at");
  EXPECT_GE(acknowledged_at, before) << ack.body;
  EXPECT_LE(acknowledged_at, after) << ack.body;
  EXPECT_TRUE(At(acked, "/resolved_at").is_null()) << ack.body;

  // Again: 200, unchanged.
  Response again =
      admin_.Post(IncidentPath(id, "/acknowledge"), json::object{});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json(), acked) << again.body;

  // The application, and the answers to its events, show it acknowledged.
  json::value app = GetApp();
  EXPECT_TRUE(StateOf(app, "incident"));
  EXPECT_EQ(At(app, "/incident"), acked) << app;
  r = SendFailure(base + 2 * kSecond, "c");
  ASSERT_TRUE(InState(r, "incident"));
  EXPECT_EQ(At(r.json(), "/incident"), acked) << r.body;

  before = NowMillis();
  Response resolve = admin_.Post(IncidentPath(id, "/resolve"), json::object{});
  after = NowMillis();
  ASSERT_EQ(resolve.status, 200) << resolve.body;
  json::value resolved = resolve.json();
  EXPECT_TRUE(
      IsIncident(resolved, kIngestApp, "failures", "resolved", "b", opened_at));
  EXPECT_EQ(Str(resolved, "/resolved_by"), "admin") << resolve.body;
  const int64_t resolved_at = TimeAt(resolved, "/resolved_at");
  EXPECT_GE(resolved_at, before) << resolve.body;
  EXPECT_LE(resolved_at, after) << resolve.body;
  EXPECT_EQ(Str(resolved, "/acknowledged_at"), FormatTime(acknowledged_at));
  EXPECT_EQ(Str(resolved, "/acknowledged_by"), "admin");

  // Resolving again: 200, unchanged. Acknowledging now: 409.
  again = admin_.Post(IncidentPath(id, "/resolve"), json::object{});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json(), resolved) << again.body;
  EXPECT_TRUE(
      IsError(admin_.Post(IncidentPath(id, "/acknowledge"), json::object{}),
              409, "conflict"));
  // GET adds the timeline and what the status page shows (nothing yet).
  json::value got = GetIncident(id);
  got.as_object().erase("timeline");
  EXPECT_TRUE(At(got, "/public_note").is_null()) << got;
  EXPECT_EQ(At(got, "/publish_cause"), json::value(false)) << got;
  got.as_object().erase("public_note");
  got.as_object().erase("publish_cause");
  EXPECT_EQ(got, resolved);
  EXPECT_EQ(TimelineSteps(GetIncident(id)),
            (std::vector<std::string>{"opened:auto", "acknowledged:admin",
                                      "resolved:admin"}));
  EXPECT_TRUE(StateOf(GetApp(), "operational"));
  // One audit entry each: the repeats changed nothing.
  EXPECT_EQ(Audit("incident.acknowledged", id).size(), 1u);
  EXPECT_EQ(Audit("incident.resolved", id).size(), 1u);

  // The figures of the minute it opened in: one outage, acknowledged and
  // resolved (both now, about two hours after it opened).
  //   window [base, base + 60 s); it covers [base + 1 s, base + 60 s):
  //   downtime 59 s, uptime 100 · (1 − 59/60), mtbf (60 − 59) / 1 = 1 s.
  Response m = AppMetrics(Window(base, base + kMinute));
  ASSERT_EQ(m.status, 200) << m.body;
  json::value f = m.json();
  EXPECT_EQ(At(f, "/outages"), 1) << m.body;
  EXPECT_EQ(At(f, "/failures"), 3) << m.body;
  EXPECT_EQ(At(f, "/hits"), 0) << m.body;
  EXPECT_NEAR(*NumberAt(f, "/mtta_seconds"),
              (acknowledged_at - opened_at) / 1000.0, 1e-6)
      << m.body;
  EXPECT_NEAR(*NumberAt(f, "/mttr_seconds"), (resolved_at - opened_at) / 1000.0,
              1e-6)
      << m.body;
  EXPECT_NEAR(*NumberAt(f, "/downtime_seconds"), 59, 1e-9) << m.body;
  EXPECT_NEAR(*NumberAt(f, "/uptime_percent"), 100.0 * (1 - 59.0 / 60), 1e-9)
      << m.body;
  EXPECT_NEAR(*NumberAt(f, "/mtbf_seconds"), 1, 1e-9) << m.body;
}

// After an incident resolved by hand the counts start again: N new
// consecutive failures open a new incident, fewer do not. An incident
// resolved by the rules cannot be acknowledged either.
TEST_F(IncidentTest, AfterAManualResolveOnlyNNewFailuresOpenANewOne) {
  SetRules(
      {{"failures_to_open", 3}, {"hits_to_close", 2}, {"severity", "sev3"}});
  const int64_t base = MinuteBase(2 * kHour);
  auto at = [&](int s) { return base + s * kSecond; };
  EXPECT_TRUE(InState(SendFailure(at(0), "x1"), "operational"));
  EXPECT_TRUE(InState(SendFailure(at(1), "x2"), "operational"));
  Response r = SendFailure(at(2), "x3");
  ASSERT_TRUE(InState(r, "incident"));
  const std::string first = Str(r.json(), "/incident/id");
  EXPECT_EQ(Str(r.json(), "/incident/severity"), "sev3") << r.body;
  // A new severity is for the incidents to come.
  SetRules({{"severity", "sev5"}});
  EXPECT_EQ(Str(GetIncident(first), "/severity"), "sev3");
  // A fourth failure while it is open: a streak of 4 failures, which the
  // manual resolve must forget.
  EXPECT_TRUE(InState(SendFailure(at(3), "x4"), "incident"));

  Response resolve =
      admin_.Post(IncidentPath(first, "/resolve"), json::object{});
  ASSERT_EQ(resolve.status, 200) << resolve.body;
  EXPECT_EQ(Str(resolve.json(), "/status"), "resolved") << resolve.body;
  EXPECT_TRUE(StateOf(GetApp(), "operational"));

  // Two new failures are not three.
  EXPECT_TRUE(InState(SendFailure(at(6), "y1"), "operational"));
  EXPECT_TRUE(InState(SendFailure(at(7), "y2"), "operational"));
  EXPECT_EQ(ListedIds(), Ids({first}));
  r = SendFailure(at(8), "y3");
  ASSERT_TRUE(InState(r, "incident"));
  const std::string second = Str(r.json(), "/incident/id");
  EXPECT_NE(second, first);
  EXPECT_TRUE(IsIncident(At(r.json(), "/incident"), kIngestApp, "failures",
                         "alarmed", "y3", at(8), "sev5"));
  EXPECT_EQ(ListedIds(), Ids({second, first}));
  // The first stays resolved, by the admin.
  json::value old = GetIncident(first);
  EXPECT_EQ(Str(old, "/status"), "resolved") << old;
  EXPECT_EQ(Str(old, "/resolved_by"), "admin") << old;
  EXPECT_EQ(Str(old, "/severity"), "sev3") << old;

  // Two hits resolve the second by the rules; it cannot be acknowledged.
  EXPECT_TRUE(InState(SendHit(at(9)), "incident"));
  EXPECT_TRUE(InState(SendHit(at(10)), "operational"));
  EXPECT_TRUE(
      IsError(admin_.Post(IncidentPath(second, "/acknowledge"), json::object{}),
              409, "conflict"));
  Response again =
      admin_.Post(IncidentPath(second, "/resolve"), json::object{});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Str(again.json(), "/resolved_by"), "auto") << again.body;
  EXPECT_EQ(Str(again.json(), "/resolved_at"), FormatTime(at(10)))
      << again.body;
  EXPECT_TRUE(At(again.json(), "/acknowledged_at").is_null()) << again.body;
}

// Acknowledging and resolving need an admin or owner of the incident's own
// organization; members read only; strangers get nothing.
TEST_F(IncidentTest, ChangesNeedAnAdminOfTheIncidentsOrganization) {
  AddMember(admin_, "default", "bob", "member", kBobPassword);
  AddMember(admin_, "default", "carol", "admin", kCarolPassword);
  HttpClient bob = Login("bob", kBobPassword);
  HttpClient carol = Login("carol", kCarolPassword);
  const int64_t base = MinuteBase(2 * kHour);
  Response r = SendFailure(base, "down");
  ASSERT_TRUE(InState(r, "incident"));
  const std::string id = Str(r.json(), "/incident/id");
  const json::value alarmed = At(r.json(), "/incident");

  // A member reads, but may not change.
  Response listed = bob.Get(IncidentsPath());
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(Str(Items(listed.json(), "/items")[0], "/id"), id) << listed.body;
  EXPECT_EQ(bob.Get(IncidentPath(id)).status, 200);
  EXPECT_TRUE(
      IsError(bob.Post(IncidentPath(id, "/acknowledge"), json::object{}), 403,
              "forbidden"));
  EXPECT_TRUE(IsError(bob.Post(IncidentPath(id, "/resolve"), json::object{}),
                      403, "forbidden"));

  // Nobody signed in: 401 everywhere.
  HttpClient anonymous = NewClient();
  EXPECT_TRUE(IsError(anonymous.Get(IncidentsPath()), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(anonymous.Get(IncidentPath(id)), 401, "unauthenticated"));
  EXPECT_TRUE(
      IsError(anonymous.Post(IncidentPath(id, "/acknowledge"), json::object{}),
              401, "unauthenticated"));
  EXPECT_TRUE(
      IsError(anonymous.Post(IncidentPath(id, "/resolve"), json::object{}), 401,
              "unauthenticated"));
  json::value unchanged = GetIncident(id);
  unchanged.as_object().erase("timeline");
  EXPECT_TRUE(At(unchanged, "/public_note").is_null()) << unchanged;
  unchanged.as_object().erase("public_note");
  unchanged.as_object().erase("publish_cause");
  EXPECT_EQ(unchanged, alarmed);

  // An incident of another organization is not found through this one, and
  // the other way round.
  ASSERT_TRUE(CreateOrg(admin_, "acme").is_object());
  ASSERT_TRUE(CreateProduct(admin_, "acme", "Rockets", "rockets").is_object());
  json::value credential =
      CreateCredential(admin_, "acme", "hits_failure", "acme-hits");
  json::value rocket =
      CreateApp(admin_, "acme", "rockets", "Launcher",
                {{"slug", "launcher"},
                 {"hits_failure_credential", Str(credential, "/id")}});
  ASSERT_TRUE(rocket.is_object());
  std::string acme_api = ApiToken(Str(credential, "/token"));
  ASSERT_TRUE(IsToken(acme_api, "hwa_")) << acme_api;
  r = PostAs(acme_api, ReportPath("launcher", "failures"),
             R"({"message":"acme down"})");
  ASSERT_TRUE(InState(r, "incident"));
  const std::string foreign = Str(r.json(), "/incident/id");
  ASSERT_FALSE(foreign.empty());
  EXPECT_TRUE(IsError(admin_.Get(IncidentPath(foreign)), 404, "not_found"));
  EXPECT_TRUE(IsError(
      admin_.Post(IncidentPath(foreign, "/acknowledge"), json::object{}), 404,
      "not_found"));
  EXPECT_TRUE(
      IsError(admin_.Post(IncidentPath(foreign, "/resolve"), json::object{}),
              404, "not_found"));
  EXPECT_TRUE(
      IsError(admin_.Get(IncidentPath(id, "", "acme")), 404, "not_found"));
  EXPECT_TRUE(
      IsError(admin_.Post(IncidentPath(id, "/resolve", "acme"), json::object{}),
              404, "not_found"));
  // Nor may a note be published on it through the other organization.
  EXPECT_TRUE(IsError(
      admin_.Patch(IncidentPath(id, "", "acme"), {{"public_note", "all good"}}),
      404, "not_found"));
  EXPECT_TRUE(
      IsError(carol.Patch(IncidentPath(foreign), {{"public_note", "all good"}}),
              404, "not_found"));
  EXPECT_TRUE(IsError(bob.Patch(IncidentPath(id), {{"public_note", "x"}}), 403,
                      "forbidden"));
  EXPECT_TRUE(At(GetIncident(id), "/public_note").is_null());
  EXPECT_EQ(ListedIds(), Ids({id}));
  Response acme_list = admin_.Get(IncidentsPath("acme"));
  ASSERT_EQ(acme_list.status, 200) << acme_list.body;
  ASSERT_EQ(Items(acme_list.json(), "/items").size(), 1u) << acme_list.body;
  EXPECT_EQ(Str(Items(acme_list.json(), "/items")[0], "/status"), "alarmed")
      << acme_list.body;
  // bob is not in acme at all.
  int status = bob.Get(IncidentsPath("acme")).status;
  EXPECT_TRUE(status == 403 || status == 404) << status;

  // An admin (not the owner) may do both.
  Response ack = carol.Post(IncidentPath(id, "/acknowledge"), json::object{});
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(Str(ack.json(), "/acknowledged_by"), "carol") << ack.body;
  Response resolve = carol.Post(IncidentPath(id, "/resolve"), json::object{});
  ASSERT_EQ(resolve.status, 200) << resolve.body;
  EXPECT_EQ(Str(resolve.json(), "/resolved_by"), "carol") << resolve.body;
  EXPECT_EQ(Str(resolve.json(), "/status"), "resolved") << resolve.body;
}

// The batch answer gives each application's state after its last event in
// the batch.
TEST_F(IncidentTest, BatchAnswerCarriesEachApplicationsState) {
  ASSERT_TRUE(AddApp("payments", kIngestProduct, {{"failures_to_open", 2}})
                  .is_object());
  const int64_t base = MinuteBase(2 * kHour);
  auto item = [&](std::string_view app, std::string_view status, int s,
                  std::string_view message = "") {
    json::object o{{"application", app},
                   {"status", status},
                   {"timestamp", FormatTime(base + s * kSecond)}};
    if (!message.empty()) o["message"] = message;
    return o;
  };
  auto states = [](const Response& r) {
    return Items(r.json(), "/applications");
  };

  // checkout: 1 failure opens. payments: f h, not two in a row.
  Response r = Batch(json::array{item(kIngestApp, "failure", 0, "boom"),
                                 item("payments", "failure", 1, "p1"),
                                 item("payments", "hit", 2)});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(At(r.json(), "/accepted"), 3) << r.body;
  ASSERT_EQ(states(r).size(), 2u) << r.body;
  json::value checkout = FindBy(states(r), "application", kIngestApp);
  EXPECT_TRUE(StateOf(checkout, "incident"));
  EXPECT_EQ(Str(checkout, "/incident/cause"), "boom") << r.body;
  EXPECT_EQ(Str(checkout, "/incident/opened_at"), FormatTime(base)) << r.body;
  const std::string first = Str(checkout, "/incident/id");
  EXPECT_TRUE(
      StateOf(FindBy(states(r), "application", "payments"), "operational"));

  // checkout: h resolves it, f opens another. payments: f f opens.
  r = Batch(json::array{item("payments", "failure", 3, "p2"),
                        item(kIngestApp, "hit", 4),
                        item("payments", "failure", 5, "p3"),
                        item(kIngestApp, "failure", 6, "bang")});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(states(r).size(), 2u) << r.body;
  checkout = FindBy(states(r), "application", kIngestApp);
  EXPECT_TRUE(StateOf(checkout, "incident"));
  EXPECT_EQ(Str(checkout, "/incident/cause"), "bang") << r.body;
  EXPECT_NE(Str(checkout, "/incident/id"), first) << r.body;
  json::value payments = FindBy(states(r), "application", "payments");
  EXPECT_TRUE(StateOf(payments, "incident"));
  EXPECT_EQ(Str(payments, "/incident/cause"), "p3") << r.body;
  EXPECT_EQ(Str(payments, "/incident/opened_at"),
            FormatTime(base + 5 * kSecond))
      << r.body;
  EXPECT_EQ(Str(GetIncident(first), "/status"), "resolved");

  // Only the applications named in the batch are listed; one rejected item
  // changes nothing.
  r = Batch(
      json::array{item(kIngestApp, "hit", 7), item("payments", "maybe", 8)});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(states(r).size(), 1u) << r.body;
  EXPECT_TRUE(StateOf(states(r)[0], "operational"));
  EXPECT_EQ(Str(states(r)[0], "/application"), kIngestApp) << r.body;
  EXPECT_TRUE(StateOf(GetApp("payments"), "incident"));
  EXPECT_EQ(ListIncidents("?status=open").size(), 1u);
  EXPECT_EQ(ListIncidents().size(), 3u);
}

// Failures sent at once from several clients are still taken one after
// the other: the fifth to arrive opens the one incident, each answer tells
// the state just after its own event.
TEST_F(IncidentTest, ConcurrentFailuresOpenExactlyOneIncident) {
  SetRules({{"failures_to_open", 5}});
  const int64_t base = MinuteBase(2 * kHour);
  constexpr int kThreads = 4, kEach = 5;
  std::vector<std::vector<Response>> answers(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        int n = t * kEach + i;
        answers[t].push_back(
            SendFailure(base + n * kSecond, "m" + std::to_string(n)));
      }
    });
  }
  for (std::thread& t : threads) t.join();

  int operational = 0, in_incident = 0, openers = 0;
  std::set<std::string> ids;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) {
      const Response& r = answers[t][i];
      ASSERT_EQ(r.status, 200) << r.body;
      int n = t * kEach + i;
      if (Str(r.json(), "/state") == "operational") {
        EXPECT_TRUE(StateOf(r.json(), "operational"));
        ++operational;
        continue;
      }
      EXPECT_TRUE(InState(r, "incident"));
      ++in_incident;
      ids.insert(Str(r.json(), "/incident/id"));
      // The opener: its own message and timestamp.
      if (Str(r.json(), "/incident/cause") == "m" + std::to_string(n)) {
        ++openers;
        EXPECT_EQ(Str(r.json(), "/incident/opened_at"),
                  FormatTime(base + n * kSecond))
            << r.body;
      }
    }
  }
  EXPECT_EQ(operational, 4);
  EXPECT_EQ(in_incident, kThreads * kEach - 4);
  EXPECT_EQ(openers, 1);
  EXPECT_EQ(ids.size(), 1u);
  json::array all = ListIncidents();
  ASSERT_EQ(all.size(), 1u) << all;
  EXPECT_EQ(ids.count(Str(all[0], "/id")), 1u) << all;
  EXPECT_EQ(Events("?limit=100").size(), size_t{kThreads * kEach});
}

}  // namespace
}  // namespace hookwarden::testing
