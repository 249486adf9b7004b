#include "cli/token_diagnosis.h"

#include <array>
#include <cstdio>

namespace hookwarden::cli {
namespace {

constexpr std::size_t kPrefixLength = 4;

bool IsBase62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

// `text` with every byte outside printable ASCII (and the backslash and
// double quote) written as an escape, e.g. "\x1b".
std::string Escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      char buffer[5];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
      out += buffer;
    }
  }
  return out;
}

// "hwi_, hwa_, ... or hwk_": every kind's prefix.
std::string KnownPrefixes() {
  std::string out;
  for (size_t i = 0; i < auth::kAllTokenKinds.size(); ++i) {
    if (i > 0) out += i + 1 == auth::kAllTokenKinds.size() ? " or " : ", ";
    out += auth::TokenPrefix(auth::kAllTokenKinds[i]);
  }
  return out;
}

TokenDiagnosis Problem(std::string problem) {
  return TokenDiagnosis{std::nullopt, std::move(problem)};
}

}  // namespace

TokenDiagnosis DiagnoseToken(std::string_view token) {
  if (token.empty()) return Problem("empty token");
  if (token.size() >= kPrefixLength) {
    std::string_view prefix = token.substr(0, kPrefixLength);
    bool known = false;
    for (auth::TokenKind kind : auth::kAllTokenKinds) {
      if (prefix == auth::TokenPrefix(kind)) known = true;
    }
    if (!known) {
      return Problem("unknown prefix \"" + Escaped(prefix) + "\" (expected " +
                     KnownPrefixes() + ")");
    }
  }
  if (token.size() != auth::kTokenLength) {
    return Problem("wrong length: " + std::to_string(token.size()) +
                   " characters, expected " +
                   std::to_string(auth::kTokenLength));
  }
  for (std::size_t i = kPrefixLength; i < token.size(); ++i) {
    if (!IsBase62(token[i])) {
      return Problem("invalid character at position " + std::to_string(i + 1) +
                     " (expected 0-9, A-Z or a-z)");
    }
  }
  // Prefix, length and alphabet are right, so only the checksum is left for
  // ParseToken to reject.
  std::optional<auth::TokenKind> kind = auth::ParseToken(token);
  if (!kind) {
    return Problem(
        "checksum mismatch (a character was mistyped, or the token was cut "
        "or altered)");
  }
  return TokenDiagnosis{kind, ""};
}

}  // namespace hookwarden::cli
