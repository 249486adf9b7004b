// The token of an "Authorization: Bearer <token>" header.
#pragma once

#include <string_view>

#include "http/request.h"

namespace hookwarden::http {

// The token, or "" when the header is absent or not a Bearer header.
std::string_view BearerToken(const http::Request& request);

}  // namespace hookwarden::http
