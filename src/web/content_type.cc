#include "web/content_type.h"

#include <array>
#include <utility>

namespace hookwarden::web {

std::string_view ContentTypeFor(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10>
      kTypes{{
          {".html", "text/html; charset=utf-8"},
          {".js", "text/javascript; charset=utf-8"},
          {".css", "text/css; charset=utf-8"},
          {".svg", "image/svg+xml"},
          {".png", "image/png"},
          {".ico", "image/x-icon"},
          {".json", "application/json"},
          {".woff2", "font/woff2"},
          {".txt", "text/plain; charset=utf-8"},
          {".md", "text/markdown; charset=utf-8"},
      }};
  size_t slash = path.rfind('/');
  std::string_view name =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    std::string_view extension = name.substr(dot);
    for (const auto& [known, type] : kTypes) {
      if (extension == known) return type;
    }
  }
  return "application/octet-stream";
}

}  // namespace hookwarden::web
