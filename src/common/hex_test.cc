#include "common/hex.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

TEST(HexTest, EveryByteTakesTwoLowercaseDigitsAndComesBack) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  std::string hex = HexText(all);
  ASSERT_EQ(hex.size(), 512u);
  EXPECT_EQ(hex.substr(0, 8), "00010203");
  EXPECT_EQ(hex.substr(hex.size() - 6), "fdfeff");
  EXPECT_EQ(HexText(std::string("\x7f\x80\xa5", 3)), "7f80a5");
  EXPECT_EQ(HexText(""), "");
  EXPECT_EQ(FromHexText(hex), all);
}

TEST(HexTest, OnlyAnEvenCountOfLowercaseDigitsIsRead) {
  EXPECT_EQ(FromHexText(""), "");
  EXPECT_EQ(FromHexText("0"), std::nullopt);
  EXPECT_EQ(FromHexText("0A"), std::nullopt);
  EXPECT_EQ(FromHexText("0g"), std::nullopt);
  EXPECT_EQ(FromHexText("4142"), "AB");
}

}  // namespace
}  // namespace hookwarden
