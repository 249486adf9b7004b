// The intakes of other tools, spoken to directly: Alertmanager's webhook
// payload at POST /api/v1/integrations/alertmanager, and PagerDuty's Events
// API v2 (POST /v2/enqueue, /v2/change/enqueue) with every answer its
// contract names. Every refused request changes nothing, and no token
// value appears in an answer or the server's log.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kAlertmanagerPath =
    "/api/v1/integrations/alertmanager";
constexpr std::string_view kEnqueuePath = "/v2/enqueue";
constexpr std::string_view kChangePath = "/v2/change/enqueue";

// An Alertmanager webhook payload (version 4) holding `alerts`.
json::object Notification(json::array alerts) {
  return {{"version", "4"},
          {"groupKey", "{}:{alertname=\"DiskFull\"}"},
          {"truncatedAlerts", 0},
          {"status", "firing"},
          {"receiver", "hookwarden"},
          {"groupLabels", json::object()},
          {"commonLabels", json::object()},
          {"commonAnnotations", json::object()},
          {"externalURL", "http://alertmanager:9093"},
          {"alerts", std::move(alerts)}};
}

json::object AmAlert(std::string_view fingerprint, std::string_view status,
                     json::object labels, std::string_view summary = "") {
  json::object annotations;
  if (!summary.empty()) annotations["summary"] = summary;
  return {{"status", status},
          {"labels", std::move(labels)},
          {"annotations", std::move(annotations)},
          {"startsAt", "2026-11-26T10:00:00.000Z"},
          {"endsAt", status == "resolved" ? "2026-11-26T10:30:00.000Z"
                                          : "0001-01-01T00:00:00Z"},
          {"generatorURL", "http://prometheus/graph"},
          {"fingerprint", fingerprint}};
}

// Succeeds when `r` is PagerDuty's 400 "invalid event" naming `error`
// among its errors (any when empty).
::testing::AssertionResult IsInvalidEvent(const Response& r,
                                          std::string_view error = "") {
  if (r.status != 400 || Str(r.json(), "/status") != "invalid event" ||
      Str(r.json(), "/message").empty() || Items(r.json(), "/errors").empty()) {
    return ::testing::AssertionFailure()
           << "expected a 400 invalid event, got " << r.status << " " << r.body;
  }
  if (!error.empty() &&
      Str(r.json(), "/errors/0").find(error) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "expected an error about " << error << ", got " << r.body;
  }
  return ::testing::AssertionSuccess();
}

// Succeeds when each string at a pointer of `fields` in `v` is its value.
::testing::AssertionResult HasStrings(
    const json::value& v,
    const std::vector<std::pair<std::string, std::string>>& fields) {
  for (const auto& [pointer, value] : fields) {
    if (Str(v, pointer) != value) {
      return ::testing::AssertionFailure()
             << pointer << " is not " << value << " in " << json::serialize(v);
    }
  }
  return ::testing::AssertionSuccess();
}

class AlertIntakeTest : public IncidentTest {
 protected:
  Response Alertmanager(const json::value& body, std::string_view token,
                        std::string_view query = "") {
    return PostAs(token, std::string(kAlertmanagerPath) + std::string(query),
                  json::serialize(body));
  }
  // A PagerDuty event with its routing key in the body, as its clients send.
  Response Enqueue(const json::value& body,
                   std::string_view path = kEnqueuePath) {
    return PostAs("", path, json::serialize(body));
  }
  json::object Trigger(std::string_view summary,
                       std::string_view component = kIngestApp) {
    return {{"routing_key", api_token_},
            {"event_action", "trigger"},
            {"payload",
             {{"summary", summary},
              {"source", "monitoring-host"},
              {"severity", "warning"},
              {"component", component},
              {"custom_details", {{"queue", "orders"}}}}}};
  }
  json::object Action(std::string_view action, std::string_view key) {
    return {{"routing_key", api_token_},
            {"event_action", action},
            {"dedup_key", key}};
  }
  // Nothing was stored: no incident, no deploy.
  ::testing::AssertionResult Unchanged() {
    if (!ListIncidents().empty() || !Deploys().empty()) {
      return ::testing::AssertionFailure() << "something was stored";
    }
    return ::testing::AssertionSuccess();
  }
  ::testing::AssertionResult NoTokenLogged() {
    std::string log = server_.log_text();
    for (const std::string& t : {api_token_, deploy_token_}) {
      if (log.find(t) != std::string::npos)
        return ::testing::AssertionFailure() << "a token is in the log";
    }
    return ::testing::AssertionSuccess();
  }
};

