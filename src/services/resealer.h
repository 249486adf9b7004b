// Re-sealing every value the store keeps sealed (secrets variables, the
// tokens issued under credentials, channels' signing secrets, the
// token-hashing key) under the newest
// master key, for `hookwarden admin rotate-master-key`.
#pragma once

#include <cstdint>

#include "auth/sealer.h"
#include "common/status.h"
#include "storage/sealed_store.h"

namespace hookwarden {

struct ResealCounts {
  int64_t secrets = 0;
  int64_t issued_tokens = 0;
  int64_t settings = 0;
  int64_t channel_signing_secrets = 0;
  int64_t total() const {
    return secrets + issued_tokens + settings + channel_signing_secrets;
  }
  ResealCounts& operator+=(const ResealCounts& other);
};

class Resealer {
 public:
  // `sealer` must not reload its keys (its newest key stays the target).
  // Both must outlive this object.
  Resealer(SealedStore& store, const auth::Sealer& sealer, int batch_rows = 100)
      : store_(store), sealer_(sealer), batch_rows_(batch_rows) {}

  // Ok when the store's token-hashing key opens under the sealer's keys (or
  // the store has none yet): the keys and the store belong together.
  // Invalid (field "master_key") otherwise.
  Status CheckKeysFitStore() const;

  // Re-seals every value not sealed under the newest key, with the same
  // associated data, in transactions of at most `batch_rows` rows, each row
  // replaced only if nobody changed it meanwhile. Safe while servers read
  // and write the store. Returns how many rows changed. Internal, naming the
  // row (never its value), when a value opens under none of the keys; the
  // rows re-sealed before stay so.
  Result<ResealCounts> ResealAll() const;

 private:
  Result<int64_t> ResealSecrets(const std::string& prefix) const;
  Result<int64_t> ResealIssuedTokens(const std::string& prefix) const;
  Result<int64_t> ResealSettings(const std::string& prefix) const;
  Result<int64_t> ResealChannelSigningSecrets(const std::string& prefix) const;

  SealedStore& store_;
  const auth::Sealer& sealer_;
  int batch_rows_;
};

}  // namespace hookwarden
