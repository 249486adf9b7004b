// Reading what applications reported:
// GET /api/v1/orgs/{org}/applications/{app}/events and .../deploys.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterEventReadRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
