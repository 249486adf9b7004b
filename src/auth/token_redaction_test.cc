#include "auth/token_redaction.h"

#include <gtest/gtest.h>

#include "auth/token.h"

namespace hookwarden::auth {
namespace {

// True when `text` holds any 8-character piece of `token`'s secret part
// (after its 4-char prefix).
bool HoldsPieceOf(const std::string& text, const std::string& token) {
  for (size_t i = 4; i + 8 <= token.size(); ++i) {
    if (text.find(token.substr(i, 8)) != std::string::npos) return true;
  }
  return false;
}

TEST(TokenRedactionTest, EveryKindOfTokenInAPathIsCutToItsPrefix) {
  for (TokenKind kind : kAllTokenKinds) {
    std::string token = MintToken(kind);
    std::string redacted = RedactTokens("/ping/" + token + "/backup/fail");
    EXPECT_EQ(redacted, "/ping/" + std::string(TokenPrefix(kind)) +
                            std::string(kRedactedMarker) + "/backup/fail");
    EXPECT_FALSE(HoldsPieceOf(redacted, token));
  }
}

TEST(TokenRedactionTest, TokensAnywhereAndPercentEncodedAreRedacted) {
  std::string key = MintToken(TokenKind::kPing);
  std::string badge = MintToken(TokenKind::kActivation);
  std::string encoded = "%" + std::string("68") + key.substr(1);  // "%68wk_"
  std::string path = "/" + key + "/x/" + encoded + "/" + badge;
  std::string redacted = RedactTokens(path);
  EXPECT_EQ(redacted, "/hwk_[redacted]/x/hwk_[redacted]/hwa_[redacted]");
  EXPECT_FALSE(HoldsPieceOf(redacted, key));
  EXPECT_FALSE(HoldsPieceOf(redacted, badge));
}

TEST(TokenRedactionTest, OtherSegmentsAndTheQueryAreKept) {
  EXPECT_EQ(RedactTokens("/api/v1/orgs/acme/applications"),
            "/api/v1/orgs/acme/applications");
  EXPECT_EQ(RedactTokens("/"), "/");
  EXPECT_EQ(RedactTokens(""), "");
  EXPECT_EQ(RedactTokens("/a//b/"), "/a//b/");
  EXPECT_EQ(RedactTokens("/status/acme/x?rid=1"), "/status/acme/x?rid=1");
  EXPECT_EQ(RedactTokens("/api/hwk_"), "/api/hwk_");
  EXPECT_EQ(RedactTokens("/hwx_abcdefgh"), "/hwx_abcdefgh");
  // Only the key's place of a ping or badge URL is keyed, and only there.
  EXPECT_EQ(RedactTokens("/ping"), "/ping");
  EXPECT_EQ(RedactTokens("/ping//app"), "/ping//app");
  EXPECT_EQ(RedactTokens("/x/ping/abc/app"), "/x/ping/abc/app");
}

TEST(TokenRedactionTest, WhateverStandsWhereAPingOrBadgeKeyGoesIsRedacted) {
  std::string key = MintToken(TokenKind::kPing);
  std::string badge = MintToken(TokenKind::kBadge);
  // The prefix lost, mangled or in capitals: no prefix rule sees a token.
  for (const std::string& near :
       {key.substr(1), "%20" + key, "HWK_" + key.substr(4),
        key.substr(2) + "%zz"}) {
    std::string redacted = RedactTokens("/ping/" + near + "/app/fail?rid=7");
    EXPECT_EQ(redacted, "/ping/[redacted]/app/fail?rid=7") << near;
    EXPECT_FALSE(HoldsPieceOf(redacted, key)) << near;
  }
  std::string redacted = RedactTokens("/Badge/" + badge.substr(1) + "/web.svg");
  EXPECT_EQ(redacted, "/Badge/[redacted]/web.svg");
  EXPECT_FALSE(HoldsPieceOf(redacted, badge));
  EXPECT_EQ(RedactTokens("/ping/x?rid=1"), "/ping/[redacted]?rid=1");
}

TEST(TokenRedactionTest, MistypedAndCutTokensAreRedactedToo) {
  std::string key = MintToken(TokenKind::kPing);
  std::string typo = key;
  typo[10] = typo[10] == 'a' ? 'b' : 'a';
  ASSERT_FALSE(ParseToken(typo));
  EXPECT_EQ(RedactTokens("/ping/" + typo + "/app"), "/ping/hwk_[redacted]/app");
  EXPECT_EQ(RedactTokens("/ping/" + key.substr(0, 20)), "/ping/hwk_[redacted]");
  EXPECT_EQ(RedactTokens("/ping/" + key + "x"), "/ping/hwk_[redacted]");
}

}  // namespace
}  // namespace hookwarden::auth
