// The master keys a process knows, newest first. The newest seals; each of
// them opens what it sealed, found by its key id (see sealer.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/secret_key.h"

namespace hookwarden::auth {

// The key's public name: 8 lowercase hex characters, the first 4 bytes of
// BLAKE2b (libsodium crypto_generichash) keyed with the key over a fixed
// label. It tells keys apart and says nothing about them. Pure.
std::string KeyId(const SecretKey& key);

// Immutable after construction, so thread-safe to share.
class KeyRing {
 public:
  struct Entry {
    std::string id;
    SecretKey key;
  };

  KeyRing() = default;
  // `keys` newest first; a key given twice is kept once, where it first
  // appears.
  explicit KeyRing(const std::vector<SecretKey>& keys);

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  // Newest first. The ring must not be empty for newest().
  const std::vector<Entry>& entries() const { return entries_; }
  const Entry& newest() const { return entries_.front(); }
  // The key with this id, or nullptr.
  const SecretKey* Find(std::string_view id) const;
  // This ring's keys, then those of `older` that it lacks, in their order.
  KeyRing MergedWith(const KeyRing& older) const;

 private:
  void Add(const SecretKey& key);

  std::vector<Entry> entries_;
};

}  // namespace hookwarden::auth
