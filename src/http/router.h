// Maps a method and a path to a handler. Patterns are literal segments and
// `{name}` placeholders, each matching one non-empty segment:
// "/api/v1/orgs/{org}/products/{product}"; "/" alone is the root. Literal
// segments win over placeholders. Build the table once, then Find is
// thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace hookwarden::http {

class PathCursor;

// Hands a handler's answer back to the connection. Call it exactly once,
// from any thread.
using Responder = std::function<void(Response)>;
// A handler answers through the Responder, now or later, on any thread.
using Handler = std::function<void(Request&, Responder)>;

class Router {
 public:
  // Registers `handler` for `method` on `pattern`. Registering the same
  // method and pattern twice, or two names for placeholders at the same
  // place ("/a/{x}" and "/a/{y}/b"), is a programming error (aborts). The
  // dispatcher runs a handler on its worker pool, where it may block; an
  // `inline_handler` runs on the network thread that read the request and must
  // never block (it hands slow work to a worker or a writer itself).
  void Add(std::string_view method, std::string_view pattern, Handler handler,
           bool inline_handler = false);

  struct Match {
    const Handler* handler = nullptr;  // nullptr: no route for this method.
    bool inline_handler = false;
    // The matched pattern; valid as long as the router.
    std::string_view route;
    PathParams params;
    std::string
        allow;  // When the path matched but the method did not: "GET, POST".
  };
  // The route for `method` and `path`; HEAD finds the GET handler when the
  // route has no HEAD of its own. Neither handler nor allow set: 404.
  // Percent-encoded parameters are decoded; a parameter that does not decode
  // to valid text does not match.
  Match Find(std::string_view method, std::string_view path) const;

  // Every registered route as {method, pattern}, sorted: what the API's
  // description (docs/openapi.json) must cover.
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  // Values by name, sorted by name. A node has few (tens of literal
  // segments, a few methods): a scan of one array touches less memory than
  // a walk down a tree of separately allocated nodes, on every request.
  template <class T>
  using Named = std::vector<std::pair<std::string, T>>;
  template <class T>
  static const T* FindNamed(const Named<T>& named, std::string_view name);
  // The value named `name`, added (default-made) when missing.
  template <class T>
  static T& AddNamed(Named<T>& named, std::string_view name);

  struct Node {
    Named<std::unique_ptr<Node>> literals;
    std::unique_ptr<Node> placeholder;
    std::string placeholder_name;
    std::string pattern;
    struct Entry {
      Handler handler;
      bool inline_handler = false;
    };
    Named<Entry> handlers;  // By method.
  };
  static bool Walk(const Node& node, PathCursor segments, PathParams* params,
                   const Node** found);
  Node root_;
  std::vector<std::pair<std::string, std::string>> routes_;
};

}  // namespace hookwarden::http
