#include "api/badge_view.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace hookwarden::api {
namespace {

TEST(BadgeViewTest, StatesHaveTheirColors) {
  EXPECT_EQ(StateBadge("api", "operational").color, "brightgreen");
  EXPECT_EQ(StateBadge("api", "incident").color, "red");
  EXPECT_EQ(StateBadge("api", "maintenance").color, "blue");
  EXPECT_EQ(boost::json::serialize(BadgeJson(StateBadge("api", "incident"))),
            R"({"schemaVersion":1,"label":"api","message":"incident",)"
            R"("color":"red"})");
}

TEST(BadgeViewTest, UptimeIsRoundedDownAndColoredByThreshold) {
  Badge b = UptimeBadge("api", "7d", 99.999);
  EXPECT_EQ(b.label, "api uptime 7d");
  EXPECT_EQ(b.message, "99.99%");
  EXPECT_EQ(b.color, "brightgreen");
  EXPECT_EQ(UptimeBadge("api", "7d", 100).message, "100%");
  EXPECT_EQ(UptimeBadge("api", "7d", 99.5).color, "green");
  EXPECT_EQ(UptimeBadge("api", "7d", 96).color, "yellow");
  Badge low = UptimeBadge("api", "24h", 100.0 * 23 / 24);
  EXPECT_EQ(low.message, "95.83%");
  EXPECT_EQ(low.color, "yellow");
  EXPECT_EQ(UptimeBadge("api", "24h", 50).color, "red");
}

TEST(BadgeViewTest, TheSvgEscapesItsText) {
  std::string svg = BadgeSvg({"a<b", "x&\"y", "red"});
  EXPECT_NE(svg.find("a&lt;b"), std::string::npos);
  EXPECT_NE(svg.find("x&amp;&quot;y"), std::string::npos);
  EXPECT_EQ(svg.find("a<b"), std::string::npos);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_NE(svg.find("#e05d44"), std::string::npos);
}

}  // namespace
}  // namespace hookwarden::api
