// Incidents: GET /api/v1/orgs/{org}/incidents, GET .../incidents/{id} (with
// its timeline), POST .../incidents/{id}/acknowledge and .../resolve.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterIncidentRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
