// The web UI as the real binary serves it: the app shell at the UI's page
// paths, versioned assets, and their security and cache headers.
#include <regex>

#include "harness.h"

namespace hookwarden::testing {
namespace {

class WebUiTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start()); }

  Response Get(std::string_view target, const Pairs& headers = {}) {
    return HttpClient(server_.port()).Request("GET", target, {}, headers);
  }

  // The asset base the shell names, e.g. "/assets/0123456789abcdef".
  std::string AssetBase() {
    std::smatch m;
    std::string body = Get("/").body;
    EXPECT_TRUE(std::regex_search(body, m, std::regex("/assets/[0-9a-f]{16}")))
        << body;
    return m.empty() ? "" : m.str();
  }

  // Every header line of GET `target` as received, to count repeats.
  std::string RawHeaders(std::string_view target) {
    RawConnection c(server_.port());
    EXPECT_TRUE(c.Send(BuildRequest("GET", target, {{"Connection", "close"}})));
    std::string received;
    EXPECT_TRUE(c.WaitClosed(10000ms, &received));
    return received.substr(0, received.find("\r\n\r\n"));
  }

  ServerProcess server_;
};

void ExpectSecurityHeaders(const Response& r) {
  std::string csp = r.header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("style-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
}

TEST_F(WebUiTest, ShellAtRootAndEveryPagePath) {
  for (const char* path : {"/", "/login", "/orgs/acme", "/orgs/acme/settings",
                           "/orgs/acme/applications/checkout-api",
                           "/orgs/acme/settings/channels/chn_1"}) {
    Response r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(r.header("cache-control"), "no-cache") << path;
    EXPECT_NE(r.body.find("<script type=\"module\" src=\"/assets/"),
              std::string::npos)
        << path;
    EXPECT_EQ(r.body.find("{{asset_base}}"), std::string::npos);
    ExpectSecurityHeaders(r);
  }
}

TEST_F(WebUiTest, ShellRevalidatesWithItsETag) {
  Response first = Get("/");
  std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  Response again = Get("/orgs/acme", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(Get("/", {{"If-None-Match", "\"stale\""}}).status, 200);
}

TEST_F(WebUiTest, AssetsAreImmutableWithTheirContentTypes) {
  std::string base = AssetBase();
  Response js = Get(base + "/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
  ExpectSecurityHeaders(js);
  Response css = Get(base + "/app.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
  Response page = Get(base + "/pages/settings.js");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Integration"), std::string::npos);
}

TEST_F(WebUiTest, EachHeaderOnce) {
  for (std::string target : {std::string("/"), AssetBase() + "/app.js"}) {
    std::string headers = RawHeaders(target);
    for (const char* name : {"Cache-Control:", "X-Content-Type-Options:",
                             "Content-Security-Policy:"}) {
      size_t first = headers.find(name);
      EXPECT_NE(first, std::string::npos) << target << " " << name;
      EXPECT_EQ(headers.find(name, first + 1), std::string::npos)
          << target << " repeats " << name;
    }
  }
}

TEST_F(WebUiTest, UnknownPathsAreJsonNotFound) {
  std::string base = AssetBase();
  for (std::string path :
       {std::string("/api/v1/nothing"), std::string("/nothing"),
        std::string("/orgs/a/b/c/d/e"), base + "/missing.js",
        base + "/index.html", std::string("/assets/0000000000000000/app.js"),
        base + "/pages/../app.js"}) {
    Response r = Get(path);
    EXPECT_TRUE(IsError(r, 404, "not_found")) << path;
    EXPECT_EQ(r.header("cache-control"), "no-store") << path;
  }
}

}  // namespace
}  // namespace hookwarden::testing
