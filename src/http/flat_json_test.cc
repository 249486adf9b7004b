#include "http/flat_json.h"

#include <gtest/gtest.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "http/json_body.h"

namespace hookwarden::http {
namespace {

// The members as one object (the last of a key wins), for comparing with
// what boost::json::parse makes of the same text.
boost::json::object AsObject(const FlatJsonObject& members) {
  boost::json::object out;
  for (const FlatMember& m : members) out[m.key] = m.value;
  return out;
}

TEST(FlatJsonTest, ReadsEachScalarAsTheTreeDoes) {
  for (const char* text : {
           R"({})",
           R"({"latency_ms":12,"message":"ok"})",
           R"( { "a" : -5 , "b" : 18446744073709551615 , "c" : 1.5e3 } )",
           R"({"t":true,"f":false,"n":null,"big":9223372036854775808})",
           R"({"esc":"a\"b\\c\u00e9\ud83d\ude00\n","k\u0041y":"v"})",
           R"({"a":1,"b":2,"a":"last"})",
       }) {
    unsigned char buffer[4096];
    boost::json::monotonic_resource memory(buffer, sizeof buffer);
    FlatJsonObject flat;
    ASSERT_TRUE(ParseFlatJsonObject(text, &memory, flat)) << text;
    EXPECT_EQ(boost::json::serialize(AsObject(flat)),
              boost::json::serialize(boost::json::parse(text)))
        << text;
  }
}

TEST(FlatJsonTest, KeepsTheMembersInTheTextsOrderWithTheirKinds) {
  FlatJsonObject flat = {{"stale", {}}};
  ASSERT_TRUE(
      ParseFlatJsonObject(R"({"s":"x","i":-1,"u":18446744073709551615,)"
                          R"("d":0.5,"b":true,"n":null,"s":"y"})",
                          {}, flat));
  std::vector<std::string> keys;
  for (const FlatMember& m : flat) keys.emplace_back(m.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"s", "i", "u", "d", "b", "n", "s"}));
  EXPECT_TRUE(flat[0].value.is_string());
  EXPECT_EQ(flat[1].value.as_int64(), -1);
  EXPECT_EQ(flat[2].value.as_uint64(), 18446744073709551615u);
  EXPECT_EQ(flat[3].value.as_double(), 0.5);
  EXPECT_TRUE(flat[4].value.as_bool());
  EXPECT_TRUE(flat[5].value.is_null());
  EXPECT_EQ(flat[6].value.as_string(), "y");
}

TEST(FlatJsonTest, WhatIsNotAFlatObjectIsLeftToTheTree) {
  for (const char* text : {
           R"({"a":{"b":1}})",      // An object inside.
           R"({"a":[1,2]})",        // An array inside.
           R"({"a":[]})",           // An empty one too.
           R"([1,2])",              // Not an object.
           R"("text")",             //
           R"(12)",                 //
           R"()",                   // Nothing.
           R"({"a":1)",             // Cut short.
           R"({"a":1} x)",          // Something after it.
           R"({"a":1}{"b":2})",     // Two of them.
           R"({"a":1,})",           // A trailing comma.
           R"({"a":1 /* c */})",    // A comment.
           "{\"a\":\"\xff\"}",      // Not UTF-8.
           R"({"a":tru})",          // Not a value.
       }) {
    FlatJsonObject flat;
    EXPECT_FALSE(ParseFlatJsonObject(text, {}, flat)) << text;
  }
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
  out += done.ok() ? "ok" : done.error_code() + ":" + done.field() + ":" +
                                done.message();
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
  ASSERT_TRUE(body.Parse(JsonRequest(R"({"a":1})"), false, {}).ok());
  ASSERT_TRUE(body.Parse(empty, true, {}).ok());
  EXPECT_TRUE(body.Reader().Finish().ok());  // Nothing left of the last.
  EXPECT_FALSE(body.Parse(empty, false, {}).ok());
}

}  // namespace
}  // namespace hookwarden::http
