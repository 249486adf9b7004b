// Personal API keys: /api/v1/api-keys.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterApiKeyRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
