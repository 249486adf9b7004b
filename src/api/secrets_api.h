// Secrets variables: /api/v1/orgs/{org}/secrets. Members list the names;
// admins and owners create and delete. No answer, log line, audit entry or
// error ever carries a secret's value.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterSecretRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
