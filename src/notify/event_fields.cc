#include "notify/event_fields.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "domain/channel.h"

namespace hookwarden::notify {
namespace {

using Fields = std::vector<std::string_view>;

const Fields& Common() {
  static const Fields f = {"event.id",          "event.type",
                           "event.created_at",  "organization.id",
                           "organization.slug", "organization.name"};
  return f;
}

const Fields& ApplicationFields() {
  static const Fields f = {"application.id", "application.slug",
                           "application.name", "application.product"};
  return f;
}

const Fields& IncidentFields() {
  static const Fields f = {"incident.id",
                           "incident.kind",
                           "incident.severity",
                           "incident.status",
                           "incident.cause",
                           "incident.opened_at",
                           "incident.acknowledged_at",
                           "incident.acknowledged_by",
                           "incident.resolved_at",
                           "incident.resolved_by"};
  return f;
}

const Fields& FlappingFields() {
  static const Fields f = {"flapping.incidents", "flapping.threshold",
                           "flapping.window_minutes", "flapping.since",
                           "flapping.incident_open"};
  return f;
}

const Fields& DeployFields() {
  static const Fields f = {"deploy.id",          "deploy.version",
                           "deploy.commit",      "deploy.commit_at",
                           "deploy.description", "deploy.environment",
                           "deploy.status",      "deploy.started_at",
                           "deploy.finished_at", "deploy.created_at"};
  return f;
}

const Fields& CredentialFields() {
  static const Fields f = {"credential.id",
                           "credential.type",
                           "credential.name",
                           "credential.generation",
                           "credential.previous_name",
                           "credential.previous_valid_until",
                           "credential.regenerated_by"};
  return f;
}

const Fields& MaintenanceFields() {
  static const Fields f = {"maintenance.id", "maintenance.reason",
                           "maintenance.starts_at", "maintenance.ends_at"};
  return f;
}

const Fields& SloBurnFields() {
  static const Fields f = {
      "slo.objective_percent",   "slo.window_days",
      "slo.indicator",           "burn_alert.rule",
      "burn_alert.severity",     "burn_alert.status",
      "burn_alert.since",        "burn_alert.resolved_at",
      "burn_alert.threshold",    "burn_alert.long_window",
      "burn_alert.short_window", "burn_alert.long_rate",
      "burn_alert.short_rate",   "error_budget.remaining_percent"};
  return f;
}

Fields Join(std::initializer_list<const Fields*> parts) {
  Fields out;
  for (const Fields* p : parts) out.insert(out.end(), p->begin(), p->end());
  return out;
}

const Fields& TestFields() {
  static const Fields message = {"message"};
  static const Fields f =
      Join({&Common(), &ApplicationFields(), &IncidentFields(), &DeployFields(),
            &CredentialFields(), &FlappingFields(), &MaintenanceFields(),
            &SloBurnFields(), &message});
  return f;
}

}  // namespace

const std::vector<std::string_view>& ChannelEventTypes() {
  static const std::vector<std::string_view> types = {
      kEventIncidentOpened,        kEventIncidentAcknowledged,
      kEventIncidentResolved,      kEventFlappingStarted,
      kEventFlappingStopped,       kEventDeployCreated,
      kEventCredentialRegenerated, kEventMaintenanceStarted,
      kEventMaintenanceEnded,      kEventSloBurnRate};
  return types;
}

bool IsChannelEventType(std::string_view type) {
  const auto& types = ChannelEventTypes();
  return std::find(types.begin(), types.end(), type) != types.end();
}

const std::vector<std::string_view>& FieldsOf(std::string_view type) {
  static const Fields incident =
      Join({&Common(), &ApplicationFields(), &IncidentFields()});
  static const Fields deploy =
      Join({&Common(), &ApplicationFields(), &DeployFields()});
  static const Fields credential = Join({&Common(), &CredentialFields()});
  static const Fields maintenance = Join({&Common(), &MaintenanceFields()});
  static const Fields flapping =
      Join({&Common(), &ApplicationFields(), &FlappingFields()});
  static const Fields slo_burn =
      Join({&Common(), &ApplicationFields(), &SloBurnFields()});
  if (type == kEventFlappingStarted || type == kEventFlappingStopped)
    return flapping;
  if (type == kEventSloBurnRate) return slo_burn;
  if (type.rfind("incident.", 0) == 0) return incident;
  if (type == kEventDeployCreated) return deploy;
  if (type == kEventCredentialRegenerated) return credential;
  if (type == kEventMaintenanceStarted || type == kEventMaintenanceEnded)
    return maintenance;
  if (type == kEventTest) return TestFields();
  return Common();
}

bool IsFieldOfAny(std::string_view field,
                  const std::vector<std::string>& types) {
  for (const std::string& type : types) {
    const Fields& fields = FieldsOf(type);
    if (std::find(fields.begin(), fields.end(), field) != fields.end())
      return true;
  }
  return false;
}

std::string FieldValue(const boost::json::object& envelope,
                       std::string_view field) {
  const boost::json::object* at = &envelope;
  std::string_view path = field;
  if (path.rfind("event.", 0) == 0) {
    path.remove_prefix(6);
  } else if (path.rfind("organization.", 0) != 0) {
    auto data = envelope.find("data");
    if (data == envelope.end() || !data->value().is_object()) return "";
    at = &data->value().get_object();
  }
  const boost::json::value* value = nullptr;
  while (true) {
    size_t dot = path.find('.');
    auto it = at->find(path.substr(0, dot));
    if (it == at->end()) return "";
    value = &it->value();
    if (dot == std::string_view::npos) break;
    if (!value->is_object()) return "";
    at = &value->get_object();
    path.remove_prefix(dot + 1);
  }
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_null()) return "";
  return boost::json::serialize(*value);
}

}  // namespace hookwarden::notify
