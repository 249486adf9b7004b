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

Request JsonRequest(std::string body) {
  Request r;
  r.headers.set("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

// What a BodyReader answers for a single event's fields.
std::string ReadEventLike(const BodyReader& base) {
  BodyReader reader = base;
  std::string out;
  auto s = reader.String("message", false);
  out += "message=" + s.value_or("-") + ";";
  auto n = reader.Number("latency_ms", false, 0, 1e6);
  out += "latency=" + (n ? std::to_string(*n) : "-") + ";";
  auto i = reader.Int("exit_code", false, 0, 255);
  out += "exit=" + (i ? std::to_string(*i) : "-") + ";";
  auto ns = reader.NullableString("run_id");
  out += "run=" + (ns ? ns->value_or("null") : "-") + ";";
  Status done = reader.Finish();
  out += done.ok()
             ? "ok"
             : done.error_code() + ":" + done.field() + ":" + done.message();
  return out;
}

TEST(ObjectBodyTest, AnswersAsTheTreeDoesFlatOrNot) {
  for (const char* text : {
           R"({"message":"ok","latency_ms":12})",
           R"({"message":"ok","latency_ms":12,"extra":1})",
           R"({"message":5})",
           R"({"message":"a\u0000b"})",
           R"({"exit_code":256})",
           R"({"exit_code":1.5,"latency_ms":-1})",
           R"({"run_id":null,"message":"x","message":"y"})",
           R"({"latency_ms":"12"})",
           R"({"message":{"nested":true}})",
           R"({"message":["a"]})",
           R"({"unknown":[1],"message":"m"})",
       }) {
    Request request = JsonRequest(text);
    auto tree = ParseJsonObject(request);
    ASSERT_TRUE(tree.ok()) << text;
    ObjectBody body;
    ASSERT_TRUE(body.Parse(request, false, {}).ok()) << text;
    EXPECT_EQ(ReadEventLike(body.Reader()), ReadEventLike(BodyReader(*tree)))
        << text;
  }
}

TEST(ObjectBodyTest, RefusesWhatParseJsonObjectRefuses) {
  for (const char* text : {"[1]", "{\"a\":", "12", "{} {}", "nope"}) {
    Request request = JsonRequest(text);
    auto tree = ParseJsonObject(request);
    ObjectBody body;
    Status parsed = body.Parse(request, false, {});
    ASSERT_FALSE(tree.ok()) << text;
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error_code(), tree.status().error_code()) << text;
    EXPECT_EQ(parsed.message(), tree.status().message()) << text;
  }
  Request plain = JsonRequest(R"({"a":1})");
  plain.headers.set("Content-Type", "text/plain");
  ObjectBody body;
  EXPECT_EQ(body.Parse(plain, false, {}).code(),
            ErrorCode::kUnsupportedMediaType);
  // An empty body is an empty object only when allowed.
  Request empty = JsonRequest("");
  Request one = JsonRequest(R"({"a":1})");
  ASSERT_TRUE(body.Parse(one, false, {}).ok());
  ASSERT_TRUE(body.Parse(empty, true, {}).ok());
  EXPECT_TRUE(body.Reader().Finish().ok());  // Nothing left of the last.
  EXPECT_FALSE(body.Parse(empty, false, {}).ok());
}

}  // namespace
}  // namespace hookwarden::http
