// The web UI's routes: the app shell at "/", "/login" and every page under
// "/orgs/{org}" (up to three segments: the UI's own router shows its "page
// not found" for shell paths it does not know), and the embedded assets under
// "/assets/{version}/...". Every other path, "/api/..." included, stays the
// JSON 404 of the dispatcher. The handlers answer from memory on the network
// thread.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterWebUiRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
