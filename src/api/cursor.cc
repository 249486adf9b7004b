#include "api/cursor.h"

#include <charconv>

namespace hookwarden::api {
namespace {

constexpr size_t kMaxCursorChars = 512;

Status Malformed() {
  return Status::BadRequest(
      "cursor is not one this list answered: pass next_cursor back as given",
      "bad_request", "cursor");
}

bool ParseInt(std::string_view text, int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

Status MalformedCursor() { return Malformed(); }

std::string EncodeCursor(const Cursor& cursor) {
  return HexText(std::to_string(cursor.rank) + "." +
                 std::to_string(cursor.time) + "." + cursor.id);
}

Result<Cursor> DecodeCursor(std::string_view text) {
  if (text.size() > kMaxCursorChars) return Malformed();
  std::optional<std::string> decoded = FromHexText(text);
  if (!decoded) return Malformed();
  const std::string& plain = *decoded;
  size_t first = plain.find('.');
  size_t second =
      first == std::string::npos ? first : plain.find('.', first + 1);
  if (second == std::string::npos) return Malformed();
  Cursor cursor;
  std::string_view view(plain);
  if (!ParseInt(view.substr(0, first), cursor.rank) ||
      !ParseInt(view.substr(first + 1, second - first - 1), cursor.time)) {
    return Malformed();
  }
  cursor.id = plain.substr(second + 1);
  for (unsigned char c : cursor.id) {
    if (c < 0x21 || c > 0x7e) return Malformed();
  }
  if (cursor.id.empty()) return Malformed();
  return cursor;
}

Result<std::optional<Cursor>> CursorParam(const http::Request& request) {
  auto text = request.QueryParam("cursor");
  if (!text || text->empty()) return std::optional<Cursor>();
  auto cursor = DecodeCursor(*text);
  if (!cursor.ok()) return cursor.status();
  return std::optional<Cursor>(*cursor);
}

}  // namespace hookwarden::api
