#include "http/flat_json.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <span>
#include <string>
#include <vector>

namespace hookwarden::http {
namespace {

boost::json::value AsValue(const FlatValue& v) {
  switch (v.kind) {
    case boost::json::kind::bool_:
      return v.boolean;
    case boost::json::kind::int64:
      return v.int64;
    case boost::json::kind::uint64:
      return v.uint64;
    case boost::json::kind::double_:
      return v.number;
    case boost::json::kind::string:
      return boost::json::string(v.text);
    default:
      return nullptr;
  }
}

// The members as one object (the last of a key wins), for comparing with
// what boost::json::parse makes of the same text.
boost::json::object AsObject(std::span<const FlatMember> members) {
  boost::json::object out;
  for (const FlatMember& m : members) out[m.key] = AsValue(m.value);
  return out;
}

// The items as an array of objects.
boost::json::array AsArray(const FlatMembers& flat) {
  boost::json::array out;
  for (size_t i = 0; i < flat.items(); ++i)
    out.push_back(AsObject(flat.item(i)));
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
    FlatMembers flat;
    ASSERT_TRUE(ParseFlatJsonObject(text, flat)) << text;
    EXPECT_EQ(boost::json::serialize(AsObject(flat.object())),
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
  FlatMembers flat;
  ASSERT_TRUE(ParseFlatJsonObject(text, flat));
  ASSERT_EQ(flat.object().size(), 1u);
  EXPECT_EQ(flat.object()[0].key, value);
  EXPECT_EQ(flat.object()[0].value.text, value);
  EXPECT_EQ(boost::json::serialize(AsObject(flat.object())),
            boost::json::serialize(boost::json::parse(text)));
  // Kept by the result: the parser's buffers are gone.
  FlatMembers moved = std::move(flat);
  EXPECT_EQ(moved.object()[0].value.text, value);
}

TEST(FlatJsonTest, StringsAndKeysThatBeginEscapedAreKept) {
  // Their first part comes from the parser's own buffer, not the text: they
  // are kept, and read the same after another parse has used that buffer
  // and the result has moved.
  FlatMembers object, array;
  ASSERT_TRUE(ParseFlatJsonObject(R"({"\u0041":"\nx","\t":"\"q"})", object));
  ASSERT_TRUE(ParseFlatJsonArray(R"([{"m":"\"q","\t":1},{"\u0042b":"\\"}])", 10,
                                 array));
  FlatMembers other;
  ASSERT_TRUE(
      ParseFlatJsonObject(R"({"\u005a\u005a":"\u005a\u005a\u005a"})", other));
  FlatMembers moved = std::move(object);
  std::span<const FlatMember> m = moved.object();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].key, "A");
  EXPECT_EQ(m[0].value.text, "\nx");
  EXPECT_EQ(m[1].key, "\t");
  EXPECT_EQ(m[1].value.text, "\"q");
  ASSERT_EQ(array.items(), 2u);
  EXPECT_EQ(array.item(0)[0].value.text, "\"q");
  EXPECT_EQ(array.item(0)[1].key, "\t");
  EXPECT_EQ(array.item(1)[0].key, "Bb");
  EXPECT_EQ(array.item(1)[0].value.text, "\\");
}

TEST(FlatJsonTest, KeepsTheMembersInTheTextsOrderWithTheirKinds) {
  FlatMembers flat;
  ASSERT_TRUE(ParseFlatJsonObject(R"({"stale":1})", flat));
  std::string text = R"({"s":"x","i":-1,"u":18446744073709551615,)"
                     R"("d":0.5,"b":true,"n":null,"s":"y"})";
  ASSERT_TRUE(ParseFlatJsonObject(text, flat));
  std::vector<std::string> keys;
  for (const FlatMember& m : flat.object()) keys.emplace_back(m.key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"s", "i", "u", "d", "b", "n", "s"}));
  std::span<const FlatMember> m = flat.object();
  ASSERT_EQ(m[0].value.kind, boost::json::kind::string);
  EXPECT_EQ(m[0].value.text, "x");
  // A string that came whole is a view of the text.
  EXPECT_GE(m[0].value.text.data(), text.data());
  EXPECT_LT(m[0].value.text.data(), text.data() + text.size());
  ASSERT_EQ(m[1].value.kind, boost::json::kind::int64);
  EXPECT_EQ(m[1].value.int64, -1);
  ASSERT_EQ(m[2].value.kind, boost::json::kind::uint64);
  EXPECT_EQ(m[2].value.uint64, 18446744073709551615u);
  ASSERT_EQ(m[3].value.kind, boost::json::kind::double_);
  EXPECT_EQ(m[3].value.number, 0.5);
  ASSERT_EQ(m[4].value.kind, boost::json::kind::bool_);
  EXPECT_TRUE(m[4].value.boolean);
  EXPECT_EQ(m[5].value.kind, boost::json::kind::null);
  EXPECT_EQ(m[6].value.text, "y");
  EXPECT_EQ(flat.items(), 0u);
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
    FlatMembers flat;
    EXPECT_FALSE(ParseFlatJsonObject(text, flat)) << text;
  }
}

TEST(FlatJsonTest, ReadsAnArrayOfFlatObjectsAsTheTreeDoes) {
  for (
      const char* text : {
          R"([])",
          R"([{}])",
          R"( [ {"application":"a","status":"hit","latency_ms":12} ,)"
          R"({"application":"b","status":"failure","message":"x\ny"},{}] )",
          R"([{"a":1,"a":2},{"k\u0041y":null,"t":true,"u":18446744073709551615}])",
      }) {
    FlatMembers flat;
    ASSERT_TRUE(ParseFlatJsonArray(text, 10, flat)) << text;
    EXPECT_EQ(boost::json::serialize(AsArray(flat)),
              boost::json::serialize(boost::json::parse(text)))
        << text;
  }
}

TEST(FlatJsonTest, WhatIsNotAnArrayOfFlatObjectsIsLeftToTheTree) {
  for (const char* text : {
           R"({"a":1})",           // An object.
           R"([1])",               // An item that is not an object.
           R"([{"a":1},"b"])",     //
           R"([{"a":1},null])",    //
           R"([[{"a":1}]])",       // An array inside.
           R"([{"a":[1]}])",       // An item with an array inside,
           R"([{"a":{"b":1}}])",   // or an object.
           R"([{"a":1})",          // Cut short.
           R"([{"a":1}] [])",      // Something after it.
           R"([{"a":1},])",        // A trailing comma.
           R"([{"a":1}/* c */])",  // A comment.
           R"([{"a":1},{},{}])",   // More items than allowed.
       }) {
    FlatMembers flat;
    EXPECT_FALSE(ParseFlatJsonArray(text, 2, flat)) << text;
  }
  FlatMembers flat;
  EXPECT_TRUE(ParseFlatJsonArray(R"([{"a":1},{}])", 2, flat));
  EXPECT_EQ(flat.items(), 2u);
  EXPECT_EQ(flat.item(0).size(), 1u);
  EXPECT_EQ(flat.item(1).size(), 0u);
}

}  // namespace
}  // namespace hookwarden::http
