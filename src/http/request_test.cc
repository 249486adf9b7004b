#include "http/request.h"

#include <gtest/gtest.h>

namespace hookwarden::http {
namespace {

TEST(RequestTest, HeaderMatchesAnyCaseAndGivesTheFirstOfItsName) {
  Request request;
  request.headers.insert("Content-Type", "application/json");
  request.headers.insert("X-Request-Id-Extra", "other");
  request.headers.insert("X-Request-Id", "first");
  request.headers.insert("x-request-id", "second");
  request.headers.insert("Authorization", "Bearer abc");

  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(request.Header("x-request-id"), "first");
  EXPECT_EQ(request.Header("X-REQUEST-ID-EXTRA"), "other");
  EXPECT_EQ(request.Header("authorization"), "Bearer abc");
  // Neither a part of a name nor a name of the same length matches.
  EXPECT_EQ(request.Header("x-request"), std::nullopt);
  EXPECT_EQ(request.Header("Authorizatio_"), std::nullopt);
  EXPECT_EQ(request.Header("cookie"), std::nullopt);
  EXPECT_EQ(request.Header(""), std::nullopt);
}

TEST(RequestTest, AFieldHttpNamesIsFoundByItsNumberInAnyCase) {
  Request request;
  request.headers.insert("content-TYPE", "text/plain");
  request.headers.insert("X-Authorization", "not this one");
  request.headers.insert("AUTHORIZATION", "Bearer abc");
  request.headers.insert("Authorization", "Bearer second");
  namespace bhttp = boost::beast::http;
  EXPECT_EQ(request.Header(bhttp::field::content_type), "text/plain");
  EXPECT_EQ(request.Header(bhttp::field::authorization), "Bearer abc");
  EXPECT_EQ(request.Header(bhttp::field::cookie), std::nullopt);
}

}  // namespace
}  // namespace hookwarden::http
