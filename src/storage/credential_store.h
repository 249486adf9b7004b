// The store's part for webhook credentials (integration tokens) and the
// tokens issued under them.
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/token.h"
#include "common/status.h"
#include "domain/application.h"
#include "domain/audit_entry.h"
#include "domain/integration_token.h"
#include "storage/unit_of_work.h"

namespace hookwarden {

class CredentialStore {
 public:
  virtual ~CredentialStore() = default;

  // --- Integration tokens (webhook credentials). A deleted credential is
  // NotFound everywhere, and no token issued under it is found.
  // Stores a new credential and, for hits/failure, its first tokens (the
  // integration token and the ping key). Conflict (field "name") when a
  // credential of the same type in the organization has the name.
  virtual Status CreateIntegrationToken(const IntegrationToken& credential,
                                        const std::vector<IssuedToken>& tokens,
                                        const AuditEntry& audit) = 0;
  // Ordered by type, then name; `hint` is the current integration token's.
  virtual Result<std::vector<IntegrationToken>> ListIntegrationTokens(
      std::string_view org_id) = 0;
  virtual Result<IntegrationToken> GetIntegrationToken(
      std::string_view org_id, std::string_view credential_id) = 0;
  // The applications that name the credential, ordered by name.
  virtual Result<std::vector<ApplicationSummary>> ApplicationsUsingCredential(
      std::string_view org_id, std::string_view credential_id) = 0;
  // Starts the credential's next generation: renames it when `new_name` is
  // set (Conflict as on create), makes every live token of earlier
  // generations expire at `old_valid_until` (an earlier expiry stays; at
  // `now` they stop at once), and mints the new generation's integration
  // token and ping key (hits/failure) or a new deploy token for every
  // application that uses it (deploy). In the same transaction, `after` gets
  // the credential as it was before and is after, with the applications that
  // use it, and queues what the change causes. Returns the credential as it is
  // after.
  using AfterRegenerate = std::function<Status(
      OutboxWriter& outbox, const IntegrationToken& before,
      const IntegrationToken& after,
      const std::vector<ApplicationSummary>& applications)>;
  virtual Result<IntegrationToken> RegenerateIntegrationToken(
      std::string_view org_id, std::string_view credential_id,
      const std::optional<std::string>& new_name, int64_t now,
      int64_t old_valid_until, const TokenMinter& mint, const AuditEntry& audit,
      const AfterRegenerate& after) = 0;
  // Marks the credential deleted and removes every token issued under it.
  // Returns the applications that used it; they keep the link, shown as
  // deleted.
  virtual Result<std::vector<ApplicationSummary>> DeleteIntegrationToken(
      std::string_view org_id, std::string_view credential_id, int64_t now,
      const AuditEntry& audit) = 0;

  // --- Tokens issued under credentials, looked up by keyed hash.
  // The token with this hash if it is live at `now`: not expired, and its
  // credential not deleted. NotFound otherwise.
  virtual Result<IssuedToken> FindIssuedToken(std::string_view token_hash,
                                              int64_t now) = 0;
  // The newest live token of `kind` under the credential (and, for deploy
  // tokens, of the application; else pass "").
  virtual Result<IssuedToken> CurrentIssuedToken(
      std::string_view credential_id, auth::TokenKind kind,
      std::string_view application_id, int64_t now) = 0;
  // Activates the API with a live integration token: returns the live
  // activation token and ping key of the same credential and generation,
  // minting each first when there is none (a credential made before ping
  // keys existed gets its first one here), and records the activation (time,
  // address, user agent) and one use of the credential, with `audit`.
  struct Activation {
    IssuedToken api_token;
    IssuedToken ping_key;
  };
  virtual Result<Activation> Activate(const IssuedToken& integration,
                                      const TokenMinter& mint, int64_t now,
                                      std::string_view from,
                                      std::string_view user_agent,
                                      const AuditEntry& audit) = 0;
  // Counts one use of the credential at `at` from address `from`.
  virtual Status RecordCredentialUse(std::string_view credential_id, int64_t at,
                                     std::string_view from) = 0;

  // A number that changes whenever a token may have stopped working or an
  // application changed its credentials (regenerate, rename, delete, revoke,
  // application changes), so that caches of "which token may do
  // what" know to forget. Thread-safe, never blocks.
  virtual uint64_t CredentialsEpoch() const = 0;
};

}  // namespace hookwarden
