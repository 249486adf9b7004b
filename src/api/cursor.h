// Cursors of the list endpoints: `?limit=&cursor=` asks for a page, and the
// answer's `next_cursor` (null on the last page) is where the next one
// starts. A cursor is the position of the last item shown in the list's order
// (a rank, a time and an id), opaque to clients: they pass it back as given.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/views.h"
#include "common/hex.h"
#include "common/status.h"
#include "http/request.h"

namespace hookwarden::api {

struct Cursor {
  int64_t rank = 0;  // e.g. 0 for open incidents, 1 for resolved ones
  int64_t time = 0;  // epoch milliseconds
  std::string id;

  bool operator==(const Cursor&) const = default;
};

// The 400 naming `cursor` for a cursor the list did not answer.
Status MalformedCursor();

// The cursor as a URL-safe string (lowercase hex).
std::string EncodeCursor(const Cursor& cursor);

// The cursor EncodeCursor made, or a 400 naming `cursor` for anything else
// (including a string over 512 characters).
Result<Cursor> DecodeCursor(std::string_view text);

// The `cursor` query parameter, nullopt when absent or empty.
Result<std::optional<Cursor>> CursorParam(const http::Request& request);

// The answer of a page: {name: [json(item)...], next_cursor}. `items` were
// read with a limit of `limit` + 1: when the extra one came, it is dropped
// and next_cursor is EncodeCursor(position(last item shown)); otherwise null.
template <class T, class F, class P>
boost::json::object PageJson(std::string_view name, std::vector<T> items,
                             int limit, F json, P position) {
  boost::json::value next = nullptr;
  if (items.size() > static_cast<size_t>(limit)) {
    items.resize(static_cast<size_t>(limit));
    next = boost::json::string(EncodeCursor(position(items.back())));
  }
  boost::json::object out = ListJson(name, items, json);
  out["next_cursor"] = std::move(next);
  return out;
}

}  // namespace hookwarden::api
