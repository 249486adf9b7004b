// The audit log: GET /api/v1/orgs/{org}/audit-log.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterAuditLogRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
