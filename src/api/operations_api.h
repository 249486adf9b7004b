// Operations endpoints: /healthz, /readyz, /metrics. Public: they say nothing
// about any organization.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterOperationsRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
