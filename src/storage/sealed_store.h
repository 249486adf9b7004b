// The store's part for values kept sealed: server settings, Secrets
// Variables and re-sealing them under a new master key.
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/audit_entry.h"
#include "domain/channel.h"
#include "domain/integration_token.h"
#include "domain/secret.h"

namespace hookwarden {

class SealedStore {
 public:
  virtual ~SealedStore() = default;

  // --- Server settings: small values the server keeps for itself.
  // Returns the value stored under `key`, storing `value` first when there
  // was none (the first writer wins, also across several servers).
  virtual Result<std::string> GetOrInsertSetting(std::string_view key,
                                                 std::string_view value) = 0;

  // --- Secrets variables. Ordered by name; `used_by` lists the channels
  // whose text names the secret, ordered by name.
  // Stores a new secret. Conflict (field "name") when the organization has a
  // secret of that name.
  virtual Status CreateSecret(const Secret& secret,
                              const AuditEntry& audit) = 0;
  virtual Result<std::vector<Secret>> ListSecrets(std::string_view org_id) = 0;
  // With its sealed value. NotFound when the organization has no such secret.
  virtual Result<Secret> GetSecret(std::string_view org_id,
                                   std::string_view name) = 0;
  // NotFound when absent. Unless `force`, Conflict (field "name", naming
  // them) while channels use the secret.
  virtual Status DeleteSecret(std::string_view org_id, std::string_view name,
                              bool force, const AuditEntry& audit) = 0;

  // --- Re-sealing under a new master key (admin rotate-master-key). Each
  // lister returns up to `limit` rows whose sealed value does not start
  // with `prefix` (the new key's prefix), without `used_by`: call again
  // until none is left.
  virtual Result<std::vector<Secret>> SecretsSealedOtherwise(
      std::string_view prefix, int limit) = 0;
  virtual Result<std::vector<IssuedToken>> IssuedTokensSealedOtherwise(
      std::string_view prefix, int limit) = 0;
  // Channels (without `applications`) whose signing secret is sealed so.
  virtual Result<std::vector<Channel>> ChannelsSealedOtherwise(
      std::string_view prefix, int limit) = 0;
  // The setting's value; NotFound when there is none.
  virtual Result<std::string> GetSetting(std::string_view key) = 0;
  // Where a sealed value is kept.
  enum class SealedPlace {
    kSecret,
    kIssuedToken,
    kSetting,
    kChannelSigningSecret
  };
  // One sealed value to replace: `key` names the row within the organization
  // (a secret's name, an issued token's hash, a setting's key with an empty
  // organization id, a channel's id). The row changes only while its value is
  // still `from`.
  struct Reseal {
    std::string organization_id;
    std::string key;
    std::string from;
    std::string to;
  };
  // Replaces the sealed values in one transaction; returns how many rows
  // changed (a row changed or removed meanwhile is left alone).
  virtual Result<int64_t> ReplaceSealed(SealedPlace place,
                                        const std::vector<Reseal>& changes) = 0;
};

}  // namespace hookwarden
