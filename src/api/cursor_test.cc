#include "api/cursor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hookwarden::api {
namespace {

TEST(CursorTest, RoundTrips) {
  Cursor c{1, 1764800000123, "inc_abc"};
  std::string text = EncodeCursor(c);
  EXPECT_EQ(text.find_first_not_of("0123456789abcdef"), std::string::npos);
  auto back = DecodeCursor(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, c);
  Cursor negative{0, -5, "42"};
  EXPECT_EQ(*DecodeCursor(EncodeCursor(negative)), negative);
}

TEST(CursorTest, RefusesWhatItDidNotMake) {
  const std::vector<std::string> bad_cursors = {
      "x",       "abc", "zz", "00", "302e", EncodeCursor({0, 1, "a"}).substr(2),
      "312e322e"};
  for (const std::string& bad : bad_cursors) {
    auto r = DecodeCursor(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "cursor");
  }
  EXPECT_FALSE(DecodeCursor(std::string(514, 'a')).ok());
  EXPECT_FALSE(DecodeCursor(EncodeCursor({0, 1, "a b"})).ok());
}

}  // namespace
}  // namespace hookwarden::api
