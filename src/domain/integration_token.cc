#include "domain/integration_token.h"

namespace hookwarden {

std::string_view CredentialTypeName(CredentialType type) {
  return type == CredentialType::kDeploy ? "deploy" : "hits_failure";
}

std::optional<CredentialType> ParseCredentialType(std::string_view name) {
  if (name == "hits_failure") return CredentialType::kHitsFailure;
  if (name == "deploy") return CredentialType::kDeploy;
  return std::nullopt;
}

std::string_view TokenKindName(auth::TokenKind kind) {
  switch (kind) {
    case auth::TokenKind::kIntegration:
      return "integration";
    case auth::TokenKind::kActivation:
      return "activation";
    case auth::TokenKind::kDeploy:
      return "deploy";
    case auth::TokenKind::kBadge:
      return "badge";
    case auth::TokenKind::kPing:
      return "ping";
    case auth::TokenKind::kPersonal:
      break;
  }
  return "personal";
}

std::optional<auth::TokenKind> ParseTokenKindName(std::string_view name) {
  for (auto kind : auth::kAllTokenKinds) {
    if (TokenKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace hookwarden
