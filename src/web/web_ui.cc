#include "web/web_ui.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>

#include "common/hex.h"
#include "web/content_type.h"

namespace hookwarden::web {
namespace {

constexpr std::string_view kShellPath = "index.html";

std::string Digest(std::span<const EmbeddedFile> files) {
  crypto_generichash_state state;
  std::array<unsigned char, 16> out{};
  crypto_generichash_init(&state, nullptr, 0, out.size());
  auto add = [&state](std::string_view part) {
    uint64_t size = part.size();
    crypto_generichash_update(
        &state, reinterpret_cast<const unsigned char*>(&size), sizeof size);
    crypto_generichash_update(
        &state, reinterpret_cast<const unsigned char*>(part.data()),
        part.size());
  };
  for (const EmbeddedFile& file : files) {
    add(file.path);
    add(file.content);
  }
  crypto_generichash_final(&state, out.data(), out.size());
  return HexText(
      std::string_view(reinterpret_cast<const char*>(out.data()), 8));
}

std::string ReplaceAll(std::string_view text, std::string_view from,
                       std::string_view to) {
  std::string out;
  size_t start = 0;
  for (size_t at; (at = text.find(from, start)) != std::string_view::npos;
       start = at + from.size()) {
    out.append(text.substr(start, at - start));
    out.append(to);
  }
  out.append(text.substr(start));
  return out;
}

// True when an If-None-Match header value lists `etag` (or is "*").
bool Matches(std::optional<std::string_view> if_none_match,
             std::string_view etag) {
  if (!if_none_match) return false;
  std::string_view rest = *if_none_match;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag || item == "*") return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

WebUi::WebUi(std::span<const EmbeddedFile> files)
    : version_(Digest(files)), etag_("\"" + version_ + "\"") {
  bool have_shell = false;
  for (const EmbeddedFile& file : files) {
    if (file.path == kShellPath) {
      shell_ = ReplaceAll(file.content, kAssetBasePlaceholder,
                          "/assets/" + version_);
      have_shell = true;
    } else if (file.path.ends_with(".html")) {
      pages_.emplace(file.path, ReplaceAll(file.content, kAssetBasePlaceholder,
                                           "/assets/" + version_));
    } else {
      assets_.emplace(file.path, file.content);
    }
  }
  if (!have_shell) std::abort();
}

http::Response WebUi::Answer(std::string_view content_type,
                             std::string_view body,
                             std::string_view cache_control,
                             const http::Request& request) const {
  http::Response r;
  r.cache_control = cache_control;
  r.headers = {{"ETag", etag_},
               {"Content-Security-Policy", std::string(kContentSecurityPolicy)},
               {"X-Frame-Options", "DENY"},
               {"Referrer-Policy", "no-referrer"},
               {"Cross-Origin-Opener-Policy", "same-origin"}};
  if (Matches(request.Header("if-none-match"), etag_)) {
    r.status = 304;
    r.content_type = {};
    return r;
  }
  r.content_type = content_type;
  r.body = std::string(body);
  return r;
}

http::Response WebUi::Shell(const http::Request& request) const {
  return Answer(ContentTypeFor(kShellPath), shell_, "no-cache", request);
}

http::Response WebUi::Page(std::string_view path,
                           const http::Request& request) const {
  auto page = pages_.find(path);
  if (page == pages_.end()) {
    return http::ErrorResponse(Status::NotFound("no such page"));
  }
  return Answer(ContentTypeFor(path), page->second, "no-cache", request);
}

http::Response WebUi::Asset(std::string_view version, std::string_view path,
                            const http::Request& request) const {
  auto file = assets_.find(path);
  if (version != version_ || file == assets_.end()) {
    return http::ErrorResponse(
        Status::NotFound("no such file in this version of the web UI"));
  }
  return Answer(ContentTypeFor(path), file->second,
                "public, max-age=31536000, immutable", request);
}

}  // namespace hookwarden::web
