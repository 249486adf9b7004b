#include "auth/token_hasher.h"

#include <sodium.h>

#include "auth/random.h"
#include "common/hex.h"

namespace hookwarden::auth {

TokenHasher::TokenHasher(const SecretKey& key) : key_(key) { EnsureSodium(); }

TokenHasher::Digest TokenHasher::DigestOf(std::string_view token) const {
  Digest digest;
  static_assert(digest.size() >= crypto_generichash_BYTES_MIN &&
                digest.size() <= crypto_generichash_BYTES_MAX);
  static_assert(sizeof(key_.bytes) >= crypto_generichash_KEYBYTES_MIN &&
                sizeof(key_.bytes) <= crypto_generichash_KEYBYTES_MAX);
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), key_.bytes.data(), key_.bytes.size());
  return digest;
}

std::string TokenHasher::HexOf(const Digest& digest) {
  // Lowercase hex, as sodium_bin2hex writes it, without its constant time:
  // a digest grants nothing without its token, and the store's lookup by
  // it is not constant-time either.
  return HexText(std::string_view(reinterpret_cast<const char*>(digest.data()),
                                  digest.size()));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace hookwarden::auth
