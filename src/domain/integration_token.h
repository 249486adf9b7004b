// Webhook credentials ("Integration Tokens" on the Settings page) and the
// tokens issued under them.
//
// A credential has a generation; regenerating or renaming it starts a new
// generation and makes every token of the old one invalid (at once, or at
// the end of a grace window). Tokens are stored only as a keyed hash (for
// lookup) and a sealed copy (to show again).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/token.h"

namespace hookwarden {

enum class CredentialType { kHitsFailure, kDeploy };

// "hits_failure" or "deploy".
std::string_view CredentialTypeName(CredentialType type);
std::optional<CredentialType> ParseCredentialType(std::string_view name);

// "integration", "activation", "deploy", "personal" or "ping".
std::string_view TokenKindName(auth::TokenKind kind);
std::optional<auth::TokenKind> ParseTokenKindName(std::string_view name);

struct IntegrationToken {
  std::string id;  // "itk_..."
  std::string organization_id;
  CredentialType type = CredentialType::kHitsFailure;
  std::string name;
  int64_t generation = 1;
  int64_t created_at = 0;
  std::string created_by;  // Username.
  int64_t updated_at = 0;
  std::optional<int64_t> activated_at;
  std::string activated_from;
  std::string activated_user_agent;
  std::optional<int64_t> last_used_at;
  std::string last_used_from;
  int64_t use_count = 0;        // Requests made with its tokens.
  int64_t throttled_count = 0;  // Of those, refused by the rate limit.
  std::string hint;  // Of the current integration token; empty for deploy.
};

// A token issued under a credential: the integration token itself, the API
// activation token, the ping key (Hits/Failure credentials: one per
// generation, minted with its integration token), or an application's deploy
// token.
struct IssuedToken {
  std::string token_hash;
  auth::TokenKind kind = auth::TokenKind::kIntegration;
  std::string organization_id;
  std::string credential_id;
  std::string application_id;  // Deploy tokens only; else empty.
  int64_t generation = 1;
  std::string sealed;  // The value, sealed under the master key.
  std::string hint;
  int64_t created_at = 0;
  std::optional<int64_t> expires_at;  // Set once its credential moved on.
};

// Makes a new token of `kind` for a credential's `generation` (and, for
// deploy tokens, an application), returning it hashed and sealed. Called by
// the store inside its transaction; must not touch the store.
using TokenMinter = std::function<IssuedToken(
    auth::TokenKind kind, const std::string& credential_id, int64_t generation,
    const std::string& application_id)>;

// How an application refers to a credential.
struct CredentialLink {
  std::string id;
  std::string name;
  bool deleted = false;
};

}  // namespace hookwarden
