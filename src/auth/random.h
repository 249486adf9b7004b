// Cryptographically secure randomness (libsodium's randombytes) shaped into
// the strings the product hands out: ids, token bodies, hex nonces, keys.
// Every function here is thread-safe and calls EnsureSodium() itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "auth/secret_key.h"

namespace hookwarden::auth {

// Initialises libsodium once per process; later calls are cheap no-ops.
// Thread-safe. If libsodium cannot initialise (no usable entropy source), it
// writes a line to stderr and aborts the process: nothing secure can run.
void EnsureSodium();

// Returns `n` characters drawn independently and uniformly from
// [0-9A-Za-z] (rejection sampling, no modulo bias). n == 0 gives "".
std::string RandomBase62(std::size_t n);

// Returns `prefix` + "_" + 20 characters uniform over [0-9a-z], e.g.
// NewId("org") == "org_k3j9x0...". Lowercase only and always containing '_',
// so an id can never equal a slug (slugs never contain '_'). About 103 bits
// of randomness: collisions are not a practical concern.
std::string NewId(std::string_view prefix);

// Returns the lowercase hex encoding of `bytes` random bytes
// (2 * bytes characters).
std::string RandomHex(std::size_t bytes);

// Returns a fresh uniformly random 32-byte key.
SecretKey RandomKey();

}  // namespace hookwarden::auth
