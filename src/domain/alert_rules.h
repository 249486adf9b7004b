// What an alert does to the incident of its key: a pure rule over the
// application and the key's open incident, if any.
//
// - A trigger for a key with no open incident opens one (kind "alert") at
//   the alert's time, with its summary as the cause, its severity (or the
//   application's) and its details.
// - A trigger for a key whose incident is open changes nothing but the
//   record of the alert (its count of triggers, when it last fired):
//   senders repeat firing alerts, and each counts once.
// - An acknowledge acknowledges an alarmed incident (by the integration); a
//   resolve resolves an open one, never before it opened.
// - An acknowledge or resolve for a key with no open incident changes
//   nothing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "domain/alert.h"
#include "domain/application.h"
#include "domain/incident.h"
#include "domain/incident_tracker.h"

namespace hookwarden {

// Our severity for a sender's: PagerDuty's and Alertmanager's usual
// `severity` values (critical, error, warning, info, and their common
// synonyms) and ours (sev1..sev5, not_classified), case-insensitive;
// nullopt for anything else.
std::optional<std::string> MapAlertSeverity(std::string_view severity);

// Applies `alert` to `open`, the open incident of its key in `app` (null
// when none). `new_id` makes the id of an incident about to open.
IncidentChange ApplyAlert(const Application& app, const Incident* open,
                          const Alert& alert,
                          const std::function<std::string()>& new_id);

}  // namespace hookwarden
