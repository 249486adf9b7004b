// The keyed hash under which tokens and session ids are stored and looked up,
// so that a copy of the database alone does not yield usable credentials.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "auth/secret_key.h"

namespace hookwarden::auth {

// Hashes tokens with keyed BLAKE2b-256 (libsodium crypto_generichash).
// Immutable after construction: Hash may be called from any number of
// threads at once.
class TokenHasher {
 public:
  // Keeps its own copy of `key` (wiped when the hasher is destroyed).
  explicit TokenHasher(const SecretKey& key);

  // BLAKE2b-256(token) keyed with the key. Deterministic for a given key;
  // different keys give unrelated digests. Accepts any bytes, including ""
  // and embedded NULs. Cannot fail.
  using Digest = std::array<unsigned char, 32>;
  Digest DigestOf(std::string_view token) const;
  // The 64-char lowercase hex of DigestOf(token): how the store keeps it.
  std::string Hash(std::string_view token) const {
    return HexOf(DigestOf(token));
  }
  static std::string HexOf(const Digest& digest);

 private:
  SecretKey key_;
};

// Returns true iff `a` and `b` have the same length and the same bytes. For
// equal lengths, the time taken does not depend on where the bytes differ
// (sodium_memcmp); a length mismatch returns false at once, so use it on
// values of public, fixed length such as hashes. Pure, thread-safe.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace hookwarden::auth
