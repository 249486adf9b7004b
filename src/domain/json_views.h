// The JSON shapes of incidents and deploys, shared by the API and the data
// plane's answers (docs/api.md). Never a token value.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/deploy.h"
#include "domain/incident.h"

namespace hookwarden {

// An RFC 3339 time, or null when absent.
boost::json::value TimeOrNull(std::optional<int64_t> epoch_millis);
// A number as JSON: whole numbers without a fraction or exponent; null when
// absent.
boost::json::value NumberOrNull(std::optional<double> number);
// "maintenance" while in a maintenance window (an incident open before it
// stays open and is shown beside it), else "incident" or "operational".
std::string_view StateName(bool in_incident, bool in_maintenance = false);
// What an incident of kind "alert" keeps of its alert: {key, source,
// details, triggers, last_triggered_at}.
boost::json::object AlertJson(const AlertRecord& alert);
// An incident, with its application's slug; `alert` is null unless it is
// of kind "alert".
boost::json::object IncidentJson(const Incident& incident);
// A deploy of the application `application_slug`.
boost::json::object DeployJson(const Deploy& deploy,
                               const std::string& application_slug);

}  // namespace hookwarden
