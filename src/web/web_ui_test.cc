#include "web/web_ui.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hookwarden::web {
namespace {

const std::vector<EmbeddedFile> kFiles = {
    {"app.css", "body{}"},
    {"app.js", "import './pages/login.js';"},
    {"index.html",
     "<link href=\"{{asset_base}}/app.css\">"
     "<script type=\"module\" src=\"{{asset_base}}/app.js\"></script>"},
    {"pages/login.js", "export {};"},
    {"status.html", "<script type=\"module\" src=\"{{asset_base}}/s.js\">"},
};

std::string Header(const http::Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

http::Request WithIfNoneMatch(std::string value) {
  http::Request request;
  request.headers.set("if-none-match", value);
  return request;
}

TEST(WebUiTest, ShellNamesTheVersionedAssets) {
  WebUi ui(kFiles);
  http::Response r = ui.Shell({});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.cache_control, "no-cache");
  EXPECT_EQ(Header(r, "ETag"), "\"" + ui.version() + "\"");
  std::string base = "/assets/" + ui.version();
  EXPECT_EQ(r.body, "<link href=\"" + base +
                        "/app.css\"><script type=\"module\" src=\"" + base +
                        "/app.js\"></script>");
}

TEST(WebUiTest, EveryAnswerCarriesTheSecurityHeaders) {
  WebUi ui(kFiles);
  for (const http::Response& r :
       {ui.Shell({}), ui.Asset(ui.version(), "app.js", {})}) {
    EXPECT_EQ(Header(r, "Content-Security-Policy"), kContentSecurityPolicy);
    EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY");
    EXPECT_EQ(Header(r, "Referrer-Policy"), "no-referrer");
  }
  EXPECT_NE(kContentSecurityPolicy.find("default-src 'self'"),
            std::string_view::npos);
  EXPECT_EQ(kContentSecurityPolicy.find("unsafe"), std::string_view::npos);
}

TEST(WebUiTest, AssetsAreImmutableWithTheirContentType) {
  WebUi ui(kFiles);
  http::Response css = ui.Asset(ui.version(), "app.css", {});
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body{}");
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(css.cache_control, "public, max-age=31536000, immutable");
  http::Response nested = ui.Asset(ui.version(), "pages/login.js", {});
  EXPECT_EQ(nested.status, 200);
  EXPECT_EQ(nested.body, "export {};");
  EXPECT_EQ(nested.content_type, "text/javascript; charset=utf-8");
}

TEST(WebUiTest, UnknownFilesOtherVersionsAndTheShellAreNotAssets) {
  WebUi ui(kFiles);
  for (const http::Response& r : {ui.Asset(ui.version(), "missing.js", {}),
                                  ui.Asset(ui.version(), "index.html", {}),
                                  ui.Asset(ui.version(), "../app.js", {}),
                                  ui.Asset("0000000000000000", "app.js", {})}) {
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_NE(r.body.find("\"not_found\""), std::string::npos);
  }
}

TEST(WebUiTest, OtherPagesAreAnsweredLikeTheShellAndAreNotAssets) {
  WebUi ui(kFiles);
  http::Response page = ui.Page("status.html", {});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page.body, "<script type=\"module\" src=\"/assets/" + ui.version() +
                           "/s.js\">");
  EXPECT_EQ(Header(page, "Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_EQ(ui.Page("missing.html", {}).status, 404);
  EXPECT_EQ(ui.Asset(ui.version(), "status.html", {}).status, 404);
}

TEST(WebUiTest, MatchingETagAnswers304WithoutBody) {
  WebUi ui(kFiles);
  std::string etag = "\"" + ui.version() + "\"";
  for (const std::string& sent :
       {etag, "\"other\", " + etag, "W/" + etag, std::string("*")}) {
    http::Response r = ui.Shell(WithIfNoneMatch(sent));
    EXPECT_EQ(r.status, 304) << sent;
    EXPECT_TRUE(r.body.empty());
    EXPECT_TRUE(r.content_type.empty());
    EXPECT_EQ(Header(r, "ETag"), etag);
  }
  EXPECT_EQ(ui.Shell(WithIfNoneMatch("\"stale\"")).status, 200);
  EXPECT_EQ(ui.Asset(ui.version(), "app.js", WithIfNoneMatch(etag)).status,
            304);
}

TEST(WebUiTest, VersionFollowsEveryFile) {
  std::vector<EmbeddedFile> changed = kFiles;
  changed[3].content = "export const x = 1;";
  std::vector<EmbeddedFile> renamed = kFiles;
  renamed[0].path = "main.css";
  WebUi ui(kFiles);
  EXPECT_EQ(ui.version().size(), 16u);
  EXPECT_EQ(WebUi(kFiles).version(), ui.version());
  EXPECT_NE(WebUi(changed).version(), ui.version());
  EXPECT_NE(WebUi(renamed).version(), ui.version());
}

TEST(WebUiTest, TheEmbeddedUiHasAShellThatLoadsItsScript) {
  WebUi ui(EmbeddedWebFiles());
  http::Response shell = ui.Shell({});
  EXPECT_NE(shell.body.find("/assets/" + ui.version() + "/app.js"),
            std::string::npos);
  EXPECT_EQ(shell.body.find(kAssetBasePlaceholder), std::string::npos);
  EXPECT_EQ(ui.Asset(ui.version(), "app.js", {}).status, 200);
}

}  // namespace
}  // namespace hookwarden::web
