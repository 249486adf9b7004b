// An incident: a stretch of time in which an application is failing (or
// silent), opened by its rules and resolved by hits or by a person.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hookwarden {

// What opened it: consecutive failures, or no event for too long.
inline constexpr std::string_view kIncidentFailures = "failures";
inline constexpr std::string_view kIncidentNoData = "no_data";
// A scheduled run was not reported by its due time plus the grace.
inline constexpr std::string_view kIncidentLate = "late";
// A run stayed unfinished longer than the application's max_runtime_seconds.
inline constexpr std::string_view kIncidentRunTooLong = "run_too_long";
// Another system decided it (Alertmanager, a PagerDuty Events v2 sender).
inline constexpr std::string_view kIncidentAlert = "alert";

// Statuses, in the only order they can follow each other.
inline constexpr std::string_view kIncidentAlarmed = "alarmed";
inline constexpr std::string_view kIncidentAcknowledged = "acknowledged";
inline constexpr std::string_view kIncidentResolved = "resolved";

// Who did it when no person did.
inline constexpr std::string_view kByRules = "auto";

// What an incident of kind "alert" keeps of the alerts that keep it open.
struct AlertRecord {
  std::string key;       // Alertmanager's fingerprint, PagerDuty's dedup_key.
  std::string source;    // The integration: "alertmanager" or "pagerduty".
  std::string details;   // A JSON object: the alert's labels, custom details.
  int64_t triggers = 1;  // How many times it fired while open.
  int64_t last_triggered_at = 0;
};

struct Incident {
  std::string id;  // "inc_..."
  std::string organization_id;
  std::string application_id;
  std::string application_slug;  // Filled in by reads, for display.
  std::string kind;
  std::string severity;  // The application's severity when it opened.
  std::string status;
  std::optional<std::string> cause;  // The failure's message, if it had one.
  int64_t opened_at = 0;
  std::optional<int64_t> acknowledged_at;
  std::optional<std::string> acknowledged_by;  // A username.
  std::optional<int64_t> resolved_at;
  std::optional<std::string> resolved_by;  // A username or "auto".
  std::optional<AlertRecord> alert;        // Only for kind "alert".

  bool open() const { return status != kIncidentResolved; }
};

// True for "alarmed", "acknowledged" and "resolved".
inline bool IsValidIncidentStatus(std::string_view s) {
  return s == kIncidentAlarmed || s == kIncidentAcknowledged ||
         s == kIncidentResolved;
}

}  // namespace hookwarden
