#include "auth/random.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
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

// Appends `n` characters uniform over [0-9a-z] to `out`, from random bytes
// this thread draws from libsodium 4 KiB at a time (one system call per
// about 300 ordered ids). Only for what need not stay secret: the bytes wait
// in memory until used.
void AppendPooledBase36(std::size_t n, std::string& out) {
  EnsureSodium();
  thread_local std::array<unsigned char, 4096> pool;
  thread_local std::size_t used = pool.size();
  constexpr unsigned kLimit = 256 - (256 % 36);
  while (n > 0) {
    if (used == pool.size()) {
      randombytes_buf(pool.data(), pool.size());
      used = 0;
    }
    unsigned char b = pool[used++];
    if (b >= kLimit) continue;
    out.push_back(kLowerBase36[b % 36]);
    --n;
  }
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

std::string NewOrderedId(std::string_view prefix, int64_t now_millis) {
  constexpr int kTimeDigits = 9;
  constexpr int64_t kLast = 101'559'956'668'415;  // 36^9 - 1
  uint64_t t = static_cast<uint64_t>(std::clamp<int64_t>(now_millis, 0, kLast));
  std::string id(prefix);
  id.push_back('_');
  id.append(kTimeDigits, '0');
  for (size_t i = id.size(); t > 0; t /= 36) id[--i] = kLowerBase36[t % 36];
  AppendPooledBase36(20 - kTimeDigits, id);
  return id;
}

std::string NewOrderedId(std::string_view prefix) {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return NewOrderedId(
      prefix, std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch)
                  .count());
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
