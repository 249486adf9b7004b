#include "auth/token.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>

#include "auth/crc32.h"

namespace hookwarden::auth {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

constexpr auto kKinds = kAllTokenKinds;

// `body` (prefix + 32 chars) followed by its correct checksum, computed here
// independently of token.cc.
std::string WithChecksum(const std::string& body) {
  std::uint32_t value = Crc32(body);
  std::string digits(6, '0');
  for (int i = 5; i >= 0; --i) {
    digits[i] = kBase62[value % 62];
    value /= 62;
  }
  return body + digits;
}

TEST(TokenTest, Prefixes) {
  EXPECT_EQ(TokenPrefix(TokenKind::kIntegration), "hwi_");
  EXPECT_EQ(TokenPrefix(TokenKind::kActivation), "hwa_");
  EXPECT_EQ(TokenPrefix(TokenKind::kDeploy), "hwd_");
  EXPECT_EQ(TokenPrefix(TokenKind::kPersonal), "hwp_");
  EXPECT_EQ(TokenPrefix(TokenKind::kBadge), "hwb_");
  EXPECT_EQ(TokenPrefix(TokenKind::kPing), "hwk_");
}

TEST(TokenTest, MintedTokensRoundTripForEveryKind) {
  for (TokenKind kind : kKinds) {
    std::string token = MintToken(kind);
    ASSERT_EQ(token.size(), 42u);
    EXPECT_EQ(token.substr(0, 4), TokenPrefix(kind));
    for (char c : token.substr(4)) {
      EXPECT_NE(kBase62.find(c), std::string_view::npos) << token;
    }
    std::optional<TokenKind> parsed = ParseToken(token);
    ASSERT_TRUE(parsed.has_value()) << token;
    EXPECT_EQ(*parsed, kind);
  }
}

// Checksum computed independently with Python's zlib.crc32 and base62
// encoding, most significant digit first.
TEST(TokenTest, GoldenToken) {
  const std::string golden = "hwi_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1Ub8Or";
  ASSERT_EQ(golden.size(), 42u);
  EXPECT_EQ(ParseToken(golden), TokenKind::kIntegration);
  // Same body under another prefix: the checksum covers the prefix.
  EXPECT_EQ(ParseToken("hwp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1Ub8Or"),
            std::nullopt);
}

TEST(TokenTest, TwoMintedTokensDiffer) {
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) tokens.insert(MintToken(TokenKind::kDeploy));
  EXPECT_EQ(tokens.size(), 100u);
}

TEST(TokenTest, EverySingleCharacterTypoIsRejected) {
  // Substitute every position with every base62 char, plus a few others.
  std::string alphabet(kBase62);
  alphabet += "_-+/= .\xff";
  alphabet.push_back('\0');
  for (TokenKind kind : kKinds) {
    const std::string token = MintToken(kind);
    int tried = 0;
    for (std::size_t i = 0; i < token.size(); ++i) {
      for (char c : alphabet) {
        if (c == token[i]) continue;
        std::string typo = token;
        typo[i] = c;
        ++tried;
        EXPECT_EQ(ParseToken(typo), std::nullopt)
            << "position " << i << " in " << typo;
      }
    }
    EXPECT_GT(tried, 42 * 61);
  }
}

TEST(TokenTest, AdjacentTranspositionsAreRejected) {
  const std::string token = MintToken(TokenKind::kIntegration);
  for (std::size_t i = 0; i + 1 < token.size(); ++i) {
    if (token[i] == token[i + 1]) continue;
    std::string typo = token;
    std::swap(typo[i], typo[i + 1]);
    EXPECT_EQ(ParseToken(typo), std::nullopt) << typo;
  }
}

