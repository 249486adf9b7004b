#include "auth/token_hasher.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "auth/random.h"

namespace hookwarden::auth {
namespace {

SecretKey CountingKey() {
  SecretKey key;
  for (std::size_t i = 0; i < key.bytes.size(); ++i) {
    key.bytes[i] = static_cast<unsigned char>(i);
  }
  return key;
}

// Expected values from Python:
// hashlib.blake2b(msg, key=bytes(range(32)), digest_size=32).hexdigest()
TEST(TokenHasherTest, MatchesKeyedBlake2b256) {
  TokenHasher hasher(CountingKey());
  EXPECT_EQ(hasher.Hash("hwi_example-token"),
            "6c6a20651fb7db1c8890798107f8caeacbaaea44197547226272f3ba93bdab83");
  EXPECT_EQ(hasher.Hash(""),
            "4e51e7a913fc80137da52880fecca175bf81e117d5c68126dc2774033517ea0d");
  // The digest's bytes are the hash's.
  TokenHasher::Digest digest = hasher.DigestOf("hwi_example-token");
  EXPECT_EQ(digest[0], 0x6c);
  EXPECT_EQ(digest[31], 0x83);
  EXPECT_EQ(TokenHasher::HexOf(digest),
            "6c6a20651fb7db1c8890798107f8caeacbaaea44197547226272f3ba93bdab83");
}

TEST(TokenHasherTest, DeterministicLowercaseHex) {
  TokenHasher hasher(RandomKey());
  const std::string h = hasher.Hash("hwp_abc");
  ASSERT_EQ(h.size(), 64u);
  for (char c : h) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << h;
  }
  EXPECT_EQ(hasher.Hash("hwp_abc"), h);
  EXPECT_NE(hasher.Hash("hwp_abd"), h);
  EXPECT_NE(hasher.Hash(std::string("hwp_abc\0", 8)), h);
}

TEST(TokenHasherTest, KeyDependent) {
  SecretKey a = RandomKey();
  SecretKey b = a;
  b.bytes[31] ^= 0x80;
  EXPECT_NE(TokenHasher(a).Hash("token"), TokenHasher(b).Hash("token"));
  EXPECT_EQ(TokenHasher(a).Hash("token"), TokenHasher(a).Hash("token"));
}

TEST(TokenHasherTest, KeepsItsOwnCopyOfTheKey) {
  SecretKey key = RandomKey();
  TokenHasher hasher(key);
  const std::string before = hasher.Hash("token");
  key.bytes.fill(0);
  EXPECT_EQ(hasher.Hash("token"), before);
}

TEST(TokenHasherTest, ConcurrentHashesAgree) {
  const TokenHasher hasher(RandomKey());
  const std::string expected = hasher.Hash("hwi_shared");
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        if (hasher.Hash("hwi_shared") != expected) ++mismatches[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(ConstantTimeEqualsTest, Compares) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "xbc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("abcd", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals("a", ""));
  // Equal up to the shorter length, with a NUL after: still different.
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("abc\0", 4), "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", std::string_view("abc\0", 4)));
  EXPECT_FALSE(
      ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
  EXPECT_TRUE(
      ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
}

}  // namespace
}  // namespace hookwarden::auth
