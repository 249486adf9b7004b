// The WHERE and ORDER BY of the incidents list (Store::IncidentQuery), shared
// by the list and its count. Internal to src/storage.
#pragma once

#include <string>
#include <string_view>

#include "storage/sql_helpers.h"
#include "storage/store.h"

namespace hookwarden::sql_store_internal {

struct SqlFilter {
  std::string where;  // " WHERE ..." on incidents aliased `i`
  std::string order;  // " ORDER BY ...", empty for a count
  sql::Params params;
};

// The query's filters on the organization's incidents; with `page`, also its
// cursor (`after`) and the list's order.
SqlFilter IncidentFilter(std::string_view org_id, const Store::IncidentQuery& q,
                         bool page);

}  // namespace hookwarden::sql_store_internal
