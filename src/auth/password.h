// Password hashing for user logins: Argon2id (libsodium crypto_pwhash) at the
// INTERACTIVE limits, stored in the self-describing "$argon2id$..." format.
// Hashing and verifying each take tens of milliseconds and about 64 MiB of
// memory: call them off the network threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace hookwarden::auth {

// Returns the Argon2id hash string of `password` (random salt; NUL-free,
// under crypto_pwhash_STRBYTES chars), suitable for VerifyPassword. Does not
// validate the password (see ValidateNewPassword). Thread-safe. Fails with
// Status::Internal if the memory for Argon2id cannot be allocated.
Result<std::string> HashPassword(std::string_view password);

// Returns true iff `stored_hash` is a hash string made by HashPassword (or
// compatible) of exactly `password`. Returns false on mismatch, on a
// malformed or unsupported `stored_hash`, and if memory runs out.
// Thread-safe.
bool VerifyPassword(std::string_view stored_hash, std::string_view password);

// Verifies `password` against a fixed dummy hash and discards the result, so
// that a login for an unknown user costs the same time as one for a known
// user with a wrong password. The dummy hash is computed on first use
// (thread-safe lazy initialisation). Cannot fail.
void BurnPasswordVerification(std::string_view password);

// The one password rule, on every path that sets a password.
inline constexpr std::size_t kMinPasswordBytes = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// Returns ok iff `password` is acceptable for a new account or a password
// change: 8 to 1024 bytes. Otherwise Status::Invalid on field "password"
// (the message never contains the password). Pure, thread-safe.
Status ValidateNewPassword(std::string_view password);

}  // namespace hookwarden::auth
