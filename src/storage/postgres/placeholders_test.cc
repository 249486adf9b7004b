#include "storage/postgres/placeholders.h"

#include <gtest/gtest.h>

namespace hookwarden::sql {
namespace {

std::string Numbered(std::string_view sql, int expected_count) {
  int count = -1;
  auto out = NumberPlaceholders(sql, &count);
  EXPECT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(count, expected_count) << sql;
  return out.ok() ? *out : "";
}

TEST(NumberPlaceholdersTest, NumbersEachPlaceholderInOrder) {
  EXPECT_EQ(Numbered("SELECT 1", 0), "SELECT 1");
  EXPECT_EQ(Numbered("INSERT INTO t (a, b, c) VALUES (?, ?,?)", 3),
            "INSERT INTO t (a, b, c) VALUES ($1, $2,$3)");
  EXPECT_EQ(Numbered("SELECT ? + ?*2 LIMIT ? OFFSET ?", 4),
            "SELECT $1 + $2*2 LIMIT $3 OFFSET $4");
}

TEST(NumberPlaceholdersTest, LeavesQuestionMarksInLiteralsAndComments) {
  EXPECT_EQ(Numbered("SELECT '?', ? FROM t", 1), "SELECT '?', $1 FROM t");
  EXPECT_EQ(Numbered("SELECT 'it''s ?', ?", 1), "SELECT 'it''s ?', $1");
  EXPECT_EQ(Numbered("SELECT \"odd?name\" FROM t WHERE a = ?", 1),
            "SELECT \"odd?name\" FROM t WHERE a = $1");
  EXPECT_EQ(Numbered("SELECT ? -- why?\n, ?", 2), "SELECT $1 -- why?\n, $2");
  EXPECT_EQ(Numbered("SELECT /* a ? */ ? /*/ ? */", 1),
            "SELECT /* a ? */ $1 /*/ ? */");
  EXPECT_EQ(Numbered("SELECT ? -- the end?", 1), "SELECT $1 -- the end?");
}

TEST(NumberPlaceholdersTest, RefusesWhatItCannotReadSafely) {
  int count = 0;
  EXPECT_FALSE(NumberPlaceholders("SELECT 'open", &count).ok());
  EXPECT_FALSE(NumberPlaceholders("SELECT \"open", &count).ok());
  EXPECT_FALSE(NumberPlaceholders("SELECT /* open", &count).ok());
  EXPECT_FALSE(NumberPlaceholders("SELECT $1", &count).ok());
  EXPECT_FALSE(NumberPlaceholders("SELECT $$?$$", &count).ok());
  EXPECT_TRUE(NumberPlaceholders("SELECT '$1'", &count).ok());
}

}  // namespace
}  // namespace hookwarden::sql
