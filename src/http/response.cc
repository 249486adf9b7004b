#include "http/response.h"

#include <boost/json/serialize.hpp>

namespace hookwarden::http {

Response JsonResponse(int status, const boost::json::value& value) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(value);
  return r;
}

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type = {};
  return r;
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return 200;
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kInvalid:
      return 422;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      break;
  }
  return 500;
}

Response ErrorResponse(const Status& status) {
  boost::json::object error{{"code", status.error_code()},
                            {"message", status.message()}};
  if (!status.field().empty()) error["field"] = status.field();
  Response r =
      JsonResponse(HttpStatusFor(status.code()), {{"error", std::move(error)}});
  if (status.retry_after_seconds() > 0 ||
      status.code() == ErrorCode::kRateLimited) {
    r.headers.emplace_back("Retry-After",
                           std::to_string(status.retry_after_seconds()));
  }
  return r;
}

}  // namespace hookwarden::http
