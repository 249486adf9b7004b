// Debian's real Prometheus Alertmanager feeding hookwarden: a route to a
// webhook_configs receiver (POST /api/v1/integrations/alertmanager with the
// API activation token in http_config.authorization) and one to a
// pagerduty_configs receiver (url: hookwarden's /v2/enqueue, the token as
// routing_key, component: the application label). Alerts are posted to
// Alertmanager's own API, and what a user would check is checked through
// hookwarden's: the incident on the right application, repeats counted
// once, one incident per alert, each resolved by its own.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "alertmanager_process.h"
#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

// Polls `probe` every 100 ms until it gives a value that is not null, for
// up to `limit`; fails the test naming `what` when it never does.
json::value Await(std::string_view what,
                  const std::function<json::value()>& probe,
                  std::chrono::seconds limit = std::chrono::seconds(30)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    json::value v = probe();
    if (!v.is_null()) return v;
    if (std::chrono::steady_clock::now() >= deadline) {
      ADD_FAILURE() << "timed out after " << limit.count() << " s waiting for "
                    << what;
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

class AlertmanagerTest : public IncidentTest {
 protected:
  void SetUp() override {
    IncidentTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(AddApp("payments", kIngestProduct).is_object());
    std::string base = "http://127.0.0.1:" + std::to_string(server_.port());
    // Short intervals, so that Alertmanager repeats firing alerts within
    // the test.
    std::string config = R"(route:
  receiver: webhook
  group_by: ['alertname', 'application']
  group_wait: 100ms
  group_interval: 1s
  repeat_interval: 1s
  routes:
    - matchers: ['via="pagerduty"']
      receiver: pagerduty
receivers:
  - name: webhook
    webhook_configs:
      - url: )" + base + R"(/api/v1/integrations/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: )" +
                         api_token_ + R"(
  - name: pagerduty
    pagerduty_configs:
      - url: )" + base + R"(/v2/enqueue
        routing_key: )" + api_token_ +
                         R"(
        component: '{{ .CommonLabels.application }}'
        send_resolved: true
)";
    ASSERT_TRUE(alertmanager_.Start(config));
  }

  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "Alertmanager's log:\n" << alertmanager_.log_text() << "\n";
    }
    alertmanager_.Stop();
    IncidentTest::TearDown();
  }

  // An alert as Alertmanager's API takes it; resolved (ended a moment ago)
  // when `resolved`.
  static json::object Alert(std::string_view name, std::string_view app,
                            std::string_view summary, bool resolved = false,
                            std::string_view via = "") {
    json::object labels{
        {"alertname", name}, {"application", app}, {"severity", "critical"}};
    if (!via.empty()) labels["via"] = via;
    json::object alert{{"labels", std::move(labels)},
                       {"annotations", {{"summary", summary}}}};
    if (resolved) alert["endsAt"] = FormatTime(NowMillis() - 1000);
    return alert;
  }

  void Post(const json::object& alert) {
    Response r = alertmanager_.PostAlerts(json::array{alert});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // The alert incidents of `app` whose cause is `cause`, newest first.
  json::array AlertIncidents(std::string_view app, std::string_view cause) {
    json::array out;
    for (const json::value& i :
         ListIncidents("?application=" + std::string(app))) {
      if (Str(i, "/kind") == "alert" && Str(i, "/cause") == cause)
        out.push_back(i);
    }
    return out;
  }

  // Waits until `app` has exactly one alert incident with `cause`, in
  // `status` (and, if given, fired at least `triggers` times); returns it.
  json::value AwaitIncident(std::string_view app, std::string_view cause,
                            std::string_view status, int64_t triggers = 1) {
    return Await(std::string(status) + " incident \"" + std::string(cause) +
                     "\" on " + std::string(app),
                 [&]() -> json::value {
                   json::array found = AlertIncidents(app, cause);
                   EXPECT_LE(found.size(), 1u) << json::serialize(found);
                   if (found.size() != 1) return nullptr;
                   const json::value& i = found.front();
                   if (Str(i, "/status") != status) return nullptr;
                   if (At(i, "/alert/triggers").to_number<int64_t>() < triggers)
                     return nullptr;
                   return i;
                 });
  }

  AlertmanagerProcess alertmanager_;
};

