// What anyone may read without logging in, when an organization publishes
// it: GET /status/{org} (the status page, HTML) and /status/{org}.json, and
// GET /badge/{badge_key}/{app}.svg and .json (?window=24h|7d|30d).
//
// A page that is disabled and one that does not exist give the same 404;
// so do an unknown badge key and an unknown application. Answers are
// cached for kPublicCacheMillis (bounded), and each client address may
// make kPublicBurst requests at once and kPublicRate a second on average
// (429 with Retry-After past it).
#pragma once

#include <cstdint>

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

inline constexpr int64_t kPublicCacheMillis = 30'000;
inline constexpr size_t kPublicCacheEntries = 2000;
inline constexpr double kPublicRate = 2;
inline constexpr double kPublicBurst = 60;

void RegisterPublicStatusRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
