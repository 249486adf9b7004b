// Bytes as lowercase hex, two digits a byte, and back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hookwarden {

// `plain` as lowercase hex. Not constant-time: for digests and ids, not
// for secrets. Pure.
std::string HexText(std::string_view plain);
// The bytes of `text`; nullopt for anything but an even count of lowercase
// hex digits. Pure.
std::optional<std::string> FromHexText(std::string_view text);

}  // namespace hookwarden
