// An alert another system decided on, as the data plane takes it from
// Alertmanager's webhook or a PagerDuty Events v2 sender: it opens,
// acknowledges or resolves the incident of kind "alert" of its key within
// its application (domain/alert_rules.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hookwarden {

struct Alert {
  enum class Action { kTrigger, kAcknowledge, kResolve };
  Action action = Action::kTrigger;
  std::string organization_id;
  // Its application; empty when only its key names its incident (a
  // PagerDuty acknowledge or resolve), which is then looked for among
  // `candidate_application_ids` (the token's applications).
  std::string application_id;
  std::vector<std::string> candidate_application_ids;
  std::string key;
  std::string source;                   // "alertmanager" or "pagerduty".
  std::string summary;                  // The cause of the incident it opens.
  std::optional<std::string> severity;  // Ours; the application's if none.
  std::string details;                  // A JSON object.
  int64_t at = 0;  // When the sender says it happened, never after arrival.
  int64_t received_at = 0;
};

// The longest summary and key kept, in bytes, and the largest details.
inline constexpr size_t kMaxAlertSummaryBytes = 1024;
inline constexpr size_t kMaxAlertKeyBytes = 255;
inline constexpr size_t kMaxAlertDetailsBytes = 16 * 1024;

}  // namespace hookwarden
