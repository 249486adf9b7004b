#include "services/resealer.h"

#include <sodium.h>

#include <functional>
#include <string>
#include <vector>

#include "auth/signature.h"
#include "services/credentials.h"
#include "services/secrets.h"
#include "services/token_hash_key.h"

namespace hookwarden {
namespace {

// One row's sealed value and what binds it to the row.
struct Sealed {
  SealedStore::Reseal
      where;  // organization_id, key and from; `to` filled here.
  std::string associated_data;
  std::string describe;  // Names the row in an error (never the value).
};

// The Reseal for `s` under `sealer`'s newest key, or Internal.
Result<SealedStore::Reseal> Reseal(const auth::Sealer& sealer, Sealed s) {
  std::optional<std::string> plain =
      sealer.Open(s.where.from, s.associated_data);
  if (!plain) {
    return Status::Internal(s.describe +
                            " does not open under any of the master keys");
  }
  s.where.to = sealer.Seal(*plain, s.associated_data);
  sodium_memzero(plain->data(), plain->size());
  return s.where;
}

// Re-seals batches of `list()` until it returns none. Two batches in a row
// that change nothing mean the rows keep changing under us: Internal.
template <class Row>
Result<int64_t> ResealBatches(
    SealedStore& store, const auth::Sealer& sealer,
    SealedStore::SealedPlace place,
    const std::function<Result<std::vector<Row>>()>& list,
    const std::function<Sealed(const Row&)>& describe) {
  int64_t changed = 0;
  int idle = 0;
  for (;;) {
    auto rows = list();
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return changed;
    std::vector<SealedStore::Reseal> changes;
    for (const Row& row : *rows) {
      auto reseal = Reseal(sealer, describe(row));
      if (!reseal.ok()) return reseal.status();
      changes.push_back(std::move(reseal.value()));
    }
    auto n = store.ReplaceSealed(place, changes);
    if (!n.ok()) return n.status();
    changed += *n;
    idle = *n == 0 ? idle + 1 : 0;
    if (idle >= 2) {
      return Status::Internal(
          "sealed values keep changing while they are re-sealed");
    }
  }
}

}  // namespace

ResealCounts& ResealCounts::operator+=(const ResealCounts& other) {
  secrets += other.secrets;
  issued_tokens += other.issued_tokens;
  settings += other.settings;
  channel_signing_secrets += other.channel_signing_secrets;
  return *this;
}

Status Resealer::CheckKeysFitStore() const {
  auto sealed = store_.GetSetting(auth::kTokenHashKeySetting);
  if (sealed.status().code() == ErrorCode::kNotFound) return Status::Ok();
  if (!sealed.ok()) return sealed.status();
  std::optional<std::string> key =
      sealer_.Open(*sealed, auth::kTokenHashKeySetting);
  if (!key) {
    return Status::Invalid("master_key",
                           "the master keys do not open this store's keys: "
                           "they are not the keys this store was created with");
  }
  sodium_memzero(key->data(), key->size());
  return Status::Ok();
}

Result<ResealCounts> Resealer::ResealAll() const {
  const std::string prefix = sealer_.SealedPrefix();
  ResealCounts counts;
  auto settings = ResealSettings(prefix);
  if (!settings.ok()) return settings.status();
  counts.settings = *settings;
  auto secrets = ResealSecrets(prefix);
  if (!secrets.ok()) return secrets.status();
  counts.secrets = *secrets;
  auto tokens = ResealIssuedTokens(prefix);
  if (!tokens.ok()) return tokens.status();
  counts.issued_tokens = *tokens;
  auto channels = ResealChannelSigningSecrets(prefix);
  if (!channels.ok()) return channels.status();
  counts.channel_signing_secrets = *channels;
  return counts;
}

Result<int64_t> Resealer::ResealSecrets(const std::string& prefix) const {
  return ResealBatches<Secret>(
      store_, sealer_, SealedStore::SealedPlace::kSecret,
      [&] { return store_.SecretsSealedOtherwise(prefix, batch_rows_); },
      [](const Secret& s) {
        return Sealed{
            {s.organization_id, s.name, s.sealed, ""},
            Secrets::SealingContext(s.organization_id, s.name),
            "the secret " + s.name + " of organization " + s.organization_id};
      });
}

Result<int64_t> Resealer::ResealIssuedTokens(const std::string& prefix) const {
  return ResealBatches<IssuedToken>(
      store_, sealer_, SealedStore::SealedPlace::kIssuedToken,
      [&] { return store_.IssuedTokensSealedOtherwise(prefix, batch_rows_); },
      [](const IssuedToken& t) {
        return Sealed{
            {t.organization_id, t.token_hash, t.sealed, ""},
            Credentials::SealingContext(t),
            "the token " + t.hint + " of credential " + t.credential_id};
      });
}

Result<int64_t> Resealer::ResealChannelSigningSecrets(
    const std::string& prefix) const {
  return ResealBatches<Channel>(
      store_, sealer_, SealedStore::SealedPlace::kChannelSigningSecret,
      [&] { return store_.ChannelsSealedOtherwise(prefix, batch_rows_); },
      [](const Channel& ch) {
        return Sealed{{ch.organization_id, ch.id, ch.signing_secret_sealed, ""},
                      auth::SigningSecretContext(ch.organization_id, ch.id),
                      "the signing secret of channel " + ch.id};
      });
}

Result<int64_t> Resealer::ResealSettings(const std::string& prefix) const {
  auto sealed = store_.GetSetting(auth::kTokenHashKeySetting);
  if (sealed.status().code() == ErrorCode::kNotFound) return int64_t{0};
  if (!sealed.ok()) return sealed.status();
  if (sealed->rfind(prefix, 0) == 0) return int64_t{0};
  auto reseal =
      Reseal(sealer_,
             Sealed{{"", std::string(auth::kTokenHashKeySetting), *sealed, ""},
                    std::string(auth::kTokenHashKeySetting),
                    "the token-hashing key"});
  if (!reseal.ok()) return reseal.status();
  return store_.ReplaceSealed(SealedStore::SealedPlace::kSetting, {*reseal});
}

}  // namespace hookwarden
