// Invitations to organizations: owners invite, list and cancel
// (/api/v1/orgs/{org}/invitations, and POST /api/v1/orgs/{org}/members,
// which does the same); the invited user lists, accepts and declines
// (/api/v1/invitations).
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterInvitationRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
