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
// maintenance window holds the time given by its two parameters (both the
// same time), naming the application or its product.
inline constexpr const char* kInMaintenanceAt =
    "EXISTS (SELECT 1 FROM maintenance_windows w WHERE w.starts_at <= ? AND"
    " w.ends_at > ? AND (w.id IN (SELECT window_id FROM"
    " maintenance_applications WHERE application_id = a.id) OR w.id IN"
    " (SELECT window_id FROM maintenance_products WHERE product_id ="
    " a.product_id)))";

}  // namespace hookwarden::sql_store_internal
