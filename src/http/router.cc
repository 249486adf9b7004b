#include "http/router.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "http/path_segments.h"

namespace hookwarden::http {

void Router::Add(std::string_view method, std::string_view pattern,
                 Handler handler, bool inline_handler) {
  routes_.emplace_back(std::string(method), std::string(pattern));
  Node* node = &root_;
  for (std::string_view segment : SplitPath(pattern)) {
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

bool Router::Walk(const Node& node, PathCursor segments,
                  std::vector<std::pair<std::string, std::string>>* params,
                  const Node** found) {
  if (segments.done()) {
    if (node.handlers.empty()) return false;
    *found = &node;
    return true;
  }
  std::string_view segment = segments.Next();
  auto literal = node.literals.find(segment);
  if (literal != node.literals.end() &&
      Walk(*literal->second, segments, params, found)) {
    return true;
  }
  // An empty segment (a trailing slash, "//") matches only a route that
  // names it, never a placeholder.
  if (node.placeholder && !segment.empty()) {
    std::optional<std::string> value = DecodePathSegment(segment);
    if (!value) return false;
    params->emplace_back(node.placeholder_name, std::move(*value));
    if (Walk(*node.placeholder, segments, params, found)) return true;
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
  if (!Walk(root_, PathCursor(path), &params, &node)) return match;
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
