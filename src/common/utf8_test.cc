#include "common/utf8.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

TEST(ValidUtf8Test, WellFormedTextIsUnchanged) {
  const std::string text =
      "ok \xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\xA6\n";
  EXPECT_EQ(ValidUtf8(text), text);
  EXPECT_EQ(ValidUtf8(""), "");
}

TEST(ValidUtf8Test, IllFormedBytesBecomeReplacementCharacters) {
  const std::string r = "\xEF\xBF\xBD";
  // Latin-1 bytes, as a job might print a file name.
  EXPECT_EQ(ValidUtf8("caf\xE9\xFF!"), "caf" + r + r + "!");
  // A stray continuation byte and a sequence cut short by the end.
  EXPECT_EQ(ValidUtf8("\x80"
                      "a\xE2\x82"),
            r + "a" + r);
  // A sequence cut short by an ASCII byte: one replacement, then the byte.
  EXPECT_EQ(ValidUtf8("\xE2\x82x"), r + "x");
  // Overlong forms, a surrogate and a code point past U+10FFFF.
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), r + r);
  EXPECT_EQ(ValidUtf8("\xE0\x80\xAF"), r + r + r);
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), r + r + r);
  EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80"), r + r + r + r);
}

TEST(StorableTextTest, NulCharactersAndIllFormedBytesBecomeReplacements) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(StorableText(std::string("a\0b\0", 4)), "a" + r + "b" + r);
  EXPECT_EQ(StorableText(std::string("\xFF\0", 2)), r + r);
  EXPECT_EQ(StorableText("plain \xC3\xA9"), "plain \xC3\xA9");
}

}  // namespace
}  // namespace hookwarden
