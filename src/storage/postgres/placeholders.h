// The `?` placeholders of portable SQL as PostgreSQL's numbered `$1, $2...`.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace hookwarden::sql {

// `sql` with its i-th `?` (from 1) replaced by `$i`. A `?` inside a string
// literal ('...', with '' inside), a quoted identifier ("...") or a comment
// (-- to the end of the line, /* ... */) is text and stays. Sets `*count` to
// the number of placeholders. Internal when a literal, identifier or comment
// is not closed, or when `sql` already holds a `$` outside them (numbered
// and unnumbered parameters do not mix).
Result<std::string> NumberPlaceholders(std::string_view sql, int* count);

}  // namespace hookwarden::sql
