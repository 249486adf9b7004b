#include "cli/table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hookwarden::cli {
namespace {

TEST(TableTest, ColumnsAreAsWideAsTheirWidestCell) {
  std::string out =
      FormatTable({{"ID"}, {"NAME"}, {"USES", Align::kRight}},
                  {{"itk_1", "ci", "3"}, {"itk_22", "a", "1234"}});
  EXPECT_EQ(out,
            "ID      NAME  USES\n"
            "itk_1   ci       3\n"
            "itk_22  a     1234\n");
}

TEST(TableTest, NoTrailingSpaces) {
  std::string out = FormatTable({{"A"}, {"LONG TITLE"}}, {{"x", ""}, {"", ""}});
  EXPECT_EQ(out,
            "A  LONG TITLE\n"
            "x\n"
            "\n");
}

TEST(TableTest, HeaderOnlyWhenThereAreNoRows) {
  EXPECT_EQ(FormatTable({{"ID"}, {"TYPE"}}, {}), "ID  TYPE\n");
}

TEST(TableTest, ShortRowsArePaddedAndLongRowsCut) {
  std::string out =
      FormatTable({{"A"}, {"B"}, {"C"}}, {{"1"}, {"1", "2", "3", "extra"}});
  EXPECT_EQ(out,
            "A  B  C\n"
            "1\n"
            "1  2  3\n");
}

TEST(TableTest, WidthCountsCodePointsNotBytes) {
  std::string out =
      FormatTable({{"NAME"}, {"X"}}, {{"çà", "1"}, {"abcde", "2"}});
  EXPECT_EQ(out,
            "NAME   X\n"
            "çà     1\n"
            "abcde  2\n");
  EXPECT_EQ(DisplayWidth("çà"), 2u);
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("\xe2\x82\xac"), 1u);  // the euro sign
}

TEST(TableTest, CellsCannotInjectTerminalControls) {
  std::string out =
      FormatTable({{"NAME"}, {"X"}}, {{"evil\x1b[2J\nname", "1"}});
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out,
            "NAME               X\n"
            "evil\\x1b[2J\\nname  1\n");
}

TEST(TerminalSafeTest, KeepsPrintableTextAndValidUtf8) {
  EXPECT_EQ(TerminalSafe("plain text 123 ~!"), "plain text 123 ~!");
  EXPECT_EQ(TerminalSafe("Café ☕ 😀"), "Café ☕ 😀");
  EXPECT_EQ(TerminalSafe(""), "");
}

TEST(TerminalSafeTest, EscapesControlsAndInvalidBytes) {
  EXPECT_EQ(TerminalSafe("a\tb\r\nc"), "a\\tb\\r\\nc");
  EXPECT_EQ(TerminalSafe(std::string("\0\x7f", 2)), "\\x00\\x7f");
  EXPECT_EQ(TerminalSafe("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(TerminalSafe("\xc3"), "\\xc3");                    // cut sequence
  EXPECT_EQ(TerminalSafe("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(TerminalSafe("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
  EXPECT_EQ(TerminalSafe("\xc2\x9b"), "\\u009b");              // C1 CSI
  EXPECT_EQ(TerminalSafe("\xc2\xa0"), "\xc2\xa0");             // no-break space
}

TEST(LabelledTest, ValuesStartInOneColumn) {
  EXPECT_EQ(
      FormatLabelled(
          {{"ID", "itk_1"}, {"Last used", "never"}, {"Applications", ""}}),
      "ID:           itk_1\n"
      "Last used:    never\n"
      "Applications:\n");
  EXPECT_EQ(FormatLabelled({}), "");
  EXPECT_EQ(FormatLabelled({{"Name", "a\nb"}}), "Name: a\\nb\n");
}

}  // namespace
}  // namespace hookwarden::cli
