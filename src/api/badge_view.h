// A badge as the /badge routes draw it: an SVG in the flat style, or the
// shields.io endpoint JSON {schemaVersion, label, message, color}. Pure.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace hookwarden::api {

struct Badge {
  std::string label;
  std::string message;
  std::string color;  // A shields.io named color ("brightgreen", "red").
};

// The application's state: operational (brightgreen), incident (red),
// maintenance (blue).
Badge StateBadge(std::string_view app_slug, std::string_view state);
// Its uptime over `window` ("24h", "7d", "30d"): the percentage rounded
// down to two decimals ("99.95%", "100%"); brightgreen from 99.9, green
// from 99, yellow from 95, red below.
Badge UptimeBadge(std::string_view app_slug, std::string_view window,
                  double uptime_percent);

boost::json::object BadgeJson(const Badge& badge);
// A 20-pixel-high SVG with the label on grey and the message on the
// color; every text escaped.
std::string BadgeSvg(const Badge& badge);

}  // namespace hookwarden::api
