#include "services/token_hash_key.h"

#include "auth/master_key.h"
#include "auth/random.h"

namespace hookwarden::auth {
namespace {
constexpr std::string_view kSetting = kTokenHashKeySetting;
}  // namespace

Result<SecretKey> LoadOrCreateTokenHashKey(SealedStore& store,
                                           const Sealer& sealer) {
  SecretKey fresh = RandomKey();
  auto sealed = store.GetOrInsertSetting(
      kSetting, sealer.Seal(EncodeKeyHex(fresh), kSetting));
  if (!sealed.ok()) return sealed.status();
  auto opened = sealer.Open(*sealed, kSetting);
  std::optional<SecretKey> key = opened ? ParseKey(*opened) : std::nullopt;
  if (!key) {
    return Status::Invalid(
        "master_key",
        "the master key does not open this store's keys: start hookwarden with "
        "the master key this store was created with");
  }
  return *key;
}

}  // namespace hookwarden::auth
