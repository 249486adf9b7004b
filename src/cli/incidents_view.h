// Times are shown in `zone`.
// Text for people from the API's incident and figures answers (docs/api.md,
// "Incidents" and "Reliability figures"), as `hookwarden incidents ...` and
// `hookwarden metrics` print them without --json. Pure; tolerant of missing
// or mistyped fields (shown as "-"); all server text made terminal-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "cli/json_fields.h"

namespace hookwarden::cli {

// GET .../incidents as a table (ID, APPLICATION, KIND, SEVERITY, STATUS,
// OPENED, RESOLVED, CAUSE), or a sentence saying there are none.
std::string FormatIncidentList(const boost::json::value& answer,
                               Zone zone = Zone::kUtc);

// One incident as labelled lines, then its timeline when it has one.
std::string FormatIncident(const boost::json::value& incident,
                           Zone zone = Zone::kUtc);

// One application's (or a total's) figures as labelled lines: ratios as
// percentages, durations in seconds, minutes or hours.
std::string FormatFigures(const boost::json::value& figures,
                          Zone zone = Zone::kUtc);

// GET .../metrics of the organization: a table of applications, then one of
// products, then the total.
std::string FormatOrganizationFigures(const boost::json::value& answer,
                                      Zone zone = Zone::kUtc);

// A duration of `seconds` for people: "45s", "12m 5s", "3h 20m", "2d 4h".
std::string DisplayDuration(double seconds);

}  // namespace hookwarden::cli
