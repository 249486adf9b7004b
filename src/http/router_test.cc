#include "http/router.h"

#include <gtest/gtest.h>

namespace hookwarden::http {
namespace {

Handler Named(std::string name, std::string* called) {
  return [name, called](Request&, Responder) { *called = name; };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/api/v1/orgs", Named("list", &called_));
    router_.Add("POST", "/api/v1/orgs", Named("create", &called_));
    router_.Add("GET", "/api/v1/orgs/{org}", Named("get", &called_));
    router_.Add("GET", "/api/v1/orgs/{org}/products/{product}",
                Named("product", &called_));
    router_.Add("GET", "/api/v1/orgs/mine", Named("mine", &called_));
  }
  void Call(const Router::Match& m) {
    Request r;
    (*m.handler)(r, [](Response) {});
  }
  Router router_;
  std::string called_;
};

TEST_F(RouterTest, MatchesLiteralsAndPlaceholders) {
  auto m = router_.Find("GET", "/api/v1/orgs/acme/products/web");
  ASSERT_NE(m.handler, nullptr);
  Call(m);
  EXPECT_EQ(called_, "product");
  EXPECT_EQ(m.route, "/api/v1/orgs/{org}/products/{product}");
  EXPECT_EQ(m.params.at("org"), "acme");
  EXPECT_EQ(m.params.at("product"), "web");
}

TEST_F(RouterTest, LiteralBeatsPlaceholder) {
  auto m = router_.Find("GET", "/api/v1/orgs/mine");
  ASSERT_NE(m.handler, nullptr);
  Call(m);
  EXPECT_EQ(called_, "mine");
}

TEST_F(RouterTest, WrongMethodListsAllowed) {
  auto m = router_.Find("DELETE", "/api/v1/orgs");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.allow, "GET, HEAD, POST");
}

TEST_F(RouterTest, HeadFindsTheGetHandler) {
  auto m = router_.Find("HEAD", "/api/v1/orgs/mine");
  ASSERT_NE(m.handler, nullptr);
  Call(m);
  EXPECT_EQ(called_, "mine");
}

TEST_F(RouterTest, UnknownPathsAreNotFound) {
  for (const char* path :
       {"/", "", "//", "/api/v1/orgs/", "/api/v1/orgs/a/b", "/api/v2/orgs",
        "/api/v1/orgs//products/x", "relative"}) {
    auto m = router_.Find("GET", path);
    EXPECT_EQ(m.handler, nullptr) << path;
    EXPECT_TRUE(m.allow.empty()) << path;
  }
}

TEST_F(RouterTest, DecodesParametersAndRejectsBadEscapes) {
  auto m = router_.Find("GET", "/api/v1/orgs/a%20b");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.params.at("org"), "a b");
  EXPECT_EQ(router_.Find("GET", "/api/v1/orgs/a%2").handler, nullptr);
  EXPECT_EQ(router_.Find("GET", "/api/v1/orgs/a%zz").handler, nullptr);
  EXPECT_EQ(router_.Find("GET", "/api/v1/orgs/a%00").handler, nullptr);
}

TEST(RouterRootTest, RootIsItsOwnRoute) {
  Router router;
  std::string called;
  router.Add("GET", "/", Named("root", &called));
  router.Add("GET", "/{page}", Named("page", &called));
  auto root = router.Find("GET", "/");
  ASSERT_NE(root.handler, nullptr);
  EXPECT_EQ(root.route, "/");
  EXPECT_EQ(router.Find("GET", "/login").route, "/{page}");
  for (const char* path : {"", "//", "x"}) {
    EXPECT_EQ(router.Find("GET", path).handler, nullptr) << path;
  }
}

TEST(RouterTrailingSlashTest, MatchesOnlyARouteThatNamesIt) {
  Router router;
  std::string called;
  router.Add("POST", "/v2/enqueue", Named("plain", &called));
  router.Add("POST", "/v2/enqueue/", Named("slash", &called));
  router.Add("POST", "/v2/{x}", Named("placeholder", &called));
  EXPECT_EQ(router.Find("POST", "/v2/enqueue").route, "/v2/enqueue");
  EXPECT_EQ(router.Find("POST", "/v2/enqueue/").route, "/v2/enqueue/");
  // An empty segment never fills a placeholder.
  EXPECT_EQ(router.Find("POST", "/v2/").handler, nullptr);
  EXPECT_EQ(router.Find("POST", "/v2//").handler, nullptr);
}

TEST(RouterDeathTest, PlaceholdersAtOnePlaceShareTheirName) {
  Router router;
  router.Add("GET", "/a/{x}", [](Request&, Responder) {});
  EXPECT_DEATH(router.Add("GET", "/a/{y}/b", [](Request&, Responder) {}), "");
}

}  // namespace
}  // namespace hookwarden::http
