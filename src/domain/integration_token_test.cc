#include "domain/integration_token.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

using auth::TokenKind;

TEST(IntegrationTokenTest, KindNamesRoundTrip) {
  EXPECT_EQ(TokenKindName(TokenKind::kIntegration), "integration");
  EXPECT_EQ(TokenKindName(TokenKind::kActivation), "activation");
  EXPECT_EQ(TokenKindName(TokenKind::kDeploy), "deploy");
  EXPECT_EQ(TokenKindName(TokenKind::kPersonal), "personal");
  for (auto kind : {TokenKind::kIntegration, TokenKind::kActivation,
                    TokenKind::kDeploy, TokenKind::kPersonal}) {
    EXPECT_EQ(ParseTokenKindName(TokenKindName(kind)), kind);
  }
  EXPECT_FALSE(ParseTokenKindName("Integration").has_value());
}

TEST(IntegrationTokenTest, CredentialTypeNamesRoundTrip) {
  EXPECT_EQ(ParseCredentialType("hits_failure"), CredentialType::kHitsFailure);
  EXPECT_EQ(ParseCredentialType("deploy"), CredentialType::kDeploy);
  EXPECT_EQ(CredentialTypeName(CredentialType::kHitsFailure), "hits_failure");
  EXPECT_FALSE(ParseCredentialType("hits").has_value());
  EXPECT_FALSE(ParseCredentialType("").has_value());
}

}  // namespace
}  // namespace hookwarden
