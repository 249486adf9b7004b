#include "http/flat_json.h"

#include <gtest/gtest.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

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
           R"({"z":-0,"inf":1e400,"low":-9223372036854775809,)"
           R"("high":18446744073709551616,"e":-1.5E-3})",
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

TEST(FlatJsonTest, LongEscapedStringsAndKeysComeWhole) {
  // Past the parser's own buffer, given in many parts.
  std::string value, escaped;
  for (int i = 0; i < 3000; ++i) {
    value += "a\"\n";
    escaped += "a\\\"\\n";
  }
  std::string text = "{\"" + escaped + "\":\"" + escaped + "\"}";
  unsigned char buffer[1024];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  FlatJsonObject flat;
  ASSERT_TRUE(ParseFlatJsonObject(text, &memory, flat));
  ASSERT_EQ(flat.size(), 1u);
  EXPECT_EQ(flat[0].key, value);
  EXPECT_EQ(flat[0].value.as_string(), value);
  EXPECT_EQ(boost::json::serialize(AsObject(flat)),
            boost::json::serialize(boost::json::parse(text)));
}

TEST(FlatJsonTest, KeepsTheMembersInTheTextsOrderWithTheirKinds) {
  FlatJsonObject flat = {{"stale", {}}};
  ASSERT_TRUE(ParseFlatJsonObject(R"({"s":"x","i":-1,"u":18446744073709551615,)"
                                  R"("d":0.5,"b":true,"n":null,"s":"y"})",
                                  {}, flat));
  std::vector<std::string> keys;
  for (const FlatMember& m : flat) keys.emplace_back(m.key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"s", "i", "u", "d", "b", "n", "s"}));
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
           R"({"a":{"b":1}})",    // An object inside.
           R"({"a":[1,2]})",      // An array inside.
           R"({"a":[]})",         // An empty one too.
           R"([1,2])",            // Not an object.
           R"("text")",           //
           R"(12)",               //
           R"()",                 // Nothing.
           R"({"a":1)",           // Cut short.
           R"({"a":1} x)",        // Something after it.
           R"({"a":1}{"b":2})",   // Two of them.
           R"({"a":1,})",         // A trailing comma.
           R"({"a":1 /* c */})",  // A comment.
           "{\"a\":\"\xff\"}",    // Not UTF-8.
           R"({"a":tru})",        // Not a value.
           R"({"a":"\ud800"})",   // A lone surrogate.
       }) {
    FlatJsonObject flat;
    EXPECT_FALSE(ParseFlatJsonObject(text, {}, flat)) << text;
  }
}

}  // namespace
}  // namespace hookwarden::http
