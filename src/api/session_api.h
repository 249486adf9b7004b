// Logging in and out: POST/DELETE /api/v1/session, GET /api/v1/me.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterSessionRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
