#include "api/badge_view.h"

#include <cmath>
#include <cstdio>

namespace hookwarden::api {
namespace {

std::string_view Hex(std::string_view color) {
  if (color == "brightgreen") return "#4c1";
  if (color == "green") return "#97ca00";
  if (color == "yellow") return "#dfb317";
  if (color == "blue") return "#007ec6";
  if (color == "red") return "#e05d44";
  return "#9f9f9f";
}

std::string Escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// About the width of `text` in 11 px Verdana, plus padding.
int Width(std::string_view text) {
  return static_cast<int>(text.size()) * 7 + 10;
}

}  // namespace

Badge StateBadge(std::string_view app_slug, std::string_view state) {
  std::string color = state == "operational"   ? "brightgreen"
                      : state == "maintenance" ? "blue"
                                               : "red";
  return {std::string(app_slug), std::string(state), color};
}

Badge UptimeBadge(std::string_view app_slug, std::string_view window,
                  double uptime) {
  std::string message = "100%";
  if (uptime < 100) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%",
                  std::floor(std::max(uptime, 0.0) * 100) / 100);
    message = text;
  }
  std::string color = uptime >= 99.9 ? "brightgreen"
                      : uptime >= 99 ? "green"
                      : uptime >= 95 ? "yellow"
                                     : "red";
  return {std::string(app_slug) + " uptime " + std::string(window), message,
          color};
}

boost::json::object BadgeJson(const Badge& b) {
  return {{"schemaVersion", 1},
          {"label", b.label},
          {"message", b.message},
          {"color", b.color}};
}

std::string BadgeSvg(const Badge& b) {
  const int left = Width(b.label), right = Width(b.message);
  const std::string w = std::to_string(left + right);
  const std::string label = Escaped(b.label), message = Escaped(b.message);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w +
         "\" height=\"20\" role=\"img\" aria-label=\"" + label + ": " +
         message + "\"><title>" + label + ": " + message +
         "</title><rect width=\"" + std::to_string(left) +
         "\" height=\"20\" fill=\"#555\"/><rect x=\"" + std::to_string(left) +
         "\" width=\"" + std::to_string(right) + "\" height=\"20\" fill=\"" +
         std::string(Hex(b.color)) +
         "\"/><g fill=\"#fff\" text-anchor=\"middle\" "
         "font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" "
         "font-size=\"11\"><text x=\"" +
         std::to_string(left / 2) + "\" y=\"14\">" + label +
         "</text><text x=\"" + std::to_string(left + right / 2) +
         "\" y=\"14\">" + message + "</text></g></svg>";
}

}  // namespace hookwarden::api
