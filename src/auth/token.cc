#include "auth/token.h"

#include <array>
#include <cstdint>

#include "auth/crc32.h"
#include "auth/random.h"

namespace hookwarden::auth {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::size_t kPrefixLength = 4;
constexpr std::size_t kRandomLength = 32;
constexpr std::size_t kChecksumLength = 6;
constexpr std::size_t kBodyLength = kPrefixLength + kRandomLength;
static_assert(kBodyLength + kChecksumLength == kTokenLength);

// The value of each byte as a base62 digit; -1 for a byte that is none.
constexpr std::array<signed char, 256> kBase62Values = [] {
  std::array<signed char, 256> values{};
  values.fill(-1);
  for (std::size_t i = 0; i < kBase62.size(); ++i) {
    values[static_cast<unsigned char>(kBase62[i])] =
        static_cast<signed char>(i);
  }
  return values;
}();

// Value of a base62 digit, or -1 if `c` is not one.
int Base62Value(char c) { return kBase62Values[static_cast<unsigned char>(c)]; }

// The 6-digit base62 checksum of `body` (prefix + random part).
std::string Checksum(std::string_view body) {
  std::uint32_t value = Crc32(body);
  std::string digits(kChecksumLength, '0');
  for (std::size_t i = kChecksumLength; i-- > 0;) {
    digits[i] = kBase62[value % 62];
    value /= 62;
  }
  return digits;
}

}  // namespace

std::string_view TokenPrefix(TokenKind kind) {
  switch (kind) {
    case TokenKind::kIntegration:
      return "hwi_";
    case TokenKind::kActivation:
      return "hwa_";
    case TokenKind::kDeploy:
      return "hwd_";
    case TokenKind::kPersonal:
      return "hwp_";
    case TokenKind::kBadge:
      return "hwb_";
    case TokenKind::kPing:
      return "hwk_";
  }
  return "hw?_";  // Unreachable for a valid enumerator.
}

std::string MintToken(TokenKind kind) {
  std::string token(TokenPrefix(kind));
  token += RandomBase62(kRandomLength);
  token += Checksum(token);
  return token;
}

std::optional<TokenKind> ParseToken(std::string_view token) {
  if (token.size() != kTokenLength) return std::nullopt;
  std::optional<TokenKind> kind;
  for (TokenKind k : kAllTokenKinds) {
    if (token.substr(0, kPrefixLength) == TokenPrefix(k)) kind = k;
  }
  if (!kind) return std::nullopt;
  // Decode the checksum as a number rather than comparing strings, and do it
  // in 64 bits: 62^6 > 2^32, so every change to a checksum digit changes the
  // value and is caught.
  std::uint64_t checksum = 0;
  for (std::size_t i = kPrefixLength; i < kTokenLength; ++i) {
    int v = Base62Value(token[i]);
    if (v < 0) return std::nullopt;
    if (i >= kBodyLength) checksum = checksum * 62 + static_cast<unsigned>(v);
  }
  if (checksum != Crc32(token.substr(0, kBodyLength))) return std::nullopt;
  return kind;
}

std::string TokenHint(std::string_view token) {
  if (token.size() < 8) return "...";
  std::string hint(token.substr(0, 4));
  hint += "...";
  hint += token.substr(token.size() - 4);
  return hint;
}

}  // namespace hookwarden::auth
