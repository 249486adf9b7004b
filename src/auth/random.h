// Cryptographically secure randomness (libsodium's randombytes) shaped into
// the strings the product hands out: ids, token bodies, hex nonces, keys.
// Every function here is thread-safe and calls EnsureSodium() itself.
#pragma once

#include <cstddef>
#include <cstdint>
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

// Like NewId, but the 20 characters begin with `now_millis` (milliseconds
// since the Unix epoch, 0 to 36^9 - 1) in 9 base-36 digits, followed by 11
// random ones (about 57 bits). Ids made later sort after ids made earlier
// (as bytes; within one millisecond in no set order), so the rows of a
// table keyed by them go to one end of its primary-key index (of the ids of
// this form: ids made by NewId before stay where they are): for the rows
// written in bulk (incidents, deliveries, runs, deploys). They tell when
// they were made, so they are for records whose time is theirs to show
// anyway, never for something to keep secret. Negative times count as 0;
// times past the range as its last value.
std::string NewOrderedId(std::string_view prefix, int64_t now_millis);

// NewOrderedId at the system clock's time.
std::string NewOrderedId(std::string_view prefix);

// Returns the lowercase hex encoding of `bytes` random bytes
// (2 * bytes characters).
std::string RandomHex(std::size_t bytes);

// Returns a fresh uniformly random 32-byte key.
SecretKey RandomKey();

}  // namespace hookwarden::auth
