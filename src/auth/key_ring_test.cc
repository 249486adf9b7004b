#include "auth/key_ring.h"

#include <gtest/gtest.h>

#include "auth/master_key.h"
#include "auth/random.h"

namespace hookwarden::auth {
namespace {

TEST(KeyIdTest, EightHexCharactersThatTellKeysApart) {
  const SecretKey key = RandomKey();
  const std::string id = KeyId(key);
  ASSERT_EQ(id.size(), 8u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(KeyId(key), id) << "stable";
  EXPECT_NE(KeyId(RandomKey()), id);
  // Not a piece of the key itself.
  EXPECT_EQ(EncodeKeyHex(key).find(id), std::string::npos);
  // BLAKE2b-128 keyed with 32 zero bytes over the label, first 4 bytes: every
  // build names a key alike.
  EXPECT_EQ(KeyId(SecretKey{}), "b51aaa1e");
}

TEST(KeyRingTest, NewestFirstWithoutDuplicates) {
  const SecretKey a = RandomKey(), b = RandomKey(), c = RandomKey();
  KeyRing ring({a, b, a});
  ASSERT_EQ(ring.size(), 2u);
  EXPECT_EQ(ring.newest().id, KeyId(a));
  EXPECT_EQ(ring.entries()[1].id, KeyId(b));
  ASSERT_NE(ring.Find(KeyId(b)), nullptr);
  EXPECT_EQ(ring.Find(KeyId(b))->bytes, b.bytes);
  EXPECT_EQ(ring.Find(KeyId(c)), nullptr);
  EXPECT_TRUE(KeyRing().empty());

  KeyRing merged = KeyRing({c, a}).MergedWith(ring);
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged.entries()[0].id, KeyId(c));
  EXPECT_EQ(merged.entries()[1].id, KeyId(a));
  EXPECT_EQ(merged.entries()[2].id, KeyId(b));
}

}  // namespace
}  // namespace hookwarden::auth
