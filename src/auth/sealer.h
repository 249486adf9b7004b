// Authenticated encryption for the values the product keeps secret at rest
// (integration, activation and deploy tokens, the token-hashing key, secrets
// variables), under the master keys.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "auth/key_ring.h"
#include "auth/secret_key.h"

namespace hookwarden::auth {

// Seals with XChaCha20-Poly1305 (IETF, libsodium
// crypto_aead_xchacha20poly1305_ietf_*) and a fresh random 24-byte nonce per
// call, under the newest key of its ring. The sealed form is text:
//
//   "v2:" + KeyId(key) + ":" + base64(nonce || ciphertext-with-tag)
//
// (standard alphabet, padded). Open takes the key the id names. It also
// opens the earlier form "v1:" + base64(...), which named no key, with
// whichever key of the ring opens it.
//
// The associated data is authenticated but not stored: pass something that
// binds the value to its row (e.g. the credential id), and pass the same
// bytes to Open. The key id is not part of it: a changed id names another
// key, which does not open the value.
//
// Master key rotation (see cli/rotate_master_key_command.cc): a sealer may
// be given `reload`, which returns the key source's ring when it changed
// since its last call (and nullopt otherwise; it must be cheap, e.g. a
// stat). Seal calls it first, so it seals under the newest key as soon as
// one is added; Open calls it when a value names a key the ring lacks. The
// reloaded ring is merged with the keys already known, so a key dropped from
// the source still opens values in this process.
//
// Thread-safe.
class Sealer {
 public:
  using Reload = std::function<std::optional<KeyRing>()>;

  // A ring of this one key, never reloaded. Keeps its own copy of the key
  // (wiped when the sealer is destroyed).
  explicit Sealer(const SecretKey& master_key);
  // `keys` must not be empty.
  explicit Sealer(KeyRing keys, Reload reload = nullptr);

  // Returns the sealed form of `plaintext` (any bytes, "" included). Sealing
  // the same input twice gives different outputs. Cannot fail.
  std::string Seal(std::string_view plaintext,
                   std::string_view associated_data) const;

  // Returns the plaintext of `sealed` if it was made by Seal under a key of
  // the ring (after a reload, if need be) with the same `associated_data`.
  // Returns nullopt for anything else: missing or unknown version prefix,
  // unknown key id, invalid base64, too short, tampered, wrong key or wrong
  // associated data. Never says which.
  std::optional<std::string> Open(std::string_view sealed,
                                  std::string_view associated_data) const;

  // "v2:<id>:", the start of every value sealed now. Reloads first, as Seal.
  std::string SealedPrefix() const;

 private:
  std::shared_ptr<const KeyRing> Keys() const;
  // Reloads when the source changed; returns whether the ring changed.
  bool Refresh() const;

  Reload reload_;
  mutable std::shared_mutex mutex_;
  mutable std::shared_ptr<const KeyRing> keys_;  // Guarded by mutex_.
};

// The version and key-id header of values sealed under `key_id`: "v2:<id>:".
std::string SealedPrefixFor(std::string_view key_id);

}  // namespace hookwarden::auth
