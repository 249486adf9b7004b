#include "common/hex.h"

namespace hookwarden {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

}  // namespace

std::string HexText(std::string_view plain) {
  std::string out(plain.size() * 2, '0');
  for (size_t i = 0; i < plain.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(plain[i]);
    out[2 * i] = kHex[c >> 4];
    out[2 * i + 1] = kHex[c & 0xf];
  }
  return out;
}

std::optional<std::string> FromHexText(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string plain;
  plain.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    size_t hi = kHex.find(text[i]);
    size_t lo = kHex.find(text[i + 1]);
    if (hi == std::string_view::npos || lo == std::string_view::npos) {
      return std::nullopt;
    }
    plain += static_cast<char>(hi << 4 | lo);
  }
  return plain;
}

}  // namespace hookwarden
