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

TEST(BodyReaderTest, AnIntegerIsWholeAndInItsRange) {
  boost::json::object body{{"ok", 255},     {"big", 256}, {"half", 2.5},
                           {"text", "3"},   {"low", -1},  {"huge", UINT64_MAX},
                           {"unsigned", 7u}};
  auto first_error = [&](const char* name) {
    BodyReader reader(body);
    std::optional<int64_t> n = reader.Int(name, true, 0, 255);
    EXPECT_FALSE(n.has_value()) << name;
    return reader.Finish().message();
  };
  BodyReader reader(body);
  EXPECT_EQ(reader.Int("ok", true, 0, 255), 255);
  EXPECT_EQ(reader.Int("unsigned", true, 0, 255), 7);
  EXPECT_EQ(first_error("big"), "big must be from 0 to 255");
  EXPECT_EQ(first_error("low"), "low must be from 0 to 255");
  EXPECT_EQ(first_error("half"), "half must be an integer from 0 to 255");
  EXPECT_EQ(first_error("text"), "text must be an integer from 0 to 255");
  EXPECT_EQ(first_error("huge"), "huge must be an integer from 0 to 255");
}

}  // namespace
}  // namespace hookwarden::http
