// Bearer tokens (DESIGN.md section 2). A token is
//
//   "hw" + kind + "_" + 32 random base62 chars + 6 base62 checksum chars
//
// 42 characters in all, e.g. "hwi_" + 32 chars + 6 chars. The checksum is the
// CRC-32 (see crc32.h) of the first 36 characters, written as a 6-digit
// base62 number over the alphabet [0-9A-Za-z], most significant digit first,
// zero-padded. It lets a secret scanner recognise a leaked token and lets the
// server reject a mistyped token before any lookup; it adds no secrecy.
//
// Tokens are looked up by TokenHasher::Hash, never by plain value.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hookwarden::auth {

enum class TokenKind {
  kIntegration,  // "hwi_": sends hits and failures for one integration.
  kActivation,   // "hwa_": API activation token.
  kDeploy,       // "hwd_": application deploy token.
  kPersonal,     // "hwp_": personal API key.
  kBadge,        // "hwb_": an organization's badge key (read-only).
  kPing,         // "hwk_": a Hits/Failure credential's key for ping URLs.
};

// Every kind, in the order above.
inline constexpr std::array<TokenKind, 6> kAllTokenKinds = {
    TokenKind::kIntegration, TokenKind::kActivation, TokenKind::kDeploy,
    TokenKind::kPersonal,    TokenKind::kBadge,      TokenKind::kPing};

// Total length of every well-formed token.
inline constexpr std::size_t kTokenLength = 42;

// Returns a fresh random token of `kind` (42 chars, ~190 random bits).
// Thread-safe; cannot fail (aborts only if libsodium cannot initialise).
std::string MintToken(TokenKind kind);

// Returns the kind of `token` if it is well formed: exactly 42 chars, one of
// the prefixes of kAllTokenKinds, the 38 chars after the prefix all in
// [0-9A-Za-z], and a matching checksum. Otherwise nullopt. Says nothing about
// whether the token was ever issued or is still valid. Safe for any input (no
// reads outside `token`); thread-safe.
std::optional<TokenKind> ParseToken(std::string_view token);

// Returns a display hint that does not reveal the secret: the first 4 chars,
// "...", and the last 4 chars (part of the checksum for a real token), e.g.
// "hwi_...x9Qa". A string shorter than 8 chars gives just "...". Pure.
std::string TokenHint(std::string_view token);

// Returns the 4-char prefix of `kind`: "hwi_", "hwa_", "hwd_", "hwp_",
// "hwb_" or "hwk_".
// The view refers to static storage.
std::string_view TokenPrefix(TokenKind kind);

}  // namespace hookwarden::auth
