// The segments of a request's path, as the router and the access log read
// them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hookwarden::http {

// The segments of an absolute path, still percent-encoded; "/" has none and
// "/a//b/" has "a", "", "b", "". The views point into `path`. Pure.
std::vector<std::string_view> SplitPath(std::string_view path);

// Percent-decodes a path segment; nullopt for a bad escape or a NUL byte.
// Pure.
std::optional<std::string> DecodePathSegment(std::string_view segment);

}  // namespace hookwarden::http
