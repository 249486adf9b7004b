#include "auth/sealer.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "auth/random.h"

namespace hookwarden::auth {
namespace {

// Base64 (original variant) helpers so tests can reach into the sealed bytes.
std::vector<unsigned char> Decode(std::string_view sealed) {
  sealed.remove_prefix(3);  // "v1:"
  std::vector<unsigned char> out(sealed.size());
  std::size_t len = 0;
  EXPECT_EQ(
      sodium_base642bin(out.data(), out.size(), sealed.data(), sealed.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL),
      0);
  out.resize(len);
  return out;
}

std::string Encode(const std::vector<unsigned char>& bytes) {
  std::string b64(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
      '\0');
  sodium_bin2base64(b64.data(), b64.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  b64.pop_back();
  return "v1:" + b64;
}

TEST(SealerTest, RoundTrip) {
  Sealer sealer(RandomKey());
  const std::string secret = "hwi_0123456789abcdefABCDEF0123456789abcd";
  const std::string sealed = sealer.Seal(secret, "int_abc");
  EXPECT_EQ(sealed.rfind("v1:", 0), 0u);
  EXPECT_EQ(sealed.find(secret), std::string::npos);
  // 24-byte nonce + 40-byte plaintext + 16-byte tag = 80 bytes -> 108 chars.
  EXPECT_EQ(sealed.size(), 3u + 108u);
  EXPECT_EQ(sealer.Open(sealed, "int_abc"), secret);
}

TEST(SealerTest, RoundTripOfEmptyAndBinaryValues) {
  Sealer sealer(RandomKey());
  EXPECT_EQ(sealer.Open(sealer.Seal("", ""), ""), "");
  EXPECT_EQ(sealer.Open(sealer.Seal("x", ""), ""), "x");
  const std::string binary("\0\xff\x01 v1:", 7);
  EXPECT_EQ(sealer.Open(sealer.Seal(binary, binary), binary), binary);
  const std::string big(100000, 'z');
  EXPECT_EQ(sealer.Open(sealer.Seal(big, "ad"), "ad"), big);
}

TEST(SealerTest, TwoSealsOfTheSameValueDiffer) {
  Sealer sealer(RandomKey());
  const std::string a = sealer.Seal("same", "ad");
  const std::string b = sealer.Seal("same", "ad");
  EXPECT_NE(a, b);
  EXPECT_EQ(sealer.Open(a, "ad"), "same");
  EXPECT_EQ(sealer.Open(b, "ad"), "same");
}

TEST(SealerTest, WrongAssociatedDataFails) {
  Sealer sealer(RandomKey());
  const std::string sealed = sealer.Seal("secret", "int_1");
  EXPECT_EQ(sealer.Open(sealed, "int_2"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed, ""), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed, "int_1 "), std::nullopt);
  EXPECT_EQ(sealer.Open(sealer.Seal("secret", ""), "x"), std::nullopt);
}

TEST(SealerTest, WrongKeyFails) {
  SecretKey key = RandomKey();
  SecretKey other = key;
  other.bytes[0] ^= 1;
  const std::string sealed = Sealer(key).Seal("secret", "ad");
  EXPECT_EQ(Sealer(other).Open(sealed, "ad"), std::nullopt);
  EXPECT_EQ(Sealer(key).Open(sealed, "ad"), "secret");
}

TEST(SealerTest, EveryTamperedByteFails) {
  Sealer sealer(RandomKey());
  const std::string sealed = sealer.Seal("secret value", "ad");
  const std::vector<unsigned char> box = Decode(sealed);
  ASSERT_EQ(box.size(), 24u + 12u + 16u);
  ASSERT_EQ(Encode(box), sealed);  // The helpers agree with Seal.
  for (std::size_t i = 0; i < box.size(); ++i) {
    std::vector<unsigned char> tampered = box;
    tampered[i] ^= 0x01;
    EXPECT_EQ(sealer.Open(Encode(tampered), "ad"), std::nullopt) << i;
  }
  // Truncated or extended ciphertext.
  std::vector<unsigned char> shorter(box.begin(), box.end() - 1);
  EXPECT_EQ(sealer.Open(Encode(shorter), "ad"), std::nullopt);
  std::vector<unsigned char> longer = box;
  longer.push_back(0);
  EXPECT_EQ(sealer.Open(Encode(longer), "ad"), std::nullopt);
}

TEST(SealerTest, MalformedInputFails) {
  Sealer sealer(RandomKey());
  const std::string sealed = sealer.Seal("secret", "ad");
  EXPECT_EQ(sealer.Open("", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open("v1:", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open("v1", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed.substr(3), "ad"), std::nullopt);  // No prefix.
  EXPECT_EQ(sealer.Open("v2:" + sealed.substr(3), "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed + "A", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed + "====", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed + " ", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed.substr(0, sealed.size() - 1), "ad"),
            std::nullopt);
  EXPECT_EQ(sealer.Open("v1:!!!!", "ad"), std::nullopt);
  // Valid base64 but shorter than nonce + tag.
  EXPECT_EQ(sealer.Open(Encode(std::vector<unsigned char>(39, 0)), "ad"),
            std::nullopt);
  EXPECT_EQ(sealer.Open(Encode(std::vector<unsigned char>(40, 0)), "ad"),
            std::nullopt);
  // URL-safe alphabet is not accepted in place of the standard one.
  std::string url_safe = sealed;
  for (char& c : url_safe) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  if (url_safe != sealed) {
    EXPECT_EQ(sealer.Open(url_safe, "ad"), std::nullopt);
  }
}

}  // namespace
}  // namespace hookwarden::auth
