#include "http/router.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace hookwarden::http {
namespace {

// The segments of an absolute path; "/" has none.
std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.size() <= 1) return segments;
  size_t start = 1;
  while (true) {
    size_t end = path.find('/', start);
    segments.push_back(
        path.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return segments;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes a path segment; nullopt for bad escapes or a NUL byte.
std::optional<std::string> Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace

void Router::Add(std::string_view method, std::string_view pattern,
                 Handler handler, bool inline_handler) {
  routes_.emplace_back(std::string(method), std::string(pattern));
  Node* node = &root_;
  for (std::string_view segment : Split(pattern)) {
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      std::string name(segment.substr(1, segment.size() - 2));
      if (!node->placeholder) {
        node->placeholder = std::make_unique<Node>();
        node->placeholder_name = name;
      } else if (node->placeholder_name != name) {
        std::abort();
      }
      node = node->placeholder.get();
    } else {
      auto& child = node->literals[std::string(segment)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  node->pattern = std::string(pattern);
  Node::Entry entry{std::move(handler), inline_handler};
  if (!node->handlers.emplace(std::string(method), std::move(entry)).second) {
    std::abort();
  }
}

bool Router::Walk(const Node& node,
                  const std::vector<std::string_view>& segments, size_t i,
                  std::vector<std::pair<std::string, std::string>>* params,
                  const Node** found) {
  if (i == segments.size()) {
    if (node.handlers.empty()) return false;
    *found = &node;
    return true;
  }
  std::string_view segment = segments[i];
  auto literal = node.literals.find(segment);
  if (literal != node.literals.end() &&
      Walk(*literal->second, segments, i + 1, params, found)) {
    return true;
  }
  // An empty segment (a trailing slash, "//") matches only a route that
  // names it, never a placeholder.
  if (node.placeholder && !segment.empty()) {
    std::optional<std::string> value = Decode(segment);
    if (!value) return false;
    params->emplace_back(node.placeholder_name, std::move(*value));
    if (Walk(*node.placeholder, segments, i + 1, params, found)) return true;
    params->pop_back();
  }
  return false;
}

Router::Match Router::Find(std::string_view method,
                           std::string_view path) const {
  Match match;
  std::vector<std::pair<std::string, std::string>> params;
  const Node* node = nullptr;
  if (path.empty() || path[0] != '/') return match;
  if (!Walk(root_, Split(path), 0, &params, &node)) return match;
  match.route = node->pattern;
  auto it = node->handlers.find(method);
  // HEAD is answered as GET (the server leaves the body out).
  if (it == node->handlers.end() && method == "HEAD") {
    it = node->handlers.find("GET");
  }
  if (it == node->handlers.end()) {
    for (const auto& [m, h] : node->handlers) {
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += m;
      if (m == "GET" && !node->handlers.contains("HEAD"))
        match.allow += ", HEAD";
    }
    return match;
  }
  match.handler = &it->second.handler;
  match.inline_handler = it->second.inline_handler;
  for (auto& [name, value] : params)
    match.params.emplace(std::move(name), std::move(value));
  return match;
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  auto routes = routes_;
  std::sort(routes.begin(), routes.end());
  return routes;
}

}  // namespace hookwarden::http