TEST_F(AlertmanagerTest, WebhookReceiverOpensOneIncidentPerAlertAndResolves) {
  Post(Alert("DiskFull", "checkout", "disk full on db1"));
  json::value disk = AwaitIncident("checkout", "disk full on db1", "alarmed");
  ASSERT_TRUE(disk.is_object());
  EXPECT_EQ(Str(disk, "/severity"), "sev1");
  EXPECT_EQ(Str(disk, "/alert/source"), "alertmanager");
  EXPECT_EQ(Str(disk, "/alert/details/labels/alertname"), "DiskFull");
  EXPECT_TRUE(StateOf(GetApp("checkout"), "incident"));
  EXPECT_TRUE(StateOf(GetApp("payments"), "operational"));

  // Alertmanager repeats the firing alert every second: it counts once.
  json::value repeated =
      AwaitIncident("checkout", "disk full on db1", "alarmed", 3);
  ASSERT_TRUE(repeated.is_object());
  EXPECT_EQ(Str(repeated, "/id"), Str(disk, "/id"));

  // A second alert on the same application is an incident of its own.
  Post(Alert("HighLatency", "checkout", "p99 above 2 s"));
  json::value latency = AwaitIncident("checkout", "p99 above 2 s", "alarmed");
  ASSERT_TRUE(latency.is_object());
  EXPECT_NE(Str(latency, "/id"), Str(disk, "/id"));

  // Resolving the first resolves only it.
  Post(Alert("DiskFull", "checkout", "disk full on db1", /*resolved=*/true));
  json::value resolved =
      AwaitIncident("checkout", "disk full on db1", "resolved");
  ASSERT_TRUE(resolved.is_object());
  EXPECT_EQ(Str(resolved, "/resolved_by"), "alertmanager");
  EXPECT_EQ(Str(GetIncident(Str(latency, "/id")), "/status"), "alarmed");
  EXPECT_TRUE(StateOf(GetApp("checkout"), "incident"));

  Post(Alert("HighLatency", "checkout", "p99 above 2 s", /*resolved=*/true));
  ASSERT_TRUE(
      AwaitIncident("checkout", "p99 above 2 s", "resolved").is_object());
  EXPECT_TRUE(StateOf(GetApp("checkout"), "operational"));
  // No other incident was opened on the way.
  EXPECT_EQ(ListIncidents("?application=checkout").size(), 2u);
  EXPECT_EQ(server_.log_text().find(api_token_), std::string::npos);
}

TEST_F(AlertmanagerTest, PagerDutyReceiverOpensAndResolvesOnTheComponent) {
  Post(Alert("QueueStuck", "payments", "queue stuck", false, "pagerduty"));
  // Alertmanager's PagerDuty summary is its own description of the group.
  json::value opened = Await("the PagerDuty incident on payments", [&] {
    json::array items = ListIncidents("?application=payments");
    return items.size() == 1 ? items.front() : json::value(nullptr);
  });
  ASSERT_TRUE(opened.is_object());
  EXPECT_EQ(Str(opened, "/kind"), "alert");
  EXPECT_EQ(Str(opened, "/status"), "alarmed");
  EXPECT_EQ(Str(opened, "/alert/source"), "pagerduty");
  EXPECT_EQ(Str(opened, "/severity"), "sev2");  // Alertmanager sends error.
  EXPECT_TRUE(ListIncidents("?application=checkout").empty());

  Post(Alert("QueueStuck", "payments", "queue stuck", true, "pagerduty"));
  json::value resolved = Await("the PagerDuty incident resolved", [&] {
    json::value i = GetIncident(Str(opened, "/id"));
    return Str(i, "/status") == "resolved" ? i : json::value(nullptr);
  });
  ASSERT_TRUE(resolved.is_object());
  EXPECT_EQ(Str(resolved, "/resolved_by"), "pagerduty");
  EXPECT_EQ(ListIncidents("?application=payments").size(), 1u);
  EXPECT_TRUE(StateOf(GetApp("payments"), "operational"));
}

}  // namespace
}  // namespace hookwarden::testing
