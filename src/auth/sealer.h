// Authenticated encryption for secrets the product must show again
// (integration, activation and deploy tokens), under the master key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/secret_key.h"

namespace hookwarden::auth {

// Seals with XChaCha20-Poly1305 (IETF, libsodium
// crypto_aead_xchacha20poly1305_ietf_*) and a fresh random 24-byte nonce per
// call. The sealed form is text:
//
//   "v1:" + base64(nonce || ciphertext-with-tag)   (standard alphabet, padded)
//
// The associated data is authenticated but not stored: pass something that
// binds the value to its row (e.g. the credential id), and pass the same
// bytes to Open. Immutable after construction; thread-safe.
class Sealer {
 public:
  // Keeps its own copy of `master_key` (wiped when the sealer is destroyed).
  explicit Sealer(const SecretKey& master_key);

  // Returns the sealed form of `plaintext` (any bytes, "" included). Sealing
  // the same input twice gives different outputs. Cannot fail.
  std::string Seal(std::string_view plaintext,
                   std::string_view associated_data) const;

  // Returns the plaintext of `sealed` if it was made by Seal under the same
  // key with the same `associated_data`. Returns nullopt for anything else:
  // missing or unknown version prefix, invalid base64, too short, tampered,
  // wrong key or wrong associated data. Never says which.
  std::optional<std::string> Open(std::string_view sealed,
                                  std::string_view associated_data) const;

 private:
  SecretKey key_;
};

}  // namespace hookwarden::auth
