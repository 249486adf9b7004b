// What a data-plane token may do, looked up once per request: a token is
// given a cheap keyed hash, under which its grant is remembered; one whose
// grant is not remembered is checked for its form (prefix, length,
// checksum) before the store is asked, and its grant read from the store
// once and remembered under that hash, so that the items of a batch, whatever
// applications they name, cost no lookup each. Only a token whose grant is
// not remembered is digested (BLAKE2b) for the store.
//
// - An API activation token ("hwa_") and a ping key ("hwk_") may report for
//   every application that names their Hits/Failure credential.
// - A deploy token ("hwd_") may post deploys for its one application.
//
// A remembered grant is forgotten when the store's credentials epoch moves
// (a token regenerated, renamed, deleted or revoked, an application changed
// its credentials: on every node within a second) and after kMaxAge at most,
// as a backstop for a change notification that never arrives. Rejected
// tokens are not remembered: anyone can make up well-formed ones.
#pragma once

#include <array>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/token.h"
#include "auth/token_hasher.h"
#include "common/clock.h"
#include "common/status.h"
#include "storage/credential_store.h"
#include "storage/organization_store.h"

namespace hookwarden::ingest {

// An application a token may report for.
struct GrantedApplication {
  std::string id;
  std::string slug;
};

struct Grant {
  auth::TokenKind kind = auth::TokenKind::kActivation;
  std::string organization_id;
  std::string credential_id;
  std::optional<int64_t> expires_at;  // The token's, during a grace window.
  std::vector<GrantedApplication> applications;
  // The organization's other applications (API tokens only), to say why a
  // report for one of them is refused.
  struct Other {
    std::string id;
    std::string slug;
    bool has_credential = false;  // Some other Hits/Failure credential.
  };
  std::vector<Other> others;

  // The application named `ref` (its slug or id), or null when the token
  // may not report for it.
  const GrantedApplication* Find(std::string_view ref) const;
  // Why the token may not report for `ref`: NotFound, saying when the
  // application exists but is bound to no or another credential.
  Status Refusal(std::string_view ref) const;
};

// A presented token: the kind the endpoint takes, where its grant is
// remembered and, once Grants::Identify() has found its form right, the
// keyed digest the store knows it by.
struct PresentedToken {
  auth::TokenKind kind;
  // A 128-bit keyed hash (SipHash) under a key of this process's own: a
  // tenth of the digest's cost, and as unguessable without the key.
  using Key = std::array<unsigned char, 16>;
  Key key;
  std::optional<auth::TokenHasher::Digest> digest;
  // The digest as the store keeps it. Only after Identify().
  std::string Hash() const { return auth::TokenHasher::HexOf(*digest); }
};

class Grants {
 public:
  // All references must outlive this object. Thread-safe.
  Grants(CredentialStore& credentials, OrganizationStore& organizations,
         const auth::TokenHasher& hasher, const Clock& clock);

  // `token`, presented where tokens of `kind` are taken, with its key for
  // Peek(). Its form is not checked here: a remembered grant's token had
  // its form checked before the grant was looked up (Identify), and a
  // token's key is its own (128 bits under a key of this process's).
  // Never blocks.
  PresentedToken Present(std::string_view token, auth::TokenKind kind) const;
  // Adds the digest of `token` for LookUp(): only when Peek() did not know
  // it. The 401 of every rejected token when `token` has not the form of a
  // token of the presented kind. `token` must be the one presented; another
  // is ignored (LookUp then fails as for an unidentified token).
  Status Identify(PresentedToken& presented, std::string_view token) const;
  // The remembered grant of the token, the 401 when it has expired, or
  // nullopt when it must be looked up. Never blocks: for network threads.
  std::optional<Result<std::shared_ptr<const Grant>>> Peek(
      const PresentedToken& token) const;
  // The token's grant, remembered; the 401 when the token is not (or no
  // longer) live. May read the store (blocking). `token` must have been
  // identified (Internal otherwise).
  Result<std::shared_ptr<const Grant>> LookUp(
      const PresentedToken& token) const;

 private:
  using Key = PresentedToken::Key;
  Key KeyOf(std::string_view token) const;
  Result<Grant> Load(const PresentedToken& token) const;

  CredentialStore& credentials_;
  OrganizationStore& organizations_;
  const auth::TokenHasher& hasher_;
  const Clock& clock_;

  static constexpr size_t kMaxRemembered = 100'000;
  static constexpr std::chrono::seconds kMaxAge{5};
  struct Remembered {
    uint64_t epoch;
    std::chrono::steady_clock::time_point at;
    std::shared_ptr<const Grant> grant;
  };
  // A keyed hash is spread evenly, and no sender can aim at a bucket
  // without the key: its first bytes are its hash.
  struct KeyHash {
    size_t operator()(const Key& k) const {
      size_t h;
      std::memcpy(&h, k.data(), sizeof h);
      return h;
    }
  };
  std::array<unsigned char, 16> siphash_key_;  // Random, for this process.
  // (Never wiped: it keys a cache of this process, and dies with it.)
  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<Key, Remembered, KeyHash>
      remembered_;  // By PresentedToken::key. Guarded by mutex_.
};

}  // namespace hookwarden::ingest
