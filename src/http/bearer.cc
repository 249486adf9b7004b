#include "http/bearer.h"

namespace hookwarden::http {

std::string_view BearerToken(const http::Request& request) {
  std::optional<std::string_view> header =
      request.Header(boost::beast::http::field::authorization);
  constexpr std::string_view kBearer = "Bearer ";
  if (!header || header->size() <= kBearer.size() ||
      std::string_view(*header).substr(0, kBearer.size()) != kBearer) {
    return {};
  }
  return std::string_view(*header).substr(kBearer.size());
}

}  // namespace hookwarden::http
