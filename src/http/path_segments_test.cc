#include "http/path_segments.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hookwarden::http {
namespace {

std::vector<std::string_view> ByCursor(std::string_view path) {
  std::vector<std::string_view> out;
  for (PathCursor cursor(path); !cursor.done();) out.push_back(cursor.Next());
  return out;
}

TEST(PathSegmentsTest, SplitsEveryShapeOfPathAsTheCursorWalksIt) {
  using Segments = std::vector<std::string_view>;
  const std::vector<std::pair<std::string_view, Segments>> cases = {
      {"", {}},
      {"/", {}},
      {"/a", {"a"}},
      {"/a/", {"a", ""}},
      {"//", {"", ""}},
      {"///", {"", "", ""}},
      {"/a//b", {"a", "", "b"}},
      {"/a//b/", {"a", "", "b", ""}},
      {"/api/v1/applications/web%20api/hits",
       {"api", "v1", "applications", "web%20api", "hits"}},
  };
  for (const auto& [path, segments] : cases) {
    EXPECT_EQ(SplitPath(path), segments) << path;
    EXPECT_EQ(ByCursor(path), segments) << path;
  }
}

TEST(PathSegmentsTest, ACopyOfTheCursorGoesOnFromWhereItWas) {
  PathCursor cursor("/a/b/c");
  EXPECT_EQ(cursor.Next(), "a");
  PathCursor copy = cursor;
  EXPECT_EQ(cursor.Next(), "b");
  EXPECT_EQ(cursor.Next(), "c");
  EXPECT_TRUE(cursor.done());
  EXPECT_FALSE(copy.done());
  EXPECT_EQ(copy.Next(), "b");
}

TEST(PathSegmentsTest, DecodesEscapesAndRefusesBadOnesAndNul) {
  EXPECT_EQ(DecodePathSegment("web-api"), "web-api");
  EXPECT_EQ(DecodePathSegment(""), "");
  EXPECT_EQ(DecodePathSegment("web%20api"), "web api");
  EXPECT_EQ(DecodePathSegment("%C3%A9t%c3%a9"), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(DecodePathSegment("100%"), std::nullopt);
  EXPECT_EQ(DecodePathSegment("%2"), std::nullopt);
  EXPECT_EQ(DecodePathSegment("%zz"), std::nullopt);
  EXPECT_EQ(DecodePathSegment("a%00b"), std::nullopt);
}

}  // namespace
}  // namespace hookwarden::http
