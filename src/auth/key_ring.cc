#include "auth/key_ring.h"

#include <sodium.h>

#include <array>

#include "auth/random.h"

namespace hookwarden::auth {
namespace {
constexpr std::string_view kIdLabel = "hookwarden master key id";
}  // namespace

std::string KeyId(const SecretKey& key) {
  EnsureSodium();
  std::array<unsigned char, crypto_generichash_BYTES_MIN> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(kIdLabel.data()),
                     kIdLabel.size(), key.bytes.data(), key.bytes.size());
  std::string hex(2 * 4 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), 4);
  hex.pop_back();  // The terminating NUL.
  return hex;
}

KeyRing::KeyRing(const std::vector<SecretKey>& keys) {
  for (const SecretKey& key : keys) Add(key);
}

void KeyRing::Add(const SecretKey& key) {
  std::string id = KeyId(key);
  if (Find(id) == nullptr) entries_.push_back(Entry{std::move(id), key});
}

const SecretKey* KeyRing::Find(std::string_view id) const {
  for (const Entry& e : entries_) {
    if (e.id == id) return &e.key;
  }
  return nullptr;
}

KeyRing KeyRing::MergedWith(const KeyRing& older) const {
  KeyRing merged = *this;
  for (const Entry& e : older.entries_) merged.Add(e.key);
  return merged;
}

}  // namespace hookwarden::auth
