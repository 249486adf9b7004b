// Products: /api/v1/orgs/{org}/products.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterProductRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
