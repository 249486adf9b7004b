// SqlStore: the incidents list's filters, order and cursor, and its count.
#include "storage/sql_store_incident_filter.h"

#include "domain/incident.h"
#include "storage/sql_store.h"

namespace hookwarden {
namespace sql_store_internal {

SqlFilter IncidentFilter(std::string_view org_id, const Store::IncidentQuery& q,
                         bool page) {
  SqlFilter f;
  f.where = " WHERE i.organization_id = ?";
  f.params = {S(org_id)};
  if (q.application_id) {
    f.where += " AND i.application_id = ?";
    f.params.emplace_back(*q.application_id);
  }
  if (q.status == "open") {
    f.where += " AND i.status <> ?";
    f.params.emplace_back(S(kIncidentResolved));
  } else if (q.status) {
    f.where += " AND i.status = ?";
    f.params.emplace_back(*q.status);
  }
  if (q.to) {
    f.where += " AND i.opened_at < ?";
    f.params.emplace_back(*q.to);
  }
  if (q.from) {
    f.where += " AND (i.resolved_at IS NULL OR i.resolved_at >= ?)";
    f.params.emplace_back(*q.from);
  }
  if (!page) return f;
  const std::string rank =
      "(CASE WHEN i.status = '" + S(kIncidentResolved) + "' THEN 1 ELSE 0 END)";
  if (q.after) {
    std::string older = "(i.opened_at < ? OR (i.opened_at = ? AND i.id < ?))";
    sql::Params older_params = {q.after->opened_at, q.after->opened_at,
                                q.after->id};
    if (q.open_first) {
      int64_t after_rank = q.after->resolved ? 1 : 0;
      f.where +=
          " AND (" + rank + " > ? OR (" + rank + " = ? AND " + older + "))";
      f.params.emplace_back(after_rank);
      f.params.emplace_back(after_rank);
    } else {
      f.where += " AND " + older;
    }
    for (auto& p : older_params) f.params.push_back(std::move(p));
  }
  f.order = " ORDER BY " + (q.open_first ? rank + ", " : std::string()) +
            "i.opened_at DESC, i.id DESC";
  return f;
}

}  // namespace sql_store_internal

using namespace sql_store_internal;  // NOLINT

Result<int64_t> SqlStore::CountIncidents(std::string_view org_id,
                                         const IncidentQuery& q) {
  SqlFilter filter = IncidentFilter(org_id, q, /*page=*/false);
  std::string sql = "SELECT COUNT(*) FROM incidents i" + filter.where;
  return InTransaction<int64_t>(*db_, false, [&](Connection& c) {
    return QueryOne<int64_t>(
        c, sql, filter.params, [](const Row& r) { return r.Int(0); },
        "incident count");
  });
}

}  // namespace hookwarden
