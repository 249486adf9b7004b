#include "http/json_body.h"

#include <gtest/gtest.h>

namespace hookwarden::http {
namespace {

Request WithContentType(std::optional<std::string> type) {
  Request r;
  if (type) r.headers.set("Content-Type", *type);
  return r;
}

TEST(MediaTypeTest, MatchesInAnyCaseWithoutItsParameters) {
  for (const char* same :
       {"application/json", "Application/JSON",
        "application/json; charset=utf-8", "application/json ;charset=utf-8",
        "APPLICATION/JSON;"}) {
    EXPECT_TRUE(IsMediaType(WithContentType(same), "application/json")) << same;
  }
  for (const char* other : {"application/jsonx", "application/x-ndjson",
                            "text/json", "", "application/jso"}) {
    EXPECT_FALSE(IsMediaType(WithContentType(other), "application/json"))
        << other;
  }
  EXPECT_FALSE(IsMediaType(WithContentType(std::nullopt), "application/json"));
  EXPECT_TRUE(IsMediaType(WithContentType(std::nullopt), ""));
}

TEST(BodyReaderTest, RefusesAFieldItWasNotAskedFor) {
  boost::json::object body{{"a", "x"}, {"b", 1}, {"c", true}};
  BodyReader reader(body);
  EXPECT_EQ(reader.String("a", true), "x");
  EXPECT_EQ(reader.Int("b", true, 0, 10), 1);
  Status s = reader.Finish();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "c");
}

}  // namespace
}  // namespace hookwarden::http
