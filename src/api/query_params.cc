#include "api/query_params.h"

#include <charconv>
#include <string>

#include "common/time_format.h"

namespace hookwarden::api {

Result<std::optional<int64_t>> OptionalIntParam(const http::Request& request,
                                                std::string_view name,
                                                int64_t min, int64_t max) {
  auto text = request.QueryParam(name);
  if (!text) return std::optional<int64_t>();
  int64_t value = 0;
  auto [end, ec] =
      std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min ||
      value > max) {
    return Status::BadRequest(std::string(name) + " must be an integer from " +
                                  std::to_string(min) + " to " +
                                  std::to_string(max),
                              "bad_request", std::string(name));
  }
  return std::optional<int64_t>(value);
}

Result<int64_t> IntParam(const http::Request& request, std::string_view name,
                         int64_t fallback, int64_t min, int64_t max) {
  auto value = OptionalIntParam(request, name, min, max);
  if (!value.ok()) return value.status();
  return value->value_or(fallback);
}

Result<std::optional<int64_t>> TimeParam(const http::Request& request,
                                         std::string_view name) {
  auto text = request.QueryParam(name);
  if (!text) return std::optional<int64_t>();
  auto at = ParseRfc3339(*text);
  if (!at) {
    return Status::BadRequest(
        std::string(name) + " must be an RFC 3339 date-time", "bad_request",
        std::string(name));
  }
  return std::optional<int64_t>(*at);
}

}  // namespace hookwarden::api
