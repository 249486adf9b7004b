// RFC 3339 timestamps, the only textual time format of the API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hookwarden {

// Formats milliseconds since the epoch as "2026-11-26T20:26:29.123Z" (UTC).
std::string FormatRfc3339(int64_t epoch_millis);
// The same, appended to `out`.
void AppendRfc3339(std::string& out, int64_t epoch_millis);

// Parses an RFC 3339 date-time ("2026-11-26T20:26:29Z",
// "2026-11-26T21:26:29.5+01:00", ...) into milliseconds since the epoch.
// Fractions beyond milliseconds are truncated. Returns nullopt for anything
// that is not a valid RFC 3339 date-time, for a leap second (:60), and for a
// time outside years 0001 to 9999 once the offset is applied.
std::optional<int64_t> ParseRfc3339(std::string_view text);

}  // namespace hookwarden
