// An application: the thing that reports hits, failures and deploys, with
// the rules that turn them into incidents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/incident.h"
#include "domain/integration_token.h"
#include "domain/schedule.h"
#include "domain/slo.h"

namespace hookwarden {

struct IncidentRules {
  int64_t failures_to_open = 1;  // Consecutive failures that open an incident.
  int64_t hits_to_close = 1;     // Consecutive hits that resolve it.
  std::string severity = "not_classified";  // sev1..sev5 or not_classified.
  int64_t no_data_timeout_seconds = 0;      // 0: off.
  // When its job is expected to report, if it is; a run not reported by its
  // due time plus grace_seconds opens a "late" incident.
  std::optional<Schedule> schedule = std::nullopt;
  int64_t grace_seconds = kDefaultGraceSeconds;
  // How long a run (domain/run.h) may stay unfinished before it opens a
  // "run_too_long" incident; none: no limit.
  std::optional<int64_t> max_runtime_seconds = std::nullopt;
};

struct Application {
  std::string id;  // "app_..."
  std::string organization_id;
  std::string product_id;
  std::string product_slug;  // Filled in by reads, for display.
  std::string name;
  std::string slug;  // Unique within the organization.
  IncidentRules rules;
  // The hits/failure credential whose API token may report for this
  // application, and the deploy credential under which it has its own deploy
  // token. Writes use only the ids.
  std::optional<CredentialLink> hits_failure_credential;
  std::optional<CredentialLink> deploy_credential;
  // Its service level objective, if it has one (domain/slo.h).
  std::optional<Slo> slo;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Filled in by reads: its open incident; none while it is operational.
  std::optional<Incident> open_incident;
  // Filled in by reads: when its last hit or failure arrived, and since
  // when its watches count (TrackedState::quiet_since).
  std::optional<int64_t> last_report_at;
  int64_t watched_since = 0;
  // Filled in by callers that ask: in a maintenance window now.
  bool in_maintenance = false;
};

// An application as a list of affected applications names it.
struct ApplicationSummary {
  std::string id;
  std::string slug;
  std::string name;
};

// Limits of the rule fields, shared by validation and documentation.
inline constexpr int64_t kMaxConsecutiveCount = 1000;
inline constexpr int64_t kMaxNoDataTimeoutSeconds = 7 * 24 * 3600;

// True for "sev1".."sev5" and "not_classified".
bool IsValidSeverity(std::string_view severity);

}  // namespace hookwarden
