#include "web/content_type.h"

#include <gtest/gtest.h>

namespace hookwarden::web {
namespace {

TEST(ContentTypeTest, KnownExtensions) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("pages/settings.js"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("app.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("favicon.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("settings.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("font.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("docs/api.md"), "text/markdown; charset=utf-8");
}

TEST(ContentTypeTest, UnknownOrMissingExtensionIsOpaque) {
  EXPECT_EQ(ContentTypeFor("README"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("archive.tar.gz"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor(".js"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("dir.js/file"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("app.JS"), "application/octet-stream");
}

}  // namespace
}  // namespace hookwarden::web
