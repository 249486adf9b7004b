// The rules of webhook credentials that every caller shares: how tokens are
// minted, sealed and revealed, and which presented token may do what. The
// API handlers, and the ingestion endpoints, go through this class rather
// than reading issued tokens themselves.
#pragma once

#include <chrono>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/sealer.h"
#include "auth/token.h"
#include "auth/token_hasher.h"
#include "common/clock.h"
#include "common/status.h"
#include "domain/application.h"
#include "domain/integration_token.h"
#include "storage/store.h"

namespace hookwarden {

// What a valid API activation token may do: report for this application.
struct ReportGrant {
  std::string organization_id;
  std::string credential_id;
  std::string application_id;
  std::string application_slug;
  std::optional<int64_t> expires_at;  // The token's, during a grace window.
};

// What a valid deploy token may do: post deploys for this application.
struct DeployGrant {
  IssuedToken token;
  Application application;
};

class Credentials {
 public:
  // All references must outlive this object. Thread-safe.
  Credentials(Store& store, const auth::TokenHasher& hasher,
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

  // May API activation token `api_token` report hits and failures for the
  // application `app_ref` (slug or id)? Unauthenticated for a rejected
  // token; NotFound, the same for all three, when no such application is in
  // the token's organization or it names another hits/failure credential.
  // May read the store (blocking); remembers the answer until the store's
  // credentials epoch moves, or for kMaxAnswerAge at most.
  Result<ReportGrant> AuthorizeReport(std::string_view api_token,
                                      std::string_view app_ref) const;
  // The remembered answer of AuthorizeReport, or nullopt when there is none.
  // Never blocks on the store: for the network threads.
  std::optional<Result<ReportGrant>> PeekReport(std::string_view api_token,
                                                std::string_view app_ref) const;

  // The application that deploy token `deploy_token` posts deploys for.
  // Unauthenticated for a rejected token.
  Result<DeployGrant> AuthorizeDeploy(std::string_view deploy_token) const;

  // The associated data that binds a token's sealed copy to its row.
  static std::string SealingContext(const IssuedToken& token);

 private:
  // The uncached answer.
  Result<ReportGrant> LookUpReport(std::string_view api_token,
                                   std::string_view app_ref) const;
  static std::string CacheKey(std::string_view token_hash,
                              std::string_view app_ref);

  Store& store_;
  const auth::TokenHasher& hasher_;
  const auth::Sealer& sealer_;
  const Clock& clock_;

  static constexpr size_t kMaxCachedAnswers = 100'000;
  static constexpr size_t kMaxApplicationRef = 64;
  // The epoch is what makes a change forgotten (within a second on other
  // nodes, through the store's notifications); the age limit is a backstop
  // for a notification that never arrives (a listener connection that hangs
  // on a broken network without noticing). Re-checking a busy token every
  // few seconds costs one read per token and application, nothing to the
  // hot path.
  static constexpr std::chrono::seconds kMaxAnswerAge{5};
  struct Cached {
    uint64_t epoch;
    std::chrono::steady_clock::time_point at;
    Result<ReportGrant> answer;
  };
  mutable std::shared_mutex cache_mutex_;
  mutable std::unordered_map<std::string, Cached>
      cache_;  // Guarded by cache_mutex_.
};

// The 401 every rejected token gets.
Status TokenRejected();

}  // namespace hookwarden
