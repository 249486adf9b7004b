// Organizations and their members: /api/v1/orgs, /api/v1/orgs/{org}/members.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterOrganizationRoutes(http::Router& router, ApiServices& services);
void RegisterMemberRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
