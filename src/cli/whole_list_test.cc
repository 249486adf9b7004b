#include "cli/whole_list.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

ApiResponse Answer(int status, const std::string& body) {
  return {status, body, json::parse(body)};
}

TEST(WholeListTest, FollowsNextCursorAndJoinsThePages) {
  std::map<std::string, ApiResponse> pages = {
      {"/x?a=1&limit=100",
       Answer(200, R"({"items":[1,2],"total":3,"next_cursor":"c1"})")},
      {"/x?a=1&limit=100&cursor=c1",
       Answer(200, R"({"items":[3],"total":3,"next_cursor":null})")}};
  std::vector<std::string> asked;
  auto whole = ReadWholeList(
      [&](const std::string& path) -> std::optional<ApiResponse> {
        asked.push_back(path);
        auto it = pages.find(path);
        if (it == pages.end()) return std::nullopt;
        return it->second;
      },
      "/x?a=1", "items");
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(asked.size(), 2u);
  EXPECT_EQ(whole->json,
            json::parse(R"({"items":[1,2,3],"total":3,"next_cursor":null})"));
  EXPECT_EQ(json::parse(whole->body), whole->json);
}

TEST(WholeListTest, StopsAtAFailureOrAServerThatRepeatsAPage) {
  auto failing = ReadWholeList(
      [](const std::string&) -> std::optional<ApiResponse> {
        return Answer(403, R"({"error":{"code":"forbidden"}})");
      },
      "/x", "items");
  ASSERT_TRUE(failing.has_value());
  EXPECT_EQ(failing->status, 403);

  int asked = 0;
  auto looping = ReadWholeList(
      [&](const std::string&) -> std::optional<ApiResponse> {
        ++asked;
        return Answer(200, R"({"items":[1],"next_cursor":"same"})");
      },
      "/x", "items");
  EXPECT_FALSE(looping.has_value());
  EXPECT_EQ(asked, 2);
  EXPECT_FALSE(ReadWholeList(
                   [](const std::string&) -> std::optional<ApiResponse> {
                     return Answer(200, R"({"other":[]})");
                   },
                   "/x", "items")
                   .has_value());
}

}  // namespace
}  // namespace hookwarden::cli
