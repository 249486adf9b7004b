#include "domain/envelope.h"

#include <boost/json/serialize.hpp>

#include "common/time_format.h"
#include "domain/json_views.h"

namespace hookwarden {
namespace {

namespace json = boost::json;

json::value TextOrNull(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object ApplicationJson(const EventApplication& app) {
  return {{"id", app.id},
          {"slug", app.slug},
          {"name", app.name},
          {"product", app.product}};
}

json::array ApplicationsJson(const std::vector<EventApplication>& apps) {
  json::array out;
  for (const EventApplication& app : apps) out.push_back(ApplicationJson(app));
  return out;
}

json::object IncidentFields(const Incident& i) {
  return {{"id", i.id},
          {"kind", i.kind},
          {"severity", i.severity},
          {"status", i.status},
          {"cause", TextOrNull(i.cause)},
          {"opened_at", FormatRfc3339(i.opened_at)},
          {"acknowledged_at", TimeOrNull(i.acknowledged_at)},
          {"acknowledged_by", TextOrNull(i.acknowledged_by)},
          {"resolved_at", TimeOrNull(i.resolved_at)},
          {"resolved_by", TextOrNull(i.resolved_by)}};
}

json::object DeployFields(const Deploy& d) {
  return {{"id", d.id},
          {"version", d.version},
          {"commit", TextOrNull(d.commit)},
          {"commit_at", TimeOrNull(d.commit_at)},
          {"description", TextOrNull(d.description)},
          {"environment", d.environment},
          {"status", d.status},
          {"started_at", TimeOrNull(d.started_at)},
          {"finished_at", TimeOrNull(d.finished_at)},
          {"created_at", FormatRfc3339(d.created_at)}};
}

}  // namespace

std::string MakeEnvelope(std::string_view event_id, std::string_view type,
                         int64_t created_at, const Organization& org,
                         json::object data) {
  return json::serialize(
      json::object{{"id", event_id},
                   {"type", type},
                   {"created_at", FormatRfc3339(created_at)},
                   {"organization",
                    {{"id", org.id}, {"slug", org.slug}, {"name", org.name}}},
                   {"data", std::move(data)}});
}

json::object IncidentData(const Incident& incident,
                          const EventApplication& app) {
  return {{"incident", IncidentFields(incident)},
          {"application", ApplicationJson(app)}};
}

json::object DeployData(const Deploy& deploy, const EventApplication& app) {
  return {{"deploy", DeployFields(deploy)},
          {"application", ApplicationJson(app)}};
}

json::object CredentialData(const IntegrationToken& c,
                            const std::optional<std::string>& previous_name,
                            std::optional<int64_t> previous_valid_until,
                            std::string_view regenerated_by,
                            const std::vector<EventApplication>& applications) {
  return {{"credential",
           {{"id", c.id},
            {"type", CredentialTypeName(c.type)},
            {"name", c.name},
            {"generation", c.generation},
            {"previous_name", TextOrNull(previous_name)},
            {"previous_valid_until", TimeOrNull(previous_valid_until)},
            {"regenerated_by", regenerated_by}}},
          {"applications", ApplicationsJson(applications)}};
}

namespace {

json::object FlappingFields(const FlapState& state,
                            const NoticeSettings& settings) {
  return {{"incidents", static_cast<int64_t>(state.openings.size())},
          {"threshold", settings.flapping_incidents},
          {"window_minutes", settings.flapping_minutes},
          {"since", FormatRfc3339(state.since)},
          {"incident_open", state.incident_open}};
}

}  // namespace

json::object FlappingData(const EventApplication& app, const FlapState& state,
                          const NoticeSettings& settings) {
  return {{"application", ApplicationJson(app)},
          {"flapping", FlappingFields(state, settings)}};
}

json::object MaintenanceData(
    const MaintenanceWindow& w,
    const std::vector<EventApplication>& applications) {
  return {{"maintenance",
           {{"id", w.id},
            {"reason", w.reason},
            {"starts_at", FormatRfc3339(w.starts_at)},
            {"ends_at", FormatRfc3339(w.ends_at)}}},
          {"applications", ApplicationsJson(applications)}};
}

json::object BurnRatesJson(const SloReport& report) {
  json::object rates;
  for (size_t i = 0; i < kBurnSpans.size(); ++i) {
    rates[kBurnSpans[i].name] = NumberOrNull(report.burn_rates[i]);
  }
  return rates;
}

json::object BurnFiringJson(const BurnFiring& firing,
                            const std::optional<Slo>& slo) {
  const BurnRule* rule = FindBurnRule(firing.rule);
  json::object out{{"rule", firing.rule}};
  out["severity"] = rule ? json::value(rule->severity) : json::value(nullptr);
  out["threshold"] = rule && slo
                         ? json::value(BurnThreshold(*rule, slo->window_days))
                         : json::value(nullptr);
  out["long_window"] = rule ? json::value(kBurnSpans[rule->long_span].name)
                            : json::value(nullptr);
  out["short_window"] = rule ? json::value(kBurnSpans[rule->short_span].name)
                             : json::value(nullptr);
  out["since"] = FormatRfc3339(firing.since);
  return out;
}

json::object SloBurnData(const EventApplication& app,
                         const std::optional<Slo>& slo, const SloReport& report,
                         const BurnFiring& firing,
                         std::optional<int64_t> resolved_at) {
  json::object alert = BurnFiringJson(firing, slo);
  alert["status"] = resolved_at ? "resolved" : "firing";
  alert["resolved_at"] = TimeOrNull(resolved_at);
  const BurnRule* rule = FindBurnRule(firing.rule);
  alert["long_rate"] =
      rule ? NumberOrNull(report.burn_rates[rule->long_span]) : nullptr;
  alert["short_rate"] =
      rule ? NumberOrNull(report.burn_rates[rule->short_span]) : nullptr;
  json::value slo_json = nullptr;
  if (slo) {
    slo_json = {{"objective_percent", slo->objective_percent},
                {"window_days", slo->window_days},
                {"indicator", slo->indicator}};
  }
  return {
      {"application", ApplicationJson(app)},
      {"slo", std::move(slo_json)},
      {"burn_alert", std::move(alert)},
      {"burn_rate", BurnRatesJson(report)},
      {"error_budget",
       {{"remaining_percent", NumberOrNull(report.budget_remaining_percent)}}}};
}

json::object TestData(int64_t now, std::string_view requested_by) {
  EventApplication app{"app_example", "example", "Example application",
                       "example"};
  Incident incident;
  incident.id = "inc_example";
  incident.kind = kIncidentFailures;
  incident.severity = "sev2";
  incident.status = kIncidentAlarmed;
  incident.cause = "an example failure";
  incident.opened_at = now;
  Deploy deploy;
  deploy.id = "dep_example";
  deploy.version = "1.2.3";
  deploy.commit = "9f2c1e7";
  deploy.created_at = now;
  IntegrationToken credential;
  credential.id = "itk_example";
  credential.name = "Example credential";
  credential.generation = 2;
  json::object data = CredentialData(credential, std::nullopt, std::nullopt,
                                     requested_by, {app});
  data["message"] = "A test notification from hookwarden, sent by " +
                    std::string(requested_by) + ".";
  data["test"] = true;
  data["incident"] = IncidentFields(incident);
  data["deploy"] = DeployFields(deploy);
  data["maintenance"] = {{"id", "mnt_example"},
                         {"reason", "an example maintenance"},
                         {"starts_at", FormatRfc3339(now)},
                         {"ends_at", FormatRfc3339(now + 3'600'000)}};
  data["application"] = ApplicationJson(app);
  FlapState flapping;
  flapping.flapping = true;
  flapping.since = now;
  flapping.openings.assign(6, now);
  data["flapping"] = FlappingFields(flapping, NoticeSettings{});
  Slo slo;
  SloReport report;
  report.burn_rates.fill(20.0);
  report.budget_remaining_percent = 60.0;
  json::object burn =
      SloBurnData(app, slo, report, {"page_1h_5m", now}, std::nullopt);
  for (const char* key : {"slo", "burn_alert", "burn_rate", "error_budget"}) {
    data[key] = std::move(burn[key]);
  }
  return data;
}

}  // namespace hookwarden
