#include "auth/password.h"

#include <sodium.h>

#include <array>
#include <optional>

#include "auth/random.h"

namespace hookwarden::auth {
namespace {

// The dummy hash for BurnPasswordVerification, or nullopt if it could not be
// computed (out of memory).
const std::optional<std::string>& DummyHash() {
  static const std::optional<std::string> hash =
      []() -> std::optional<std::string> {
    Result<std::string> h = HashPassword(RandomBase62(32));
    if (!h.ok()) return std::nullopt;
    return std::move(h).value();
  }();
  return hash;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  EnsureSodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("out of memory while hashing a password");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
  EnsureSodium();
  // libsodium reads the hash as a C string: refuse anything it would cut
  // short, so that "valid-hash\0junk" is not accepted as "valid-hash".
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string hash(stored_hash);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size()) == 0;
}

void BurnPasswordVerification(std::string_view password) {
  const std::optional<std::string>& dummy = DummyHash();
  if (dummy) {
    (void)VerifyPassword(*dummy, password);
  } else {
    // Same work by another route: one Argon2id derivation.
    (void)HashPassword(password);
  }
}

Status ValidateNewPassword(std::string_view password) {
  if (password.size() < kMinPasswordBytes) {
    return Status::Invalid("password", "must be at least 8 characters long");
  }
  if (password.size() > kMaxPasswordBytes) {
    return Status::Invalid("password", "must be at most 1024 bytes long");
  }
  return Status::Ok();
}

}  // namespace hookwarden::auth
