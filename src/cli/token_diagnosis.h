// Offline diagnosis of a string that should be a hookwarden token: which kind
// it is, or what exactly is wrong with it. Used by `hookwarden token check`
// and by the client commands that take a token before sending it anywhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/token.h"

namespace hookwarden::cli {

// The verdict on one candidate token. Exactly one of `kind` and `problem` is
// set: `kind` when the string is a well-formed token (auth::ParseToken
// accepts it), otherwise `problem`, a one-line English description.
struct TokenDiagnosis {
  std::optional<auth::TokenKind> kind;
  std::string problem;

  bool ok() const { return kind.has_value(); }
};

// Diagnoses `token`, checking in this order and reporting the first failure:
//   - "empty token"
//   - "unknown prefix \"xyz_\" (expected hwi_, hwa_, hwd_, hwp_, hwb_ or hwk_)"
//   when the
//     string has at least 4 bytes and does not start with a known prefix;
//   - "wrong length: 41 characters, expected 42" (lengths count bytes);
//   - "invalid character at position 17 (expected 0-9, A-Z or a-z)" for the
//     first byte after the prefix outside the base62 alphabet (positions are
//     1-based);
//   - "checksum mismatch (a character was mistyped, or the token was cut or
//     altered)".
// The problem text never contains more of `token` than its first 4 bytes,
// escaped so that they are printable ASCII, because real secrets get piped
// through this. Agrees with auth::ParseToken on every input: ok() exactly
// when ParseToken returns a kind. Pure and thread-safe.
TokenDiagnosis DiagnoseToken(std::string_view token);

}  // namespace hookwarden::cli
