// Signing deliveries. Every request a channel sends carries
//
//   X-Hookwarden-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256>
//
// where the HMAC's key is the channel's signing secret (the whole
// "hws_..." string, as bytes) and its message is "<t>.<body>". A receiver
// recomputes it over the raw body, compares in constant time, and rejects a
// `t` more than kSignatureToleranceSeconds away from its clock (a replay).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hookwarden::auth {

inline constexpr int64_t kSignatureToleranceSeconds = 300;
inline constexpr std::string_view kSignatureHeader = "X-Hookwarden-Signature";

// The lowercase hex HMAC-SHA-256 of `message` under `key` (any length).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// The header's value for `body` sent at `unix_seconds`.
std::string SignatureHeaderValue(std::string_view signing_secret,
                                 int64_t unix_seconds, std::string_view body);

// A fresh signing secret: "hws_" and 43 base62 characters (about 256 bits).
std::string NewSigningSecret();

// The associated data that binds a channel's sealed signing secret to it.
std::string SigningSecretContext(std::string_view org_id,
                                 std::string_view channel_id);

}  // namespace hookwarden::auth
