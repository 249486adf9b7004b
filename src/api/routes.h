// Every route of the API, in one table: read this file to see what the
// server answers and which handler file holds each answer.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterAllRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