TEST_F(AlertIntakeTest, AlertmanagerPayloadOpensSkipsAndResolves) {
  ASSERT_TRUE(AddApp("payments", kIngestProduct).is_object());
  json::array alerts{
      AmAlert("fp-disk", "firing",
              {{"alertname", "DiskFull"},
               {"application", "checkout"},
               {"severity", "warning"}},
              "disk full on db1"),
      AmAlert("fp-lat", "firing",
              {{"alertname", "HighLatency"}, {"application", "checkout"}}),
      AmAlert("fp-nowhere", "firing",
              {{"alertname", "X"}, {"application", "no-such-app"}}),
      AmAlert("fp-nolabel", "firing", {{"alertname", "Y"}})};
  Response r = Alertmanager(Notification(alerts), api_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(At(r.json(), "/accepted"), 2);
  json::array skipped = Items(r.json(), "/skipped");
  ASSERT_EQ(skipped.size(), 2u) << r.body;
  EXPECT_EQ(Str(skipped[0], "/fingerprint"), "fp-nowhere");
  EXPECT_FALSE(Str(skipped[0], "/error").empty());
  EXPECT_EQ(Str(skipped[1], "/fingerprint"), "fp-nolabel");

  json::array open = ListIncidents("?application=checkout");
  ASSERT_EQ(open.size(), 2u);
  json::value disk = FindBy(open, "cause", "disk full on db1");
  ASSERT_TRUE(disk.is_object()) << json::serialize(open);
  EXPECT_TRUE(
      HasStrings(disk, {{"/kind", "alert"},
                        {"/severity", "sev3"},
                        {"/opened_at", "2026-11-26T10:00:00.000Z"},
                        {"/alert/key", "fp-disk"},
                        {"/alert/details/labels/severity", "warning"}}));
  // Without a summary, the alert's name; without a severity, the
  // application's.
  json::value latency = FindBy(open, "cause", "HighLatency");
  ASSERT_TRUE(latency.is_object()) << json::serialize(open);
  EXPECT_EQ(Str(latency, "/severity"), "not_classified");
  json::value app = GetApp();
  EXPECT_TRUE(StateOf(app, "incident"));
  // A hit's answer says so too: an open alert keeps it in incident.
  Response hit = Hit();
  EXPECT_TRUE(InState(hit, "incident"));
  EXPECT_EQ(Str(hit.json(), "/incident/kind"), "alert") << hit.body;

  // The same notification again counts once; the timeline says it fired.
  ASSERT_EQ(Alertmanager(Notification(alerts), api_token_).status, 200);
  EXPECT_EQ(ListIncidents("?application=checkout").size(), 2u);
  json::value shown = GetIncident(Str(disk, "/id"));
  EXPECT_EQ(At(shown, "/alert/triggers"), 2);
  EXPECT_TRUE(
      FindBy(Items(shown, "/timeline"), "event", "triggered").is_object())
      << shown;

  // Resolved: only its own incident, at its endsAt.
  r = Alertmanager(Notification({AmAlert("fp-disk", "resolved",
                                         {{"alertname", "DiskFull"},
                                          {"application", "checkout"}})}),
                   api_token_);
  ASSERT_EQ(r.status, 200) << r.body;
  shown = GetIncident(Str(disk, "/id"));
  EXPECT_EQ(Str(shown, "/status"), "resolved");
  EXPECT_EQ(Str(shown, "/resolved_by"), "alertmanager");
  EXPECT_EQ(Str(shown, "/resolved_at"), "2026-11-26T10:30:00.000Z");
  EXPECT_EQ(Str(GetIncident(Str(latency, "/id")), "/status"), "alarmed");
  EXPECT_TRUE(StateOf(GetApp(), "incident"));

  // The figures count the alert's downtime like any incident's.
  Response figures = AppMetrics(
      "?from=2026-11-26T09:00:00Z&to=2026-11-26T10:15:00Z", "checkout");
  ASSERT_EQ(figures.status, 200) << figures.body;
  EXPECT_EQ(NumberAt(figures.json(), "/outages"), 2);
  // 10:00 to 10:15 in the window, both open: overlapping, counted once.
  EXPECT_EQ(NumberAt(figures.json(), "/downtime_seconds"), 900);
  EXPECT_TRUE(NoTokenLogged());
}

TEST_F(AlertIntakeTest, AlertmanagerLabelParameterPicksTheApplication) {
  Response r = Alertmanager(
      Notification({AmAlert("fp-1", "firing",
                            {{"alertname", "Down"}, {"service", "checkout"}},
                            "service down")}),
      api_token_, "?label=service");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(At(r.json(), "/accepted"), 1);
  EXPECT_EQ(ListIncidents("?application=checkout").size(), 1u);
}

TEST_F(AlertIntakeTest, AlertmanagerRefusalsChangeNothing) {
  json::object good = Notification(
      {AmAlert("fp-1", "firing", {{"application", "checkout"}}, "disk full")});
  // Tokens: none, malformed, a deploy token, well-formed but unknown.
  std::string unknown = api_token_;
  unknown[5] = unknown[5] == 'a' ? 'b' : 'a';
  std::vector<Response> refused = {
      Alertmanager(good, ""), Alertmanager(good, "hwa_nonsense"),
      Alertmanager(good, deploy_token_), Alertmanager(good, unknown)};
  for (const Response& r : refused) {
    EXPECT_TRUE(IsError(r, 401, "unauthenticated")) << r.body;
    EXPECT_EQ(r.body, refused.front().body);
  }
  // Malformed payloads: 400, which Alertmanager does not retry.
  for (const std::string& body :
       {std::string("{"), std::string("[]"), std::string("{}"),
        std::string(R"({"version":"3","alerts":[]})"),
        std::string(R"({"version":"4","alerts":{}})"),
        std::string(R"({"version":"4","alerts":[1]})"),
        std::string(
            R"({"version":"4","alerts":[{"status":"firing","labels":{}}]})"),
        std::string(R"({"version":"4","alerts":[{"status":"pending",)"
                    R"("labels":{},"fingerprint":"f"}]})")}) {
    Response r = PostAs(api_token_, kAlertmanagerPath, body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_FALSE(Str(r.json(), "/error/message").empty()) << r.body;
  }
  // Too many alerts, and a body past the server's limit.
  json::array many;
  for (int i = 0; i < 1001; ++i) {
    many.push_back(AmAlert("fp-" + std::to_string(i), "firing",
                           {{"application", "checkout"}}));
  }
  EXPECT_TRUE(IsError(Alertmanager(Notification(many), api_token_), 413,
                      "payload_too_large"));
  std::string huge(2 * 1024 * 1024, 'x');
  Response big = PostAs(api_token_, kAlertmanagerPath, huge);
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_TRUE(Unchanged());

  // Another organization's application is skipped, never reached.
  ASSERT_TRUE(CreateOrg(admin_, "org-b").is_object());
  ASSERT_TRUE(CreateProduct(admin_, "org-b", "B", "b-shop").is_object());
  json::value b_credential =
      CreateCredential(admin_, "org-b", "hits_failure", "b-hits");
  ASSERT_TRUE(CreateApp(admin_, "org-b", "b-shop", "b-app",
                        {{"slug", "b-app"},
                         {"hits_failure_credential", Str(b_credential, "/id")}})
                  .is_object());
  Response cross = Alertmanager(
      Notification({AmAlert("fp-b", "firing", {{"application", "b-app"}})}),
      api_token_);
  ASSERT_EQ(cross.status, 200) << cross.body;
  EXPECT_EQ(At(cross.json(), "/accepted"), 0);
  EXPECT_EQ(Items(cross.json(), "/skipped").size(), 1u);
  EXPECT_TRUE(Unchanged());
  EXPECT_TRUE(NoTokenLogged());
}

TEST_F(AlertIntakeTest, PagerDutyTriggerAcknowledgeResolve) {
  Response r = Enqueue(Trigger("queue stuck"));
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Str(r.json(), "/status"), "success");
  EXPECT_EQ(Str(r.json(), "/message"), "Event processed");
  std::string key = Str(r.json(), "/dedup_key");
  ASSERT_FALSE(key.empty()) << r.body;  // Generated for a trigger without.

  json::array open = ListIncidents("?application=checkout");
  ASSERT_EQ(open.size(), 1u);
  std::string id = Str(open[0], "/id");
  EXPECT_TRUE(
      HasStrings(open[0], {{"/kind", "alert"},
                           {"/cause", "queue stuck"},
                           {"/severity", "sev3"},
                           {"/alert/source", "pagerduty"},
                           {"/alert/details/custom_details/queue", "orders"}}));

  // The same dedup_key again, with the header form of the token and the
  // trailing slash some clients send: no second incident.
  json::object again = Trigger("queue stuck");
  again.erase("routing_key");
  again["dedup_key"] = key;
  r = PostAs(api_token_, "/v2/enqueue/", json::serialize(again));
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Str(r.json(), "/dedup_key"), key);
  EXPECT_EQ(ListIncidents().size(), 1u);

  // A second key on the same application is its own incident.
  json::object other = Trigger("disk full");
  other["dedup_key"] = "disk-1";
  ASSERT_EQ(Enqueue(other).status, 202);
  EXPECT_EQ(ListIncidents("?application=checkout").size(), 2u);

  ASSERT_EQ(Enqueue(Action("acknowledge", key)).status, 202);
  json::value acked = GetIncident(id);
  EXPECT_EQ(Str(acked, "/status"), "acknowledged");
  EXPECT_EQ(Str(acked, "/acknowledged_by"), "pagerduty");

  r = Enqueue(Action("resolve", key));
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Str(r.json(), "/dedup_key"), key);
  json::value resolved = GetIncident(id);
  EXPECT_EQ(Str(resolved, "/status"), "resolved");
  EXPECT_EQ(Str(resolved, "/resolved_by"), "pagerduty");
  EXPECT_TRUE(StateOf(GetApp(), "incident"));  // disk-1 is still open.
  ASSERT_EQ(Enqueue(Action("resolve", "disk-1")).status, 202);
  EXPECT_TRUE(StateOf(GetApp(), "operational"));
  EXPECT_TRUE(InState(Hit(), "operational"));
  // Resolving a key with nothing open is accepted and changes nothing.
  ASSERT_EQ(Enqueue(Action("resolve", "never-seen")).status, 202);
  EXPECT_EQ(ListIncidents().size(), 2u);
  EXPECT_TRUE(NoTokenLogged());
}

