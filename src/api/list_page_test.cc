#include "api/list_page.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace hookwarden::api {
namespace {

struct Row {
  std::string name;
  std::string id;
};

boost::json::object Page(const std::vector<Row>& rows,
                         const PageRequest& page) {
  return WholeListPage(
      "rows", rows, page, [](const Row& r) { return boost::json::value(r.id); },
      [](const Row& r) {
        return ListPosition{r.name, r.id};
      });
}

// The page `query` asks for of the list `scope`.
Result<PageRequest> Ask(std::string scope, std::string query) {
  http::Request request;
  request.query = std::move(query);
  return ReadPageRequest(request, std::move(scope));
}

std::string Next(const boost::json::object& page) {
  return std::string(page.at("next_cursor").as_string());
}

TEST(ListPageTest, PagesInKeyOrderEachRowOnceWhileRowsAreAdded) {
  std::vector<Row> rows = {{"b", "2"}, {"a", "9"}, {"b", "1"}, {"c", "3"}};
  auto page = Ask("rows:org_1", "limit=2");
  ASSERT_TRUE(page.ok());
  boost::json::object first = Page(rows, *page);
  EXPECT_EQ(boost::json::serialize(first.at("rows")), R"(["9","1"])");
  EXPECT_EQ(first.at("total").as_int64(), 4);
  ASSERT_TRUE(first.at("next_cursor").is_string());

  // A row before the cursor and one after it arrive between the pages.
  rows.push_back({"a", "0"});
  rows.push_back({"bb", "4"});
  page = Ask("rows:org_1", "limit=2&cursor=" + Next(first));
  ASSERT_TRUE(page.ok()) << page.status().message();
  boost::json::object second = Page(rows, *page);
  EXPECT_EQ(boost::json::serialize(second.at("rows")), R"(["2","4"])");
  page = Ask("rows:org_1", "limit=2&cursor=" + Next(second));
  ASSERT_TRUE(page.ok());
  boost::json::object last = Page(rows, *page);
  EXPECT_EQ(boost::json::serialize(last.at("rows")), R"(["3"])");
  EXPECT_TRUE(last.at("next_cursor").is_null());
}

TEST(ListPageTest, KeysMayHoldAnyTextOfAName) {
  std::string name(100, 'x');
  name += "\xe2\x82\xac \"&=?";
  std::vector<Row> rows = {{name, "prd_1"}, {name, "prd_2"}};
  auto page = Ask("products:org_1", "limit=1");
  ASSERT_TRUE(page.ok());
  std::string next = Next(Page(rows, *page));
  page = Ask("products:org_1", "limit=1&cursor=" + next);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->after, (ListPosition{name, "prd_1"}));
}

TEST(ListPageTest, RefusesABadLimitAndACursorOfAnotherList) {
  std::string cursor = EncodeListCursor("products:org_1", {"a", "prd_1"});
  ASSERT_TRUE(Ask("products:org_1", "cursor=" + cursor).ok());
  for (const auto& [scope, query, field] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"products:org_2", "cursor=" + cursor, "cursor"},
           {"channels:org_1", "cursor=" + cursor, "cursor"},
           {"products:org_1", "cursor=zz", "cursor"},
           {"products:org_1", "cursor=" + cursor.substr(2), "cursor"},
           {"products:org_1", "cursor=" + std::string(2050, 'a'), "cursor"},
           {"products:org_1", "cursor=" + cursor.substr(0, 34), "cursor"},
           {"products:org_1", "limit=0", "limit"},
           {"products:org_1", "limit=501", "limit"},
           {"products:org_1", "limit=ten", "limit"}}) {
    auto r = Ask(scope, query);
    ASSERT_FALSE(r.ok()) << scope << " " << query;
    EXPECT_EQ(r.status().field(), field) << query;
    EXPECT_EQ(r.status().code(), ErrorCode::kBadRequest);
  }
  auto fallback = Ask("products:org_1", "");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->limit, kDefaultListLimit);
}

}  // namespace
}  // namespace hookwarden::api
