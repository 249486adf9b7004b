// What admins publish about an incident on the status page:
// PATCH /api/v1/orgs/{org}/incidents/{id} {public_note, publish_cause}.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "api/services.h"
#include "common/status.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterIncidentPublicationRoutes(http::Router& router,
                                       ApiServices& services);

// Adds `public_note` (or null) and `publish_cause` of the organization's
// incident `incident_id` to `body`.
Status AddPublication(ApiServices& services, const std::string& org_id,
                      const std::string& incident_id,
                      boost::json::object& body);

}  // namespace hookwarden::api
