// Keeps tokens out of what the server writes down. Some URLs carry a token
// in their path (a ping URL's key: /ping/hwk_.../app); the access log and
// every error that names a path show it through RedactTokens.
#pragma once

#include <string>
#include <string_view>

namespace hookwarden::auth {

// What replaces a token's last 38 characters: "hwk_" + kRedactedMarker.
inline constexpr std::string_view kRedactedMarker = "[redacted]";

// `path` with every segment that is a well-formed token of any kind
// (ParseToken, whether or not it was ever issued), or a known token prefix
// followed by anything (a mistyped or cut token still holds most of a
// secret), also when percent-encoded, replaced by its 4-char prefix and
// kRedactedMarker, e.g. "/ping/hwk_[redacted]/backup". The segment where a
// ping or badge URL carries its key (/ping/{key}/..., /badge/{key}/..., the
// first segment in any case) is replaced by kRedactedMarker whatever it
// holds, e.g. "/ping/[redacted]/backup" for a key whose prefix was lost.
// Other segments, and a query string, are kept as they are. Pure; safe for
// any input.
std::string RedactTokens(std::string_view path);

}  // namespace hookwarden::auth
