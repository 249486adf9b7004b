// Reliability figures (definitions in metrics/figures.h and docs/api.md):
// GET /api/v1/orgs/{org}/applications/{app}/metrics?from=&to=&step= and
// GET /api/v1/orgs/{org}/metrics?from=&to= (a row per application, a total
// per product and one for the organization).
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterMetricsRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
