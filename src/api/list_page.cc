#include "api/list_page.h"

#include <cstdint>

#include "api/cursor.h"
#include "api/query_params.h"

namespace hookwarden::api {
namespace {

// Names are at most 100 code points (400 bytes), ids a few dozen: 2 KiB of
// hex holds any position with room to spare.
constexpr size_t kMaxListCursorChars = 2048;

// 16 hex digits of FNV-1a of the scope: a cursor of another list or
// organization carries other digits.
std::string Fingerprint(std::string_view scope) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : scope) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) {
    bytes[static_cast<size_t>(i)] = static_cast<char>(hash >> (56 - 8 * i));
  }
  return HexText(bytes);
}

// The position of a cursor text: "<fingerprint>.<key>\0<id>", in hex.
Result<ListPosition> DecodeListCursor(std::string_view scope,
                                      std::string_view text) {
  if (text.size() > kMaxListCursorChars) return MalformedCursor();
  std::optional<std::string> plain = FromHexText(text);
  std::string prefix = Fingerprint(scope) + ".";
  if (!plain || !plain->starts_with(prefix)) return MalformedCursor();
  std::string_view rest = std::string_view(*plain).substr(prefix.size());
  size_t split = rest.find('\0');
  if (split == std::string_view::npos || split + 1 == rest.size()) {
    return MalformedCursor();
  }
  return ListPosition{std::string(rest.substr(0, split)),
                      std::string(rest.substr(split + 1))};
}

}  // namespace

ListPosition ByTime(int64_t millis, std::string id) {
  std::string digits = std::to_string(std::max<int64_t>(millis, 0));
  return {std::string(20 - digits.size(), '0') + digits, std::move(id)};
}

std::string EncodeListCursor(std::string_view scope,
                             const ListPosition& position) {
  std::string plain = Fingerprint(scope) + ".";
  plain += position.key;
  plain += '\0';
  plain += position.id;
  return HexText(plain);
}

Result<PageRequest> ReadPageRequest(const http::Request& request,
                                    std::string scope) {
  auto limit = IntParam(request, "limit", kDefaultListLimit, 1, kMaxListLimit);
  if (!limit.ok()) return limit.status();
  PageRequest page{std::move(scope), static_cast<int>(*limit), std::nullopt};
  auto text = request.QueryParam("cursor");
  if (text && !text->empty()) {
    auto after = DecodeListCursor(page.scope, *text);
    if (!after.ok()) return after.status();
    page.after = std::move(*after);
  }
  return page;
}

}  // namespace hookwarden::api
