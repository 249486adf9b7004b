#include "domain/alert_rules.h"

#include <algorithm>
#include <cctype>

namespace hookwarden {

std::optional<std::string> MapAlertSeverity(std::string_view severity) {
  std::string s(severity);
  for (char& c : s) c = static_cast<char>(std::tolower(c));
  if (IsValidSeverity(s)) return s;
  if (s == "critical" || s == "crit" || s == "page" || s == "p1" ||
      s == "emergency" || s == "fatal")
    return "sev1";
  if (s == "error" || s == "err" || s == "high" || s == "major" || s == "p2")
    return "sev2";
  if (s == "warning" || s == "warn" || s == "medium" || s == "minor" ||
      s == "p3")
    return "sev3";
  if (s == "info" || s == "low" || s == "p4") return "sev4";
  if (s == "debug" || s == "p5") return "sev5";
  return std::nullopt;
}

IncidentChange ApplyAlert(const Application& app, const Incident* open,
                          const Alert& alert,
                          const std::function<std::string()>& new_id) {
  switch (alert.action) {
    case Alert::Action::kTrigger: {
      if (open != nullptr) {
        Incident again = *open;
        if (again.alert) {
          ++again.alert->triggers;
          again.alert->last_triggered_at =
              std::max(again.alert->last_triggered_at, alert.received_at);
        }
        return {IncidentChange::kRetriggered, std::move(again)};
      }
      Incident i =
          NewIncident(app, new_id(), kIncidentAlert,
                      std::min(alert.at, alert.received_at), alert.summary);
      if (alert.severity) i.severity = *alert.severity;
      i.alert = AlertRecord{alert.key, alert.source, alert.details, 1,
                            alert.received_at};
      return {IncidentChange::kOpened, std::move(i)};
    }
    case Alert::Action::kAcknowledge: {
      if (open == nullptr || open->status != kIncidentAlarmed) return {};
      Incident acked = *open;
      acked.status = kIncidentAcknowledged;
      acked.acknowledged_at = std::max(alert.received_at, acked.opened_at);
      acked.acknowledged_by = alert.source;
      return {IncidentChange::kAcknowledged, std::move(acked)};
    }
    case Alert::Action::kResolve: {
      if (open == nullptr || !open->open()) return {};
      Incident resolved = *open;
      resolved.status = kIncidentResolved;
      resolved.resolved_at =
          std::max(std::min(alert.at, alert.received_at), resolved.opened_at);
      resolved.resolved_by = alert.source;
      return {IncidentChange::kResolved, std::move(resolved)};
    }
  }
  return {};
}

}  // namespace hookwarden