TEST_F(AlertIntakeTest, PagerDutyTextWithNulCharactersIsKeptAsText) {
  // JSON may spell a NUL character ("\u0000"); no store keeps one, so it
  // becomes U+FFFD, the same in the trigger and in the resolve.
  const std::string key("disk\0full", 9);
  json::object trigger = Trigger(std::string("queue\0stuck", 11));
  trigger["dedup_key"] = key;
  Response r = Enqueue(trigger);
  ASSERT_EQ(r.status, 202) << r.body;
  json::array open = ListIncidents("?application=checkout");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(Str(open[0], "/cause"), "queue\xEF\xBF\xBDstuck");
  ASSERT_EQ(Enqueue(Action("resolve", key)).status, 202);
  EXPECT_EQ(Str(GetIncident(Str(open[0], "/id")), "/status"), "resolved");
}

TEST_F(AlertIntakeTest, PagerDutyRefusesBadEventsAndKeys) {
  // Every bad routing key gets the same answer, whatever the reason.
  std::string unknown = api_token_;
  unknown[5] = unknown[5] == 'a' ? 'b' : 'a';
  std::vector<Response> bad_keys;
  for (const std::string& key :
       {std::string(""), std::string("R0UT1NGKEY"), deploy_token_, unknown}) {
    json::object event = Trigger("x");
    event["routing_key"] = key;
    bad_keys.push_back(Enqueue(event));
  }
  for (const Response& r : bad_keys) {
    EXPECT_TRUE(IsInvalidEvent(r, "Invalid routing key"));
    EXPECT_EQ(r.body, bad_keys.front().body);
    EXPECT_EQ(r.body.find(deploy_token_), std::string::npos);
  }

  auto without = [&](std::string_view field) {
    json::object event = Trigger("x");
    event["payload"].as_object().erase(field);
    return event;
  };
  json::object unknown_action = Trigger("x");
  unknown_action["event_action"] = "escalate";
  json::object bad_severity = Trigger("x");
  bad_severity["payload"].as_object()["severity"] = "catastrophic";
  json::object bad_time = Trigger("x");
  bad_time["payload"].as_object()["timestamp"] = "yesterday";
  json::object no_payload = Trigger("x");
  no_payload.erase("payload");
  json::object unknown_app = Trigger("x", "no-such-app");
  json::object no_key = Action("resolve", "k");
  no_key.erase("dedup_key");
  struct Case {
    std::string what;
    json::object event;
    std::string error;
  };
  std::vector<Case> cases = {
      {"unknown action", unknown_action, "event_action"},
      {"no summary", without("summary"), "payload.summary"},
      {"no source", without("source"), "payload.source"},
      {"no severity", without("severity"), "payload.severity"},
      {"bad severity", bad_severity, "payload.severity"},
      {"bad timestamp", bad_time, "payload.timestamp"},
      {"no payload", no_payload, "payload"},
      {"unknown application", unknown_app, "application"},
      {"resolve without dedup_key", no_key, "dedup_key"}};
  for (const Case& c : cases) {
    EXPECT_TRUE(IsInvalidEvent(Enqueue(c.event), c.error)) << c.what;
  }
  EXPECT_TRUE(IsInvalidEvent(PostAs(api_token_, kEnqueuePath, "{")));
  // Past PagerDuty's 512 KB, and past the server's limit.
  json::object large = Trigger("x");
  large["payload"].as_object()["custom_details"] = {
      {"blob", std::string(600 * 1024, 'x')}};
  Response r = Enqueue(large);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  EXPECT_EQ(PostAs(api_token_, kEnqueuePath, std::string(2 << 20, 'x')).status,
            413);
  EXPECT_TRUE(Unchanged());
  EXPECT_TRUE(NoTokenLogged());
}

