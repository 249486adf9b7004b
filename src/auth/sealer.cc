#include "auth/sealer.h"

#include <sodium.h>

#include <vector>

#include "auth/random.h"

namespace hookwarden::auth {
namespace {

constexpr std::string_view kVersionPrefix = "v1:";
constexpr std::size_t kNonceBytes =
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kNonceBytes == 24);
static_assert(sizeof(SecretKey::bytes) ==
              crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

Sealer::Sealer(const SecretKey& master_key) : key_(master_key) {
  EnsureSodium();
}

std::string Sealer::Seal(std::string_view plaintext,
                         std::string_view associated_data) const {
  std::vector<unsigned char> box(kNonceBytes + plaintext.size() + kTagBytes);
  randombytes_buf(box.data(), kNonceBytes);
  unsigned long long cipher_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      box.data() + kNonceBytes, &cipher_len, Bytes(plaintext), plaintext.size(),
      Bytes(associated_data), associated_data.size(),
      /*nsec=*/nullptr, box.data(), key_.bytes.data());
  box.resize(kNonceBytes + cipher_len);

  const std::size_t b64_size = sodium_base64_ENCODED_LEN(
      box.size(), sodium_base64_VARIANT_ORIGINAL);  // Includes the NUL.
  std::string sealed(kVersionPrefix);
  sealed.resize(kVersionPrefix.size() + b64_size);
  sodium_bin2base64(sealed.data() + kVersionPrefix.size(), b64_size, box.data(),
                    box.size(), sodium_base64_VARIANT_ORIGINAL);
  sealed.pop_back();  // The terminating NUL.
  return sealed;
}

std::optional<std::string> Sealer::Open(
    std::string_view sealed, std::string_view associated_data) const {
  if (sealed.substr(0, kVersionPrefix.size()) != kVersionPrefix) {
    return std::nullopt;
  }
  const std::string_view b64 = sealed.substr(kVersionPrefix.size());
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

  std::string plaintext(box_len - kNonceBytes - kTagBytes, '\0');
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &plain_len,
          /*nsec=*/nullptr, box.data() + kNonceBytes, box_len - kNonceBytes,
          Bytes(associated_data), associated_data.size(), box.data(),
          key_.bytes.data()) != 0) {
    return std::nullopt;
  }
  plaintext.resize(plain_len);
  return plaintext;
}

}  // namespace hookwarden::auth