TEST(TokenTest, WrongLengthIsRejected) {
  const std::string token = MintToken(TokenKind::kPersonal);
  for (std::size_t n = 0; n < token.size(); ++n) {
    EXPECT_EQ(ParseToken(token.substr(0, n)), std::nullopt) << n;
  }
  EXPECT_EQ(ParseToken(token + "0"), std::nullopt);
  EXPECT_EQ(ParseToken(token + token), std::nullopt);
  EXPECT_EQ(ParseToken(" " + token), std::nullopt);
  EXPECT_EQ(ParseToken(token + "\n"), std::nullopt);
  // Dropping one char from the middle keeps neither length nor checksum.
  EXPECT_EQ(ParseToken(token.substr(0, 10) + token.substr(11)), std::nullopt);
}

TEST(TokenTest, UnknownPrefixIsRejected) {
  const std::string token = MintToken(TokenKind::kIntegration);
  for (std::string prefix : {"hwx_", "HWI_", "hwi-", "xwi_", "hw__", "hwI_"}) {
    EXPECT_EQ(ParseToken(prefix + token.substr(4)), std::nullopt) << prefix;
  }
}

TEST(TokenTest, NonBase62CharactersAreRejectedEvenWithMatchingLength) {
  // Each string is 42 chars but contains a non-base62 char after the prefix.
  std::string bad = "hwi_" + std::string(31, 'A') + "-" + "000000";
  ASSERT_EQ(bad.size(), 42u);
  EXPECT_EQ(ParseToken(bad), std::nullopt);
  std::string nul = "hwi_" + std::string(32, 'A') + std::string(6, '\0');
  EXPECT_EQ(ParseToken(nul), std::nullopt);
}

TEST(TokenTest, NonBase62BodyIsRejectedEvenWithCorrectChecksum) {
  const std::string good = WithChecksum("hwa_" + std::string(32, 'x'));
  ASSERT_EQ(ParseToken(good), TokenKind::kActivation);
  for (char c : std::string("-_+/=. ~\x80\xff")) {
    std::string body = "hwa_" + std::string(32, 'x');
    body[20] = c;
    const std::string token = WithChecksum(body);
    ASSERT_EQ(token.size(), 42u);
    EXPECT_EQ(ParseToken(token), std::nullopt) << token;
  }
  std::string with_nul = "hwa_" + std::string(32, 'x');
  with_nul[4] = '\0';
  EXPECT_EQ(ParseToken(WithChecksum(with_nul)), std::nullopt);
}

TEST(TokenTest, ArbitraryInputIsHandled) {
  // Run under ASan to check bounds; here it must simply never accept.
  EXPECT_EQ(ParseToken(""), std::nullopt);
  EXPECT_EQ(ParseToken("h"), std::nullopt);
  EXPECT_EQ(ParseToken("hwi_"), std::nullopt);
  EXPECT_EQ(ParseToken(std::string_view()), std::nullopt);
  EXPECT_EQ(ParseToken(std::string(42, '\0')), std::nullopt);
  EXPECT_EQ(ParseToken(std::string(100000, 'A')), std::nullopt);
}

TEST(TokenTest, HintShowsOnlyPrefixAndLastFourChars) {
  for (TokenKind kind : kKinds) {
    const std::string token = MintToken(kind);
    const std::string hint = TokenHint(token);
    EXPECT_EQ(hint, token.substr(0, 4) + "..." + token.substr(38));
    EXPECT_EQ(hint.size(), 11u);
    // No 5-char run of the random middle appears in the hint.
    const std::string middle = token.substr(4, 32);
    for (std::size_t i = 0; i + 5 <= middle.size(); ++i) {
      EXPECT_EQ(hint.find(middle.substr(i, 5)), std::string::npos);
    }
  }
  EXPECT_EQ(TokenHint("hwi_...x9Qa-long"), "hwi_...long");
  EXPECT_EQ(TokenHint("abcdefgh"), "abcd...efgh");
}

TEST(TokenTest, HintOfShortStringIsDotsOnly) {
  EXPECT_EQ(TokenHint(""), "...");
  EXPECT_EQ(TokenHint("abc"), "...");
  EXPECT_EQ(TokenHint("abcdefg"), "...");
}

}  // namespace
}  // namespace hookwarden::auth
