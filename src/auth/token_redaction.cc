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

// True for the first segment of the URLs whose second segment is a key
// (/ping/{key}/..., /badge/{key}/...), in any case.
bool KeyedUrl(std::string_view segment) {
  auto same = [&](std::string_view word) {
    if (segment.size() != word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      char c = segment[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  return same("ping") || same("badge");
}

}  // namespace

std::string RedactTokens(std::string_view path) {
  size_t q = path.find('?');
  std::string_view rest = q == std::string_view::npos ? "" : path.substr(q);
  path = path.substr(0, q);
  std::string out;
  out.reserve(path.size() + rest.size());
  size_t start = 0;
  int index = 0;  // Segment 0 is what comes before the leading '/'.
  bool keyed = false;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (index == 1) keyed = KeyedUrl(segment);
    if (std::optional<std::string> token = TokenIn(segment)) {
      out += token->substr(0, 4);
      out += kRedactedMarker;
    } else if (keyed && index == 2 && !segment.empty()) {
      // Where a key goes, whatever is there: a key with its prefix lost or
      // mangled is still most of a secret.
      out += kRedactedMarker;
    } else {
      out += segment;
    }
    if (end < path.size()) out += '/';
    start = end + 1;
    ++index;
  }
  out += rest;
  return out;
}

}  // namespace hookwarden::auth
