#include "http/router.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "http/path_segments.h"

namespace hookwarden::http {

template <class T>
const T* Router::FindNamed(const Named<T>& named, std::string_view name) {
  for (const auto& [n, value] : named) {
    if (n == name) return &value;
  }
  return nullptr;
}

template <class T>
T& Router::AddNamed(Named<T>& named, std::string_view name) {
  auto at = std::lower_bound(
      named.begin(), named.end(), name,
      [](const auto& entry, std::string_view n) { return entry.first < n; });
  if (at == named.end() || at->first != name) {
    at = named.emplace(at, std::string(name), T());
  }
  return at->second;
}

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
      auto& child = AddNamed(node->literals, segment);
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  node->pattern = std::string(pattern);
  if (FindNamed(node->handlers, method) != nullptr) std::abort();
  AddNamed(node->handlers, method) = {std::move(handler), inline_handler};
}

bool Router::Walk(const Node& node, PathCursor segments, PathParams* params,
                  const Node** found) {
  if (segments.done()) {
    if (node.handlers.empty()) return false;
    *found = &node;
    return true;
  }
  std::string_view segment = segments.Next();
  const std::unique_ptr<Node>* literal = FindNamed(node.literals, segment);
  if (literal != nullptr && Walk(**literal, segments, params, found)) {
    return true;
  }
  // An empty segment (a trailing slash, "//") matches only a route that
  // names it, never a placeholder.
  if (node.placeholder && !segment.empty()) {
    std::optional<std::string> value = DecodePathSegment(segment);
    if (!value) return false;
    params->Push(node.placeholder_name, std::move(*value));
    if (Walk(*node.placeholder, segments, params, found)) return true;
    params->Pop();
  }
  return false;
}

Router::Match Router::Find(std::string_view method,
                           std::string_view path) const {
  Match match;
  PathParams params;
  const Node* node = nullptr;
  if (path.empty() || path[0] != '/') return match;
  if (!Walk(root_, PathCursor(path), &params, &node)) return match;
  match.route = node->pattern;
  const Node::Entry* entry = FindNamed(node->handlers, method);
  // HEAD is answered as GET (the server leaves the body out).
  if (entry == nullptr && method == "HEAD") {
    entry = FindNamed(node->handlers, "GET");
  }
  if (entry == nullptr) {
    for (const auto& [m, h] : node->handlers) {
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += m;
      if (m == "GET" && FindNamed(node->handlers, "HEAD") == nullptr)
        match.allow += ", HEAD";
    }
    return match;
  }
  match.handler = &entry->handler;
  match.inline_handler = entry->inline_handler;
  match.params = std::move(params);
  return match;
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  auto routes = routes_;
  std::sort(routes.begin(), routes.end());
  return routes;
}

}  // namespace hookwarden::http
