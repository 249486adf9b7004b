// A 32-byte secret (master key, token-hashing key) that wipes itself.
#pragma once

#include <array>

namespace hookwarden::auth {

// Raw key material. An aggregate, so `SecretKey{}` is an all-zero key and
// `key.bytes` may be filled in place. Copyable (each copy owns and wipes its
// own bytes) and movable (a move is a copy; the source wipes itself when it is
// destroyed). Never log or print `bytes`.
struct SecretKey {
  std::array<unsigned char, 32> bytes{};

  // Overwrites `bytes` with zeros in a way the compiler may not elide
  // (sodium_memzero).
  ~SecretKey();
};

}  // namespace hookwarden::auth
