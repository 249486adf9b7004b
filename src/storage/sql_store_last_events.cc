// SqlStore: when each application last reported, for the status at a glance.
#include "storage/sql_helpers.h"
#include "storage/sql_store.h"

namespace hookwarden {

using namespace sql_store_internal;  // NOLINT

Result<std::map<std::string, int64_t>> SqlStore::LastEventTimes(
    std::string_view org_id) {
  using Out = std::map<std::string, int64_t>;
  return InTransaction<Out>(*db_, false, [&](Connection& c) -> Result<Out> {
    // One short walk of the (application_id, at) index per application,
    // rather than a scan of every organization's events.
    // Hits are in the ring (view ring_hits) or, kept before it, in events.
    auto rows = c.Query(
        "SELECT a.id, (SELECT MAX(t.at) FROM"
        " (SELECT MAX(e.at) AS at FROM events e"
        " WHERE e.application_id = a.id AND e.failure < 2"
        " UNION ALL SELECT MAX(h.at) FROM ring_hits h"
        " WHERE h.application_id = a.id) AS t)"
        " FROM applications a"
        " WHERE a.organization_id = ?",
        {S(org_id)});
    if (!rows.ok()) return rows.status();
    Out out;
    for (const Row& r : *rows) {
      if (!r.IsNull(1)) out[r.Text(0)] = r.Int(1);
    }
    return out;
  });
}

}  // namespace hookwarden
