#include "auth/crc32.h"

#include <gtest/gtest.h>

#include <string>

namespace hookwarden::auth {
namespace {

// Expected values from zlib.crc32.
TEST(Crc32Test, MatchesZlib) {
  EXPECT_EQ(Crc32(""), 0x00000000u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
}

TEST(Crc32Test, CoversEveryByteIncludingNulAndHighBit) {
  const std::string a("a\0b\xff", 4);
  const std::string b("a\0c\xff", 4);
  EXPECT_NE(Crc32(a), Crc32(b));
  EXPECT_NE(Crc32(a), Crc32(a.substr(0, 3)));
}

}  // namespace
}  // namespace hookwarden::auth
