// Pages of the lists the API reads whole from the store: an organization's
// configuration (products, applications, credentials, secrets, channels,
// members, invitations) and a user's API keys, organizations and
// invitations. Those lists are configuration, not traffic: an organization
// has tens or hundreds of rows in each, not the millions of its events. So
// each page reads the whole list, sorts it by a unique key and answers the
// items after the cursor's position, with the list's `total`; the answer,
// not the read, is bounded by `limit`.
//
// `?limit=` (1 to kMaxListLimit, default kDefaultListLimit) and `?cursor=`
// (a `next_cursor` of the same list, passed back as given) ask for a page.
// A cursor names its position by (key, id), not by index, so rows added or
// removed between pages are neither skipped nor repeated; it also carries a
// fingerprint of its list's scope (e.g. the list's name and organization), so
// a cursor of another list or organization is a 400 naming `cursor`.
#pragma once

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/views.h"
#include "common/status.h"
#include "http/request.h"
#include "http/response.h"

namespace hookwarden::api {

inline constexpr int kDefaultListLimit = 100;
inline constexpr int kMaxListLimit = 500;

// An item's place in its list: ascending by key, then id, compared bytewise.
// (key, id) must be unique in the list.
struct ListPosition {
  std::string key;
  std::string id;

  auto operator<=>(const ListPosition&) const = default;
};

// The position of an item ordered by a time (epoch milliseconds, not
// negative), then its id: the time as 20 digits, so that text order is time
// order.
ListPosition ByTime(int64_t millis, std::string id);

// A page asked for: at most `limit` items after `after` (from the start
// without it), in the list called `scope`.
struct PageRequest {
  std::string scope;
  int limit = kDefaultListLimit;
  std::optional<ListPosition> after;
};

// The request's `limit` and `cursor` for the list `scope`; a 400 naming the
// parameter when `limit` is not an integer in range or `cursor` is not one
// this list answered.
Result<PageRequest> ReadPageRequest(const http::Request& request,
                                    std::string scope);

// The cursor text of `position` in the list `scope` (lowercase hex).
std::string EncodeListCursor(std::string_view scope,
                             const ListPosition& position);

// {name: [json(item)...], total, next_cursor}: the page `page` asks for of
// the whole list `items`, ordered by position(item); next_cursor is null on
// the last page.
template <class T, class F, class P>
boost::json::object WholeListPage(std::string_view name, std::vector<T> items,
                                  const PageRequest& page, F json, P position) {
  std::vector<std::pair<ListPosition, size_t>> order;
  order.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    order.emplace_back(position(items[i]), i);
  }
  std::sort(order.begin(), order.end());
  auto first = order.begin();
  if (page.after) {
    first = std::upper_bound(order.begin(), order.end(), *page.after,
                             [](const ListPosition& after, const auto& item) {
                               return after < item.first;
                             });
  }
  size_t left = static_cast<size_t>(order.end() - first);
  size_t count = std::min(left, static_cast<size_t>(page.limit));
  boost::json::array array;
  array.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    array.push_back(json(items[first[static_cast<ptrdiff_t>(i)].second]));
  }
  boost::json::value next = nullptr;
  if (left > count) {
    next = boost::json::string(EncodeListCursor(
        page.scope, first[static_cast<ptrdiff_t>(count) - 1].first));
  }
  return {{name, std::move(array)},
          {"total", static_cast<int64_t>(items.size())},
          {"next_cursor", std::move(next)}};
}

// The answer of a list endpoint: the page the request asks for (see
// ReadPageRequest) of the list `read()` returns, as WholeListPage; a bad
// request or a failed read as its error. The list is read only for a good
// request.
template <class R, class F, class P>
Result<http::Response> WholeListResponse(const http::Request& request,
                                         std::string scope,
                                         std::string_view name, R read, F json,
                                         P position) {
  auto page = ReadPageRequest(request, std::move(scope));
  if (!page.ok()) return page.status();
  auto items = read();
  if (!items.ok()) return items.status();
  return http::JsonResponse(
      200, WholeListPage(name, std::move(*items), *page, json, position));
}

}  // namespace hookwarden::api
