#include "api/audit_log_api.h"

#include <charconv>

#include "api/cursor.h"
#include "api/handler.h"
#include "api/list_page.h"
#include "api/query_params.h"
#include "api/views.h"

namespace hookwarden::api {
namespace {

// Newest first, a page at a time: `cursor` (or the older `before`, an entry
// id) is where the page starts. The log may be long, so the store reads one
// page; the cursor's position is the last entry's id.
Result<http::Response> ListAuditLog(ApiServices& services, OrgCall& call) {
  const std::string scope = "audit-log:" + call.org().id;
  auto page = ReadPageRequest(call.request, scope);
  if (!page.ok()) return page.status();
  auto before = OptionalIntParam(call.request, "before", 1, INT64_MAX);
  if (!before.ok()) return before.status();
  if (page->after) {
    if (*before) {
      return Status::BadRequest(
          "give cursor or before, not both: pass next_cursor as cursor",
          "bad_request", "cursor");
    }
    const std::string& id = page->after->id;
    int64_t after = 0;
    auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), after);
    if (ec != std::errc() || end != id.data() + id.size()) {
      return MalformedCursor();
    }
    *before = after;
  }
  auto entries =
      services.store.ListAuditEntries(call.org().id, page->limit + 1, *before);
  if (!entries.ok()) return entries.status();
  bool more = entries->size() > static_cast<size_t>(page->limit);
  if (more) entries->resize(static_cast<size_t>(page->limit));
  boost::json::object body = ListJson("entries", *entries, AuditEntryJson);
  if (more) {
    int64_t last = entries->back().id;
    body["next_cursor"] =
        EncodeListCursor(scope, ListPosition{"", std::to_string(last)});
    body["next_before"] = last;
  } else {
    body["next_cursor"] = nullptr;
    body["next_before"] = nullptr;
  }
  return http::JsonResponse(200, body);
}

}  // namespace

void RegisterAuditLogRoutes(http::Router& router, ApiServices& services) {
  router.Add(
      "GET", "/api/v1/orgs/{org}/audit-log",
      InOrganization(services, Role::kMember, [&services](OrgCall& call) {
        return ListAuditLog(services, call);
      }));
}

}  // namespace hookwarden::api
