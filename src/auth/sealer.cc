#include "auth/sealer.h"

#include <sodium.h>

#include <mutex>
#include <vector>

#include "auth/random.h"

namespace hookwarden::auth {
namespace {

constexpr std::string_view kV1Prefix = "v1:";
constexpr std::string_view kV2Prefix = "v2:";
constexpr std::size_t kKeyIdChars = 8;
constexpr std::size_t kNonceBytes =
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kNonceBytes == 24);
static_assert(sizeof(SecretKey::bytes) ==
              crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// The box (nonce || ciphertext-with-tag) encoded as base64, or nullopt.
std::optional<std::vector<unsigned char>> DecodeBox(std::string_view b64) {
  std::vector<unsigned char> box(b64.size() / 4 * 3 + 3);
  std::size_t box_len = 0;
  // With b64_end == nullptr, libsodium fails unless the whole input is
  // valid, correctly padded base64.
  if (sodium_base642bin(box.data(), box.size(), b64.data(), b64.size(),
                        /*ignore=*/nullptr, &box_len, /*b64_end=*/nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  if (box_len < kNonceBytes + kTagBytes) return std::nullopt;
  box.resize(box_len);
  return box;
}

std::optional<std::string> OpenBox(const std::vector<unsigned char>& box,
                                   std::string_view associated_data,
                                   const SecretKey& key) {
  std::string plaintext(box.size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &plain_len,
          /*nsec=*/nullptr, box.data() + kNonceBytes, box.size() - kNonceBytes,
          Bytes(associated_data), associated_data.size(), box.data(),
          key.bytes.data()) != 0) {
    return std::nullopt;
  }
  plaintext.resize(plain_len);
  return plaintext;
}

}  // namespace

std::string SealedPrefixFor(std::string_view key_id) {
  return std::string(kV2Prefix) + std::string(key_id) + ":";
}

Sealer::Sealer(const SecretKey& master_key)
    : Sealer(KeyRing({master_key}), nullptr) {}

Sealer::Sealer(KeyRing keys, Reload reload)
    : reload_(std::move(reload)),
      keys_(std::make_shared<const KeyRing>(std::move(keys))) {
  EnsureSodium();
}

std::shared_ptr<const KeyRing> Sealer::Keys() const {
  std::shared_lock lock(mutex_);
  return keys_;
}

bool Sealer::Refresh() const {
  if (!reload_) return false;
  std::optional<KeyRing> fresh = reload_();
  if (!fresh || fresh->empty()) return false;
  std::unique_lock lock(mutex_);
  keys_ = std::make_shared<const KeyRing>(fresh->MergedWith(*keys_));
  return true;
}

std::string Sealer::SealedPrefix() const {
  Refresh();
  return SealedPrefixFor(Keys()->newest().id);
}

std::string Sealer::Seal(std::string_view plaintext,
                         std::string_view associated_data) const {
  Refresh();
  std::shared_ptr<const KeyRing> keys = Keys();
  const KeyRing::Entry& newest = keys->newest();
  std::vector<unsigned char> box(kNonceBytes + plaintext.size() + kTagBytes);
  randombytes_buf(box.data(), kNonceBytes);
  unsigned long long cipher_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      box.data() + kNonceBytes, &cipher_len, Bytes(plaintext), plaintext.size(),
      Bytes(associated_data), associated_data.size(),
      /*nsec=*/nullptr, box.data(), newest.key.bytes.data());
  box.resize(kNonceBytes + cipher_len);

  const std::size_t b64_size = sodium_base64_ENCODED_LEN(
      box.size(), sodium_base64_VARIANT_ORIGINAL);  // Includes the NUL.
  std::string sealed = SealedPrefixFor(newest.id);
  const std::size_t header = sealed.size();
  sealed.resize(header + b64_size);
  sodium_bin2base64(sealed.data() + header, b64_size, box.data(), box.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  sealed.pop_back();  // The terminating NUL.
  return sealed;
}

std::optional<std::string> Sealer::Open(
    std::string_view sealed, std::string_view associated_data) const {
  if (sealed.substr(0, kV1Prefix.size()) == kV1Prefix) {
    auto box = DecodeBox(sealed.substr(kV1Prefix.size()));
    if (!box) return std::nullopt;
    for (const KeyRing::Entry& e : Keys()->entries()) {
      if (auto plain = OpenBox(*box, associated_data, e.key)) return plain;
    }
    return std::nullopt;
  }
  if (sealed.substr(0, kV2Prefix.size()) != kV2Prefix) return std::nullopt;
  std::string_view rest = sealed.substr(kV2Prefix.size());
  if (rest.size() <= kKeyIdChars || rest[kKeyIdChars] != ':') {
    return std::nullopt;
  }
  std::string_view id = rest.substr(0, kKeyIdChars);
  auto box = DecodeBox(rest.substr(kKeyIdChars + 1));
  if (!box) return std::nullopt;
  std::shared_ptr<const KeyRing> keys = Keys();
  const SecretKey* key = keys->Find(id);
  if (key == nullptr && Refresh()) {
    keys = Keys();
    key = keys->Find(id);
  }
  if (key == nullptr) return std::nullopt;
  return OpenBox(*box, associated_data, *key);
}

}  // namespace hookwarden::auth
