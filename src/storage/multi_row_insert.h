// Inserting many rows of one table with few statements, in portable SQL:
// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?), ...`. On PostgreSQL each
// statement is a round trip, so one per row costs far more than the rows.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/sql.h"

namespace hookwarden::sql {

// The most rows one statement carries. With a dozen columns that stays far
// below the host parameters either engine accepts (SQLite 3.32+: 32766;
// PostgreSQL: 65535).
inline constexpr size_t kMaxRowsPerInsert = 256;

// Up to this many rows go in one statement of exactly their number (a
// group commit's rows of one table are usually fewer: one statement each).
inline constexpr size_t kExactRowsPerInsert = 64;

// The sizes of the statements that insert `rows` rows: all of them at once
// up to kExactRowsPerInsert; past it the largest power of two up to
// kMaxRowsPerInsert first, then the rest the same way. A backend that
// prepares each distinct statement so keeps a bounded number per table
// (1 to kExactRowsPerInsert rows, then the powers of two up to
// kMaxRowsPerInsert). Sums to `rows`; empty for 0.
std::vector<size_t> InsertChunks(size_t rows);

// `INSERT INTO <table> (<columns>) VALUES (?, ...), ...` for `rows` rows,
// followed by `suffix` (an ON CONFLICT clause, say) when there is one.
std::string MultiRowInsert(std::string_view table,
                           const std::vector<std::string_view>& columns,
                           size_t rows, std::string_view suffix = "");

// Inserts `rows` (each with one value per column, in `columns` order) into
// `table`, in the statements of InsertChunks, in order, each ending with
// `suffix`, each sent without waiting for its answer (Connection::Send: a
// failure may be reported by a later statement or the commit). Stops at the
// first failure and returns it (the transaction must then end). Table and
// column names and the suffix are trusted text, never user input.
// The rows are taken: their values move into the statements' parameters
// (pass them with std::move when done with them).
Status InsertRows(Connection& c, std::string_view table,
                  const std::vector<std::string_view>& columns,
                  std::vector<Params> rows, std::string_view suffix = "");

}  // namespace hookwarden::sql
