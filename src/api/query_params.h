// Reading query parameters: a malformed value is a 400 naming the parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/status.h"
#include "http/request.h"

namespace hookwarden::api {

// The integer value of `name` within [min, max]; `fallback` when absent.
Result<int64_t> IntParam(const http::Request& request, std::string_view name,
                         int64_t fallback, int64_t min, int64_t max);
// As IntParam, but nullopt when absent.
Result<std::optional<int64_t>> OptionalIntParam(const http::Request& request,
                                                std::string_view name,
                                                int64_t min, int64_t max);

// The RFC 3339 date-time of `name` in epoch milliseconds; nullopt when
// absent.
Result<std::optional<int64_t>> TimeParam(const http::Request& request,
                                         std::string_view name);

}  // namespace hookwarden::api
