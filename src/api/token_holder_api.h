// What the holder of a token can do with it alone: activate the API with an
// integration token (the seed's curl command), and revoke a token after a
// leak. POST /api/v1/activate, POST /api/v1/tokens/revoke.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterTokenHolderRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
