// Reading maintenance windows, shared by the SqlStore files. Internal to
// src/storage.
#pragma once

#include <string>
#include <vector>

#include "domain/time_spans.h"
#include "storage/sql_helpers.h"

namespace hookwarden::sql_store_internal {

// The spans of the windows that cover the application (naming it or its
// product) and overlap [from, to), in any order.
Result<std::vector<Span>> MaintenanceSpans(Connection& c,
                                           const std::string& application_id,
                                           int64_t from, int64_t to);

}  // namespace hookwarden::sql_store_internal