TEST_F(AlertIntakeTest, PagerDutyChangeEventsBecomeDeploys) {
  json::object change{
      {"routing_key", deploy_token_},
      {"payload",
       {{"summary", "Deployed checkout 1.4.2"},
        {"timestamp", "2026-11-26T10:00:00Z"},
        {"source", "ci"},
        {"custom_details", {{"version", "1.4.2"}, {"commit", "9f2c1e7"}}}}},
      {"links", json::array{{{"href", "https://ci/812"}, {"text", "build"}}}}};
  Response r = Enqueue(change, kChangePath);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Str(r.json(), "/status"), "success");
  json::object bare{{"routing_key", deploy_token_},
                    {"payload", {{"summary", "hotfix"}}}};
  ASSERT_EQ(Enqueue(bare, kChangePath).status, 202);

  json::array deploys = Deploys();
  ASSERT_EQ(deploys.size(), 2u);
  json::value tagged = FindBy(deploys, "version", "1.4.2");
  ASSERT_TRUE(tagged.is_object()) << json::serialize(deploys);
  EXPECT_TRUE(
      HasStrings(tagged, {{"/commit", "9f2c1e7"},
                          {"/description", "Deployed checkout 1.4.2"},
                          {"/finished_at", "2026-11-26T10:00:00.000Z"}}));
  EXPECT_TRUE(FindBy(deploys, "version", "hotfix").is_object());

  // An API token is not a deploy token; a payload is required.
  json::object wrong = bare;
  wrong["routing_key"] = api_token_;
  EXPECT_TRUE(IsInvalidEvent(Enqueue(wrong, kChangePath), "routing key"));
  json::object empty{{"routing_key", deploy_token_}};
  EXPECT_TRUE(IsInvalidEvent(Enqueue(empty, kChangePath), "payload"));
  EXPECT_EQ(Deploys().size(), 2u);
  EXPECT_TRUE(NoTokenLogged());
}

}  // namespace
}  // namespace hookwarden::testing
