#include "domain/alert_rules.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>
#include <utility>

namespace hookwarden {
namespace {

Application App() {
  Application a;
  a.id = "app_1";
  a.organization_id = "org_1";
  a.slug = "checkout";
  a.rules.severity = "sev3";
  return a;
}

Alert Trigger(std::string key, int64_t at, int64_t received_at) {
  Alert a;
  a.action = Alert::Action::kTrigger;
  a.application_id = "app_1";
  a.key = std::move(key);
  a.source = "alertmanager";
  a.summary = "disk full";
  a.details = R"({"labels":{"alertname":"DiskFull"}})";
  a.at = at;
  a.received_at = received_at;
  return a;
}

std::string NewId() { return "inc_1"; }

TEST(AlertRulesTest, TriggerOpensAnAlertIncidentAtTheAlertsTime) {
  Alert alert = Trigger("fp1", 1000, 5000);
  alert.severity = "sev1";
  IncidentChange c = ApplyAlert(App(), nullptr, alert, NewId);
  ASSERT_EQ(c.kind, IncidentChange::kOpened);
  EXPECT_EQ(c.incident.kind, kIncidentAlert);
  EXPECT_EQ(c.incident.status, kIncidentAlarmed);
  EXPECT_EQ(c.incident.cause, "disk full");
  EXPECT_EQ(c.incident.severity, "sev1");
  EXPECT_EQ(c.incident.opened_at, 1000);
  ASSERT_TRUE(c.incident.alert);
  EXPECT_EQ(c.incident.alert->key, "fp1");
  EXPECT_EQ(c.incident.alert->triggers, 1);
}

TEST(AlertRulesTest, WithoutSeverityTheApplicationsAndNeverInTheFuture) {
  IncidentChange c =
      ApplyAlert(App(), nullptr, Trigger("fp1", 9000, 5000), NewId);
  EXPECT_EQ(c.incident.severity, "sev3");
  EXPECT_EQ(c.incident.opened_at, 5000);
}

TEST(AlertRulesTest, RepeatedTriggerCountsOnceAndOnlyUpdatesTheRecord) {
  Incident open =
      ApplyAlert(App(), nullptr, Trigger("fp1", 1000, 1000), NewId).incident;
  IncidentChange c =
      ApplyAlert(App(), &open, Trigger("fp1", 1000, 7000), NewId);
  EXPECT_EQ(c.kind, IncidentChange::kRetriggered);
  EXPECT_EQ(c.incident.id, open.id);
  EXPECT_EQ(c.incident.status, kIncidentAlarmed);
  EXPECT_EQ(c.incident.alert->triggers, 2);
  EXPECT_EQ(c.incident.alert->last_triggered_at, 7000);
}

TEST(AlertRulesTest, AcknowledgeThenResolveByTheIntegration) {
  Incident open =
      ApplyAlert(App(), nullptr, Trigger("fp1", 1000, 1000), NewId).incident;
  Alert ack = Trigger("fp1", 2000, 2000);
  ack.action = Alert::Action::kAcknowledge;
  ack.source = "pagerduty";
  IncidentChange acked = ApplyAlert(App(), &open, ack, NewId);
  ASSERT_EQ(acked.kind, IncidentChange::kAcknowledged);
  EXPECT_EQ(acked.incident.acknowledged_by, "pagerduty");
  EXPECT_EQ(acked.incident.acknowledged_at, 2000);
  // Acknowledged once only.
  EXPECT_EQ(ApplyAlert(App(), &acked.incident, ack, NewId).kind,
            IncidentChange::kNone);
  Alert resolve = Trigger("fp1", 500, 3000);
  resolve.action = Alert::Action::kResolve;
  IncidentChange resolved = ApplyAlert(App(), &acked.incident, resolve, NewId);
  ASSERT_EQ(resolved.kind, IncidentChange::kResolved);
  EXPECT_EQ(resolved.incident.status, kIncidentResolved);
  EXPECT_EQ(resolved.incident.resolved_by, "alertmanager");
  EXPECT_EQ(resolved.incident.resolved_at, 1000);  // Never before it opened.
}

TEST(AlertRulesTest, AcknowledgeOrResolveWithoutAnOpenIncidentChangesNothing) {
  Alert resolve = Trigger("fp1", 1000, 1000);
  resolve.action = Alert::Action::kResolve;
  EXPECT_EQ(ApplyAlert(App(), nullptr, resolve, NewId).kind,
            IncidentChange::kNone);
  resolve.action = Alert::Action::kAcknowledge;
  EXPECT_EQ(ApplyAlert(App(), nullptr, resolve, NewId).kind,
            IncidentChange::kNone);
}

TEST(AlertRulesTest, SeverityMapping) {
  const std::pair<std::string_view, std::optional<std::string>> cases[] = {
      {"critical", "sev1"},    {"Error", "sev2"},
      {"warning", "sev3"},     {"info", "sev4"},
      {"sev5", "sev5"},        {"not_classified", "not_classified"},
      {"purple", std::nullopt}};
  for (const auto& [given, ours] : cases) {
    EXPECT_EQ(MapAlertSeverity(given), ours) << given;
  }
}

}  // namespace
}  // namespace hookwarden
