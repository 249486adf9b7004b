#include "auth/sealer.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <utility>
#include <vector>

#include "auth/random.h"

namespace hookwarden::auth {
namespace {

// The header of a sealed value: "v2:<key id>:" or "v1:".
std::string_view Header(std::string_view sealed) {
  return sealed.substr(0, sealed.rfind(':') + 1);
}

// Base64 (original variant) helpers so tests can reach into the sealed bytes.
std::vector<unsigned char> Decode(std::string_view sealed) {
  sealed.remove_prefix(Header(sealed).size());
  std::vector<unsigned char> out(sealed.size());
  std::size_t len = 0;
  EXPECT_EQ(
      sodium_base642bin(out.data(), out.size(), sealed.data(), sealed.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL),
      0);
  out.resize(len);
  return out;
}

std::string Encode(const std::vector<unsigned char>& bytes,
                   std::string_view header = "v1:") {
  std::string b64(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL),
      '\0');
  sodium_bin2base64(b64.data(), b64.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  b64.pop_back();
  return std::string(header) + b64;
}

TEST(SealerTest, RoundTrip) {
  const SecretKey key = RandomKey();
  Sealer sealer(key);
  const std::string secret = "hwi_0123456789abcdefABCDEF0123456789abcd";
  const std::string sealed = sealer.Seal(secret, "int_abc");
  EXPECT_EQ(Header(sealed), "v2:" + KeyId(key) + ":");
  EXPECT_EQ(sealer.SealedPrefix(), "v2:" + KeyId(key) + ":");
  EXPECT_EQ(sealed.find(secret), std::string::npos);
  // 24-byte nonce + 40-byte plaintext + 16-byte tag = 80 bytes -> 108 chars.
  EXPECT_EQ(sealed.size(), 12u + 108u);
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
  const std::string_view header = Header(sealed);
  ASSERT_EQ(Encode(box, header), sealed);  // The helpers agree with Seal.
  for (std::size_t i = 0; i < box.size(); ++i) {
    std::vector<unsigned char> tampered = box;
    tampered[i] ^= 0x01;
    EXPECT_EQ(sealer.Open(Encode(tampered, header), "ad"), std::nullopt) << i;
  }
  // Truncated or extended ciphertext.
  std::vector<unsigned char> shorter(box.begin(), box.end() - 1);
  EXPECT_EQ(sealer.Open(Encode(shorter, header), "ad"), std::nullopt);
  std::vector<unsigned char> longer = box;
  longer.push_back(0);
  EXPECT_EQ(sealer.Open(Encode(longer, header), "ad"), std::nullopt);
  // A key id changed by one character names no key of the ring.
  std::string other_id = sealed;
  other_id[3] = other_id[3] == '0' ? '1' : '0';
  EXPECT_EQ(sealer.Open(other_id, "ad"), std::nullopt);
}

TEST(SealerTest, MalformedInputFails) {
  Sealer sealer(RandomKey());
  const std::string sealed = sealer.Seal("secret", "ad");
  EXPECT_EQ(sealer.Open("", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open("v1:", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open("v1", "ad"), std::nullopt);
  const std::string body = sealed.substr(Header(sealed).size());
  EXPECT_EQ(sealer.Open(body, "ad"), std::nullopt);  // No header.
  EXPECT_EQ(sealer.Open("v3:" + sealed.substr(3), "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open("v2:" + body, "ad"), std::nullopt);  // No key id.
  EXPECT_EQ(sealer.Open("v2:" + KeyId(RandomKey()) + ":" + body, "ad"),
            std::nullopt);
  EXPECT_EQ(sealer.Open(sealed.substr(0, 11), "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed.substr(0, 12), "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed + "A", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed + "====", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed + " ", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(sealed.substr(0, sealed.size() - 1), "ad"),
            std::nullopt);
  EXPECT_EQ(sealer.Open("v1:!!!!", "ad"), std::nullopt);
  EXPECT_EQ(sealer.Open(std::string(Header(sealed)) + "!!!!", "ad"),
            std::nullopt);
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

TEST(SealerTest, OpensTheEarlierFormThatNamedNoKey) {
  const SecretKey old_key = RandomKey();
  const std::string sealed = Sealer(old_key).Seal("secret", "ad");
  // A "v1:" value is the same box without a key id.
  const std::string v1 = Encode(Decode(sealed), "v1:");
  EXPECT_EQ(Sealer(old_key).Open(v1, "ad"), "secret");
  // Any key of the ring that opens it will do.
  Sealer ring(KeyRing({RandomKey(), old_key}));
  EXPECT_EQ(ring.Open(v1, "ad"), "secret");
  EXPECT_EQ(ring.Open(v1, "other"), std::nullopt);
  EXPECT_EQ(Sealer(RandomKey()).Open(v1, "ad"), std::nullopt);
}

TEST(SealerTest, SealsUnderTheNewestKeyAndOpensWithTheOneNamed) {
  const SecretKey old_key = RandomKey();
  const SecretKey new_key = RandomKey();
  const std::string old_value = Sealer(old_key).Seal("old", "ad");
  Sealer both(KeyRing({new_key, old_key}));
  const std::string new_value = both.Seal("new", "ad");
  EXPECT_EQ(Header(new_value), "v2:" + KeyId(new_key) + ":");
  EXPECT_EQ(both.Open(old_value, "ad"), "old");
  EXPECT_EQ(both.Open(new_value, "ad"), "new");
  EXPECT_EQ(Sealer(new_key).Open(new_value, "ad"), "new");
  EXPECT_EQ(Sealer(new_key).Open(old_value, "ad"), std::nullopt);
  EXPECT_EQ(Sealer(old_key).Open(new_value, "ad"), std::nullopt);
  // The id selects the key: the other key's id on the same box fails.
  std::string swapped =
      "v2:" + KeyId(old_key) + ":" + new_value.substr(Header(new_value).size());
  EXPECT_EQ(both.Open(swapped, "ad"), std::nullopt);
}

TEST(SealerTest, AnUnknownKeyIdReloadsTheKeys) {
  const SecretKey old_key = RandomKey();
  const SecretKey new_key = RandomKey();
  const std::string new_value = Sealer(new_key).Seal("new", "ad");
  int reloads = 0;
  std::optional<KeyRing> next;  // What the next reload finds.
  Sealer sealer(KeyRing({old_key}), [&]() -> std::optional<KeyRing> {
    ++reloads;
    return std::exchange(next, std::nullopt);
  });
  const std::string old_value = Sealer(old_key).Seal("old", "ad");
  EXPECT_EQ(sealer.Open(old_value, "ad"), "old");
  EXPECT_EQ(reloads, 0) << "a known key id needs no reload";
  EXPECT_EQ(sealer.Open(new_value, "ad"), std::nullopt);
  EXPECT_EQ(reloads, 1);
  next = KeyRing({new_key});
  EXPECT_EQ(sealer.Open(new_value, "ad"), "new");
  EXPECT_EQ(reloads, 2);
  // The dropped key is remembered: what it sealed still opens.
  EXPECT_EQ(sealer.Open(old_value, "ad"), "old");
  EXPECT_EQ(Header(sealer.Seal("x", "ad")), "v2:" + KeyId(new_key) + ":");
}

TEST(SealerTest, SealingFollowsANewKeyAtOnce) {
  const SecretKey old_key = RandomKey();
  const SecretKey new_key = RandomKey();
  std::optional<KeyRing> next;
  Sealer sealer(KeyRing({old_key}), [&]() -> std::optional<KeyRing> {
    return std::exchange(next, std::nullopt);
  });
  EXPECT_EQ(Header(sealer.Seal("x", "ad")), "v2:" + KeyId(old_key) + ":");
  next = KeyRing({new_key, old_key});
  const std::string sealed = sealer.Seal("x", "ad");
  EXPECT_EQ(Header(sealed), "v2:" + KeyId(new_key) + ":");
  EXPECT_EQ(Sealer(new_key).Open(sealed, "ad"), "x");
}

}  // namespace
}  // namespace hookwarden::auth
