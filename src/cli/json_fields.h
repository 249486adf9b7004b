// Reading the members of the server's JSON answers for plain-text output:
// absent, null and wrongly typed members read as empty, never as errors.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

namespace hookwarden::cli {

// The member `key` of `v`, or nullptr when `v` is not an object or has none.
const boost::json::value* Member(const boost::json::value& v,
                                 std::string_view key);

// The member `key` as text: a string as is, a number in decimal, anything
// else (null, absent) as "".
std::string Text(const boost::json::value& v, std::string_view key);

// The member `key` when it is an array; an empty array otherwise.
const boost::json::array& Array(const boost::json::value& v,
                                std::string_view key);

// The zone that times are shown in: UTC unless the user asked for the
// local one (--local).
enum class Zone { kUtc, kLocal };

// "2026-11-26T20:26:29.123Z" as "2026-11-26 20:26:29Z" in UTC, or in the
// local zone (TZ) with its name, e.g. "2026-11-26 21:26:29 CET"; anything
// that is not such a time as is.
std::string DisplayTime(std::string_view rfc3339, Zone zone = Zone::kUtc);

// `text`, or "-" when it is empty.
std::string OrDash(std::string text);

}  // namespace hookwarden::cli
