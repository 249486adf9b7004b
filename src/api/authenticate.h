// Who is calling: a login session (cookie) or a personal API key (Bearer).
#pragma once

#include <string>

#include "api/services.h"
#include "common/status.h"
#include "domain/user.h"
#include "http/request.h"

namespace hookwarden::api {

inline constexpr const char* kSessionCookie = "hw_session";

struct Caller {
  User user;
  bool via_cookie = false;
  std::string session_hash;  // Set when via_cookie.
  std::string csrf_token;    // Set when via_cookie.
};

// Authenticates `request`. A Bearer header wins over a cookie. Every
// rejection is the same 401, whatever its reason. A state-changing request
// (not GET, HEAD or OPTIONS) authenticated by the cookie must carry the
// session's CSRF token in X-CSRF-Token, or it is a 403 "csrf_failed".
Result<Caller> Authenticate(ApiServices& services,
                            const http::Request& request);

// The value of cookie `name` in the request's Cookie header, or "".
std::string CookieValue(const http::Request& request, std::string_view name);

}  // namespace hookwarden::api
