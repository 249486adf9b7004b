#include "auth/random.h"

#include <sodium.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace hookwarden::auth {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kLowerBase36 =
    "0123456789abcdefghijklmnopqrstuvwxyz";

// Returns `n` characters uniform over `alphabet` (at most 256 symbols).
// A random byte b is kept only if b < the largest multiple of the alphabet
// size that fits in a byte, so every symbol is equally likely.
std::string RandomFromAlphabet(std::size_t n, std::string_view alphabet) {
  EnsureSodium();
  const unsigned size = static_cast<unsigned>(alphabet.size());
  const unsigned limit = 256 - (256 % size);
  std::string out;
  out.reserve(n);
  std::array<unsigned char, 64> buf;
  while (out.size() < n) {
    randombytes_buf(buf.data(), buf.size());
    for (unsigned char b : buf) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % size]);
      if (out.size() == n) break;
    }
  }
  sodium_memzero(buf.data(), buf.size());
  return out;
}

}  // namespace

void EnsureSodium() {
  // sodium_init() is itself thread-safe and idempotent; the static only
  // saves the lock on later calls.
  static const bool initialised = [] {
    if (sodium_init() < 0) {
      std::fputs("hookwarden: libsodium failed to initialise; aborting\n",
                 stderr);
      std::abort();
    }
    return true;
  }();
  (void)initialised;
}

std::string RandomBase62(std::size_t n) {
  return RandomFromAlphabet(n, kBase62);
}

std::string NewId(std::string_view prefix) {
  std::string id(prefix);
  id.push_back('_');
  id += RandomFromAlphabet(20, kLowerBase36);
  return id;
}

std::string RandomHex(std::size_t bytes) {
  EnsureSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(),
                 reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();  // The terminating NUL.
  return hex;
}

SecretKey RandomKey() {
  EnsureSodium();
  SecretKey key;
  randombytes_buf(key.bytes.data(), key.bytes.size());
  return key;
}

}  // namespace hookwarden::auth
