#include "domain/naming.h"

#include <gtest/gtest.h>

#include <string>

namespace hookwarden {
namespace {

TEST(NamingTest, UsernamesCompareWithoutCase) {
  EXPECT_EQ(UsernameKey("ADMIN"), "admin");
  EXPECT_EQ(UsernameKey("Mia.O-Neil_2"), "mia.o-neil_2");
  EXPECT_EQ(UsernameKey("admin"), UsernameKey("AdMiN"));
}

TEST(NamingTest, SlugRules) {
  EXPECT_TRUE(IsValidSlug("default"));
  EXPECT_TRUE(IsValidSlug("a-1"));
  EXPECT_TRUE(IsValidSlug(std::string(63, 'a')));
  EXPECT_FALSE(IsValidSlug(""));
  EXPECT_FALSE(IsValidSlug("-a"));
  EXPECT_FALSE(IsValidSlug("A"));
  EXPECT_FALSE(IsValidSlug("a_b"));
  EXPECT_FALSE(IsValidSlug(std::string(64, 'a')));
}

TEST(NamingTest, SlugFromName) {
  EXPECT_EQ(SlugFromName("Checkout API"), "checkout-api");
  EXPECT_EQ(SlugFromName("  --Payments!! v2--"), "payments-v2");
  EXPECT_EQ(SlugFromName("日本"), "item");
  EXPECT_EQ(SlugFromName("", "app"), "app");
  EXPECT_EQ(SlugFromName(std::string(100, 'x')).size(), 63u);
  EXPECT_TRUE(IsValidSlug(SlugFromName("x y z")));
}

// Found by the fuzzer: a dash and a character added at 62 made a slug of
// 64 characters, which no slug may be.
TEST(NamingTest, SlugFromALongNameIsAValidSlug) {
  std::string name = std::string(62, 'a') + " b";
  EXPECT_EQ(SlugFromName(name), std::string(62, 'a'));
  EXPECT_TRUE(IsValidSlug(SlugFromName(name)));
  EXPECT_EQ(SlugFromName(std::string(61, 'a') + " bc"),
            std::string(61, 'a') + "-b");
  EXPECT_TRUE(IsValidSlug(SlugFromName(std::string(61, 'a') + " bc")));
}

TEST(NamingTest, Names) {
  EXPECT_TRUE(IsValidName("Checkout"));
  EXPECT_TRUE(IsValidName("日本語"));
  EXPECT_TRUE(IsValidName(std::string(100, 'n')));
  EXPECT_FALSE(IsValidName(std::string(101, 'n')));
  EXPECT_FALSE(IsValidName(""));
  EXPECT_FALSE(IsValidName("   "));
  EXPECT_FALSE(IsValidName("a\nb"));
}

TEST(NamingTest, Usernames) {
  EXPECT_TRUE(IsValidUsername("admin"));
  EXPECT_TRUE(IsValidUsername("jane.doe-2_x"));
  EXPECT_FALSE(IsValidUsername(""));
  EXPECT_FALSE(IsValidUsername(".hidden"));
  EXPECT_FALSE(IsValidUsername("with space"));
  EXPECT_FALSE(IsValidUsername(std::string(65, 'u')));
}

}  // namespace
}  // namespace hookwarden
