// Webhook credentials: /api/v1/orgs/{org}/integration-tokens.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterIntegrationTokenRoutes(http::Router& router,
                                    ApiServices& services);

}  // namespace hookwarden::api
