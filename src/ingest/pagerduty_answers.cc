#include "ingest/pagerduty_answers.h"

#include <boost/json/object.hpp>

namespace hookwarden::ingest {

http::Response PagerDutyAccepted(const std::string& dedup_key) {
  boost::json::object body{{"status", "success"},
                           {"message", "Event processed"}};
  if (!dedup_key.empty()) body["dedup_key"] = dedup_key;
  return http::JsonResponse(202, body);
}

http::Response PagerDutyError(const Status& status) {
  auto invalid = [](int code, const std::string& error) {
    return http::JsonResponse(code, {{"status", "invalid event"},
                                     {"message", "Event object is invalid"},
                                     {"errors", boost::json::array{error}}});
  };
  int code = http::HttpStatusFor(status.code());
  http::Response r;
  if (status.code() == ErrorCode::kUnauthenticated) {
    return invalid(400, "Invalid routing key");
  } else if (status.code() == ErrorCode::kPayloadTooLarge) {
    return invalid(413, status.message());
  } else if (code < 429) {
    return invalid(400, status.message());
  } else if (status.code() == ErrorCode::kRateLimited) {
    r = http::JsonResponse(
        429, {{"status", "throttle event"},
              {"message",
               "Requests for this routing key are arriving too quickly. "
               "Please retry later."}});
  } else {
    r = http::JsonResponse(
        code, {{"status", "error"}, {"message", status.message()}});
  }
  r.headers.emplace_back(
      "Retry-After", std::to_string(std::max(status.retry_after_seconds(), 1)));
  return r;
}

}  // namespace hookwarden::ingest
