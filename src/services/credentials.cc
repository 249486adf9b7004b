#include "services/credentials.h"

namespace hookwarden {

Status TokenRejected() {
  return Status::Unauthenticated("missing or invalid credentials");
}

std::string Credentials::SealingContext(const IssuedToken& t) {
  // Binds a sealed copy to its row: moved elsewhere, it does not open.
  return "issued-token\n" + t.organization_id + "\n" + t.credential_id + "\n" +
         t.application_id + "\n" + std::string(TokenKindName(t.kind));
}

TokenMinter Credentials::MinterFor(std::string org_id) const {
  return [this, org_id = std::move(org_id)](
             auth::TokenKind kind, const std::string& credential_id,
             int64_t generation, const std::string& application_id) {
    std::string value = auth::MintToken(kind);
    IssuedToken t;
    t.token_hash = hasher_.Hash(value);
    t.kind = kind;
    t.organization_id = org_id;
    t.credential_id = credential_id;
    t.application_id = application_id;
    t.generation = generation;
    t.hint = auth::TokenHint(value);
    t.created_at = clock_.NowMillis();
    t.sealed = sealer_.Seal(value, SealingContext(t));
    return t;
  };
}

Result<std::string> Credentials::Reveal(const IssuedToken& token) const {
  auto value = sealer_.Open(token.sealed, SealingContext(token));
  if (!value) return Status::Internal("a stored token does not open");
  return *value;
}

Result<IssuedToken> Credentials::Authenticate(std::string_view presented,
                                              auth::TokenKind kind) const {
  if (auth::ParseToken(presented) != kind) return TokenRejected();
  auto token =
      store_.FindIssuedToken(hasher_.Hash(presented), clock_.NowMillis());
  if (!token.ok()) {
    if (token.status().code() == ErrorCode::kNotFound) return TokenRejected();
    return token.status();
  }
  if (token->kind != kind) return TokenRejected();
  return token;
}

}  // namespace hookwarden
