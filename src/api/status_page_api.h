// The status page's settings and the badge key:
// /api/v1/orgs/{org}/status-page and .../status-page/badge-key.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterStatusPageRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
