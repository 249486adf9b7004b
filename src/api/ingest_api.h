// The data plane: POST /api/v1/applications/{app}/hits and .../failures,
// POST /api/v1/events (batches) and POST /api/v1/deploys.
#pragma once

#include <boost/json/object.hpp>

#include "api/services.h"
#include "domain/deploy.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterIngestRoutes(http::Router& router, ApiServices& services);

// A deploy as the API shows it.
boost::json::object DeployJson(const Deploy& deploy,
                               const std::string& application_slug);

// The largest batch body, in bytes, and the most items in one batch.
inline constexpr uint64_t kMaxBatchBytes = 5 * 1024 * 1024;
inline constexpr size_t kMaxBatchItems = 10'000;

}  // namespace hookwarden::api
