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

}  // namespace hookwarden::sql_store_internal
