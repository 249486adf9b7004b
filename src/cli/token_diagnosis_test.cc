#include "cli/token_diagnosis.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "auth/crc32.h"
#include "auth/token.h"

namespace hookwarden::cli {
namespace {

using auth::TokenKind;

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// A well-formed integration token, minted for this run.
const std::string kMinted = auth::MintToken(TokenKind::kIntegration);

// `body` (prefix + 32 chars) followed by its correct checksum.
std::string WithChecksum(const std::string& body) {
  std::uint32_t value = auth::Crc32(body);
  std::string digits(6, '0');
  for (int i = 5; i >= 0; --i) {
    digits[i] = kBase62[value % 62];
    value /= 62;
  }
  return body + digits;
}

std::string Problem(std::string_view token) {
  return DiagnoseToken(token).problem;
}

TEST(TokenDiagnosisTest, WellFormedTokensGiveTheirKind) {
  for (TokenKind kind : auth::kAllTokenKinds) {
    TokenDiagnosis d = DiagnoseToken(auth::MintToken(kind));
    ASSERT_TRUE(d.ok()) << d.problem;
    EXPECT_EQ(*d.kind, kind);
    EXPECT_EQ(d.problem, "");
  }
  EXPECT_EQ(DiagnoseToken(kMinted).kind, TokenKind::kIntegration);
  EXPECT_EQ(DiagnoseToken(WithChecksum("hwd_" + std::string(32, 'z'))).kind,
            TokenKind::kDeploy);
}

TEST(TokenDiagnosisTest, Empty) {
  TokenDiagnosis d = DiagnoseToken("");
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(d.problem, "empty token");
}

TEST(TokenDiagnosisTest, UnknownPrefixShowsOnlyThePrefix) {
  std::string token = "ghp_" + std::string(kMinted.substr(4));
  EXPECT_EQ(Problem(token),
            "unknown prefix \"ghp_\" (expected hwi_, hwa_, hwd_, hwp_, hwb_ or "
            "hwk_)");
  EXPECT_EQ(Problem("HWI_" + std::string(kMinted.substr(4)))
                .find("unknown prefix \"HWI_\""),
            0u);
  // Checked before the length: a foreign token of any length.
  EXPECT_EQ(Problem("xoxb-1234").find("unknown prefix \"xoxb\""), 0u);
}

TEST(TokenDiagnosisTest, UnknownPrefixIsEscaped) {
  std::string problem = Problem(std::string("\x1b[2J", 4) + "rest");
  EXPECT_EQ(problem.find('\x1b'), std::string::npos) << problem;
  EXPECT_NE(problem.find("\\x1b[2J"), std::string::npos) << problem;
  EXPECT_NE(Problem(std::string("a\0b\"", 4)).find("\"a\\x00b\\\"\""),
            std::string::npos);
}

TEST(TokenDiagnosisTest, WrongLength) {
  std::string golden = kMinted;
  EXPECT_EQ(Problem(golden.substr(0, 41)),
            "wrong length: 41 characters, expected 42");
  EXPECT_EQ(Problem(golden + "\n"), "wrong length: 43 characters, expected 42");
  EXPECT_EQ(Problem("hwi_"), "wrong length: 4 characters, expected 42");
  // Shorter than a prefix: only the length can be judged.
  EXPECT_EQ(Problem("hw"), "wrong length: 2 characters, expected 42");
  EXPECT_EQ(Problem(golden + golden).find("wrong length: 84 characters"), 0u);
}

TEST(TokenDiagnosisTest, InvalidCharacterGivesItsOneBasedPosition) {
  std::string token(kMinted);
  token[16] = '-';
  EXPECT_EQ(Problem(token),
            "invalid character at position 17 (expected 0-9, A-Z or a-z)");
  token = std::string(kMinted);
  token[41] = ' ';
  EXPECT_EQ(Problem(token).find("invalid character at position 42"), 0u);
  token = std::string(kMinted);
  token[4] = '\0';
  EXPECT_EQ(Problem(token).find("invalid character at position 5"), 0u);
  // Only the first one is reported.
  token = std::string(kMinted);
  token[30] = '_';
  token[10] = '\xff';
  EXPECT_EQ(Problem(token).find("invalid character at position 11"), 0u);
}

TEST(TokenDiagnosisTest, ChecksumMismatch) {
  std::string token(kMinted);
  token[20] = token[20] == 'B' ? 'C' : 'B';
  EXPECT_EQ(Problem(token).find("checksum mismatch"), 0u);
  // The same body under another prefix: the checksum covers the prefix.
  EXPECT_EQ(Problem("hwp_" + std::string(kMinted.substr(4)))
                .find("checksum mismatch"),
            0u);
}

TEST(TokenDiagnosisTest, ProblemsNeverRevealTheSecretPart) {
  const std::string token = auth::MintToken(TokenKind::kActivation);
  const std::string secret = token.substr(4);
  std::vector<std::string> broken = {
      std::string(1, 'x').append(token, 1), token.substr(0, 41), token + "A",
      token.substr(0, 20) + "!" + token.substr(21),
      token.substr(0, 41) + (token[41] == 'A' ? "B" : "A")};
  for (const std::string& b : broken) {
    std::string problem = Problem(b);
    ASSERT_FALSE(problem.empty()) << b;
    for (std::size_t i = 0; i + 5 <= secret.size(); ++i) {
      EXPECT_EQ(problem.find(secret.substr(i, 5)), std::string::npos)
          << problem;
    }
  }
}

// DiagnoseToken must agree with auth::ParseToken on every single-character
// change of a good token, whatever the reason it gives.
TEST(TokenDiagnosisTest, AgreesWithParseToken) {
  const std::string token = auth::MintToken(TokenKind::kDeploy);
  std::string alphabet(kBase62);
  alphabet += "_-+/= .\xff";
  alphabet.push_back('\0');
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (char c : alphabet) {
      std::string changed = token;
      changed[i] = c;
      TokenDiagnosis d = DiagnoseToken(changed);
      EXPECT_EQ(d.kind, auth::ParseToken(changed)) << i << " " << c;
      EXPECT_EQ(d.ok(), d.problem.empty());
    }
  }
  for (std::size_t n = 0; n <= token.size(); ++n) {
    EXPECT_EQ(DiagnoseToken(token.substr(0, n)).kind,
              auth::ParseToken(token.substr(0, n)));
  }
}

}  // namespace
}  // namespace hookwarden::cli
