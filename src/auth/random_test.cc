#include "auth/random.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>

namespace hookwarden::auth {
namespace {

bool IsBase62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

TEST(RandomTest, EnsureSodiumInitialisesLibsodiumOnce) {
  EnsureSodium();
  EnsureSodium();
  // sodium_init() answers 1 when libsodium is initialised already.
  EXPECT_EQ(sodium_init(), 1);
  EXPECT_EQ(RandomBase62(16).size(), 16u);
}

TEST(RandomTest, RandomBase62HasLengthAndAlphabet) {
  EXPECT_EQ(RandomBase62(0), "");
  for (std::size_t n : {1u, 7u, 32u, 64u, 65u, 1000u}) {
    std::string s = RandomBase62(n);
    ASSERT_EQ(s.size(), n);
    EXPECT_TRUE(std::all_of(s.begin(), s.end(), IsBase62)) << s;
  }
}

TEST(RandomTest, RandomBase62UsesWholeAlphabetRoughlyEvenly) {
  // 620,000 draws: each symbol is expected 10,000 times (sd about 99), so
  // +-600 (6 sd) essentially never fails by chance, while naive `byte % 62`
  // (first 8 symbols about 12,100 times, the rest about 9,700) or a missing
  // symbol does.
  std::string s = RandomBase62(620000);
  std::array<int, 256> counts{};
  for (char c : s) ++counts[static_cast<unsigned char>(c)];
  int distinct = 0;
  for (int c = 0; c < 256; ++c) {
    if (counts[c] == 0) continue;
    ++distinct;
    EXPECT_GT(counts[c], 9400) << static_cast<char>(c);
    EXPECT_LT(counts[c], 10600) << static_cast<char>(c);
  }
  EXPECT_EQ(distinct, 62);
}

TEST(RandomTest, RandomBase62Differs) {
  EXPECT_NE(RandomBase62(32), RandomBase62(32));
}

TEST(RandomTest, NewIdHasPrefixAndLowercaseBody) {
  std::string id = NewId("org");
  ASSERT_EQ(id.size(), 4u + 20u);
  EXPECT_EQ(id.substr(0, 4), "org_");
  for (char c : id.substr(4)) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) << id;
  }
  EXPECT_EQ(NewId("").substr(0, 1), "_");
  EXPECT_EQ(NewId("").size(), 21u);
}

TEST(RandomTest, OrderedIdsLookLikeIdsAndBeginWithTheirTime) {
  // 1,796,444,486,893 ms (December 2026) is "mx9wnxf1" in base 36.
  std::string id = NewOrderedId("inc", 1'796'444'486'893);
  ASSERT_EQ(id.size(), 4u + 20u);
  EXPECT_EQ(id.substr(0, 13), "inc_0mx9wnxf1");
  for (char c : id.substr(4)) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) << id;
  }
  EXPECT_EQ(NewOrderedId("run", 0).substr(0, 13), "run_000000000");
  EXPECT_EQ(NewOrderedId("run", 35).substr(0, 13), "run_00000000z");
  EXPECT_EQ(NewOrderedId("run", 36).substr(0, 13), "run_000000010");
  EXPECT_EQ(NewOrderedId("run", -5).substr(0, 13), "run_000000000");
  EXPECT_EQ(NewOrderedId("run", 101'559'956'668'415).substr(0, 13),
            "run_zzzzzzzzz");
  EXPECT_EQ(NewOrderedId("run", INT64_MAX).substr(0, 13), "run_zzzzzzzzz");
}

TEST(RandomTest, OrderedIdsSortByTheirTimeAndDifferWithinOneMillisecond) {
  // Times spread over every digit position, each compared with the next
  // millisecond and with a later time; the byte order is the time order.
  int64_t t = 1;
  for (int digit = 0; digit < 9; ++digit, t *= 36) {
    for (int64_t at : {t - 1, t, t + 1, 2 * t + 7}) {
      EXPECT_LT(NewOrderedId("dlv", at), NewOrderedId("dlv", at + 1)) << at;
      EXPECT_LT(NewOrderedId("dlv", at), NewOrderedId("dlv", at + 36 * t));
    }
  }
  std::set<std::string> same_time;
  std::set<char> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewOrderedId("dlv", 1'796'444'486'893);
    same_time.insert(id);
    seen.insert(id.begin() + 13, id.end());
  }
  EXPECT_EQ(same_time.size(), 1000u);
  EXPECT_EQ(seen.size(), 36u);
  // September 2020: any clock this runs on is later.
  EXPECT_LT(NewOrderedId("inc", 1'600'000'000'000), NewOrderedId("inc"));
}

TEST(RandomTest, NewIdsAreDistinctAndUseAllLowercaseSymbols) {
  std::set<std::string> ids;
  std::set<char> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewId("app");
    ids.insert(id);
    seen.insert(id.begin() + 4, id.end());
  }
  EXPECT_EQ(ids.size(), 1000u);
  EXPECT_EQ(seen.size(), 36u);
}

TEST(RandomTest, RandomHexHasLengthAndAlphabet) {
  EXPECT_EQ(RandomHex(0), "");
  std::string h = RandomHex(16);
  ASSERT_EQ(h.size(), 32u);
  for (char c : h) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << h;
  }
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

TEST(RandomTest, RandomKeysDifferAndAreNotZero) {
  SecretKey a = RandomKey();
  SecretKey b = RandomKey();
  EXPECT_NE(a.bytes, b.bytes);
  EXPECT_NE(a.bytes, SecretKey{}.bytes);
}

TEST(SecretKeyTest, CopiesAreIndependent) {
  SecretKey a = RandomKey();
  SecretKey b = a;
  EXPECT_EQ(a.bytes, b.bytes);
  b.bytes[0] ^= 1;
  EXPECT_NE(a.bytes, b.bytes);
  SecretKey c = std::move(a);
  EXPECT_NE(c.bytes, SecretKey{}.bytes);
}

}  // namespace
}  // namespace hookwarden::auth
