// What a handler answers, and the one place where a Status becomes an HTTP
// error: {"error":{"code":...,"message":...,"field":...}}.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace hookwarden::http {

struct Response {
  int status = 200;
  // Fixed text (a literal, or a table's): it must outlive the response.
  // Empty: no Content-Type header.
  std::string_view content_type = "application/json";
  std::string body;
  // Fixed text, as content_type. Empty: no Cache-Control header.
  std::string_view cache_control = "no-store";
  std::vector<std::pair<std::string, std::string>> headers;  // Extra headers.
  // The request's id (see Request::request_id), sent as X-Request-Id after
  // the extra headers when not empty.
  std::string request_id;
};

// `value` serialized as the body.
Response JsonResponse(int status, const boost::json::value& value);
// 204 with no body.
Response NoContent();
// The HTTP status for `code` (e.g. kNotFound -> 404).
int HttpStatusFor(ErrorCode code);
// The error body for a failed Status, with Retry-After for rate limits.
Response ErrorResponse(const Status& status);

}  // namespace hookwarden::http
