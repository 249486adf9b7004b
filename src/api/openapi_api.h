// GET /api/v1/openapi.json: the OpenAPI 3.1 description of every route
// (docs/openapi.json, compiled into the binary).
#pragma once

#include <string_view>

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

// The document's bytes. Static storage; thread-safe.
std::string_view OpenApiDocument();

// Registers GET /api/v1/openapi.json: public (it describes the API, holds no
// data), answered from memory on the network thread.
void RegisterOpenApiRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
