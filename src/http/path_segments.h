// The segments of a request's path, as the router and the access log read
// them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hookwarden::http {

// The segments of an absolute path, still percent-encoded; "/" has none and
// "/a//b/" has "a", "", "b", "". The views point into `path`. Pure.
std::vector<std::string_view> SplitPath(std::string_view path);

// The same segments one at a time, without a list: Next() gives each in
// turn until done(). A copy goes on from where the original was.
class PathCursor {
 public:
  explicit PathCursor(std::string_view path)
      : rest_(path.size() <= 1 ? std::string_view() : path.substr(1)),
        done_(path.size() <= 1) {}
  bool done() const { return done_; }
  // The next segment (a view into the path). Only while !done().
  std::string_view Next() {
    size_t end = rest_.find('/');
    std::string_view segment = rest_.substr(0, end);
    if (end == std::string_view::npos) {
      done_ = true;
      rest_ = {};
    } else {
      rest_.remove_prefix(end + 1);
    }
    return segment;
  }

 private:
  std::string_view rest_;
  bool done_;
};

// Percent-decodes a path segment; nullopt for a bad escape or %00. Pure.
std::optional<std::string> DecodePathSegment(std::string_view segment);

}  // namespace hookwarden::http
