#include "http/framing_check.h"

#include <boost/beast/core/string.hpp>

namespace hookwarden::http {

namespace bhttp = boost::beast::http;

std::optional<std::string> TransferEncodingProblem(
    const bhttp::request_header<>& header) {
  auto [first, last] = header.equal_range(bhttp::field::transfer_encoding);
  if (first == last) return std::nullopt;
  if (std::next(first) != last) {
    return "Transfer-Encoding may be given once, as \"chunked\"";
  }
  std::string_view value = first->value();
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  if (!boost::beast::iequals(value, "chunked")) {
    return "Transfer-Encoding other than \"chunked\" is not accepted";
  }
  return std::nullopt;
}

std::optional<std::string> ObsFoldProblem(std::string_view raw) {
  // Empty lines before the request line are allowed (RFC 9112 2.2).
  size_t start = 0;
  while (raw.substr(start, 2) == "\r\n") start += 2;
  for (size_t at = raw.find('\n', start); at != std::string_view::npos;
       at = raw.find('\n', at + 1)) {
    if (at + 1 < raw.size() && (raw[at + 1] == ' ' || raw[at + 1] == '\t')) {
      return "a header field continued on the next line (obs-fold) is not "
             "accepted";
    }
  }
  return std::nullopt;
}

size_t HeaderLength(std::string_view received) {
  size_t start = 0;
  while (received.substr(start, 2) == "\r\n") start += 2;
  size_t end = received.find("\r\n\r\n", start);
  return end == std::string_view::npos ? 0 : end + 4;
}

}  // namespace hookwarden::http
