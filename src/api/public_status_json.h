// What the public status page (/status/{org}.json) shows: each listed
// product's applications with their state, uptime over 24 h, 7 d and 90 d
// and a bar per UTC day for 90 days with that day's incidents, and the
// open and recent incidents. Only slugs, names and what admins published:
// never an id, a token, a member, an address or a raw incident cause that
// was not published.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>

#include "api/services.h"
#include "common/status.h"
#include "domain/status_page.h"

namespace hookwarden::api {

// Applications one page shows at most (in the order of its products, each
// product's by name); those past it are counted in `applications_omitted`.
inline constexpr size_t kMaxStatusPageApplications = 50;
// Incidents listed per day bar, and in `incidents`.
inline constexpr size_t kMaxIncidentsPerDay = 5;
inline constexpr size_t kMaxRecentIncidents = 20;
// How far back resolved incidents count as recent.
inline constexpr int64_t kRecentIncidentMillis = 7LL * 86'400'000;

// The page's JSON at the clock's time. `page` must be enabled.
Result<boost::json::object> PublicStatusJson(ApiServices& services,
                                             const StatusPage& page);

}  // namespace hookwarden::api
