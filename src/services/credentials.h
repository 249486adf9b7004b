// The rules of webhook credentials that every caller shares: how tokens are
// minted, sealed and revealed, and which presented token is live. The API
// handlers go through this class rather than reading issued tokens
// themselves; the data plane's grants are ingest/grants.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/sealer.h"
#include "auth/token.h"
#include "auth/token_hasher.h"
#include "common/clock.h"
#include "common/status.h"
#include "domain/integration_token.h"
#include "storage/credential_store.h"

namespace hookwarden {

class Credentials {
 public:
  // All references must outlive this object. Thread-safe.
  Credentials(CredentialStore& store, const auth::TokenHasher& hasher,
              const auth::Sealer& sealer, const Clock& clock)
      : store_(store), hasher_(hasher), sealer_(sealer), clock_(clock) {}

  // Mints tokens for organization `org_id`: a fresh random token, its keyed
  // hash, its sealed copy and its hint.
  TokenMinter MinterFor(std::string org_id) const;

  // The plain value of an issued token. Internal when the sealed copy does
  // not open (another master key, or a copy moved to another row).
  Result<std::string> Reveal(const IssuedToken& token) const;

  // The live issued token that `presented` is, when it is of `kind`.
  // Malformed tokens (wrong prefix, length or checksum) are rejected before
  // any lookup. Every rejection is the same Unauthenticated status.
  Result<IssuedToken> Authenticate(std::string_view presented,
                                   auth::TokenKind kind) const;

  // The associated data that binds a token's sealed copy to its row.
  static std::string SealingContext(const IssuedToken& token);

 private:
  CredentialStore& store_;
  const auth::TokenHasher& hasher_;
  const auth::Sealer& sealer_;
  const Clock& clock_;
};

// The 401 every rejected token gets.
Status TokenRejected();

}  // namespace hookwarden
