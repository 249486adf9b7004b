// Applications and their incident rules: /api/v1/orgs/{org}/applications.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterApplicationRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
