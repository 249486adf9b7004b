// Reading maintenance windows, shared by the SqlStore files. Internal to
// src/storage.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/time_spans.h"
#include "storage/sql_helpers.h"

namespace hookwarden::sql_store_internal {

// The spans of the windows that cover each of the applications `apps`
// (naming it or its product) and overlap [from, to), as (application id,
// span), in any order.
Result<std::vector<std::pair<std::string, Span>>> MaintenanceSpans(
    Connection& c, const ApplicationSet& apps, int64_t from, int64_t to);

// A condition on an application `a` (its id and product_id): true when a
// maintenance window holds the time given by its four parameters (all the
// same time), naming the application or its product. Each side starts from
// the application's own windows, by index: SQLite builds no temporary table
// per application for it (a group commit's lock read evaluates it).
inline constexpr const char* kInMaintenanceAt =
    "(EXISTS (SELECT 1 FROM maintenance_applications m JOIN"
    " maintenance_windows w ON w.id = m.window_id WHERE m.application_id ="
    " a.id AND w.starts_at <= ? AND w.ends_at > ?) OR EXISTS (SELECT 1 FROM"
    " maintenance_products p JOIN maintenance_windows w ON w.id = p.window_id"
    " WHERE p.product_id = a.product_id AND w.starts_at <= ? AND"
    " w.ends_at > ?))";

}  // namespace hookwarden::sql_store_internal
