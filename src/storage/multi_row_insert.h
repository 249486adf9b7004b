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

// Statements of up to this many rows carry a multiple of kRowStep rows (the
// rest, fewer than kRowStep, one more statement); past it, powers of two up
// to kMaxRowsPerInsert. A group commit's rows for one statement (a few
// dozen) so take one or two executions of it, and a backend that prepares
// each distinct statement keeps at most these sizes of each: 1 to
// kRowStep - 1, the multiples of kRowStep up to kSteppedRowsPerInsert and
// the powers of two past it (17 sizes).
inline constexpr size_t kRowStep = 8;
inline constexpr size_t kSteppedRowsPerInsert = 64;
static_assert(kSteppedRowsPerInsert % kRowStep == 0);
static_assert((kSteppedRowsPerInsert & (kSteppedRowsPerInsert - 1)) == 0);
static_assert(kSteppedRowsPerInsert <= kMaxRowsPerInsert);

// The sizes of the statements that insert `rows` rows (see kRowStep), the
// largest first. Sums to `rows`; empty for 0.
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
