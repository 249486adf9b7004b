#include "auth/token_redaction.h"

#include <optional>

#include "auth/token.h"
#include "http/path_segments.h"

namespace hookwarden::auth {
namespace {

// A well-formed token, or what is left of one after a typo or a cut: a
// known prefix and more.
bool LooksLikeToken(std::string_view text) {
  if (ParseToken(text)) return true;
  if (text.size() <= 4) return false;
  for (TokenKind kind : kAllTokenKinds) {
    if (text.starts_with(TokenPrefix(kind))) return true;
  }
  return false;
}

// The token `segment` is, decoded; nullopt when it is none.
std::optional<std::string> TokenIn(std::string_view segment) {
  if (LooksLikeToken(segment)) return std::string(segment);
  if (segment.find('%') == std::string_view::npos) return std::nullopt;
  std::optional<std::string> decoded = http::DecodePathSegment(segment);
  if (decoded && LooksLikeToken(*decoded)) return decoded;
  return std::nullopt;
}

}  // namespace

std::string RedactTokens(std::string_view path) {
  size_t q = path.find('?');
  std::string_view rest = q == std::string_view::npos ? "" : path.substr(q);
  path = path.substr(0, q);
  std::string out;
  out.reserve(path.size() + rest.size());
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (std::optional<std::string> token = TokenIn(segment)) {
      out += token->substr(0, 4);
      out += kRedactedMarker;
    } else {
      out += segment;
    }
    if (end < path.size()) out += '/';
    start = end + 1;
  }
  out += rest;
  return out;
}

}  // namespace hookwarden::auth
