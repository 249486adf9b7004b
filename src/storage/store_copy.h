// Copying a whole hookwarden database into another, as `hookwarden admin
// migrate-store` does (SQLite to PostgreSQL, or back): table by table, in
// an order that satisfies the foreign keys, then checking the counts.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/sql.h"

namespace hookwarden {

// A table of the schema as the copy sees it: its columns, and the primary
// key it is read in the order of.
struct CopiedTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> key;
};

// Every table of the schema (at the newest migration) but
// schema_migrations, parents before children.
const std::vector<CopiedTable>& CopiedTables();

struct CopyOptions {
  // Rows per read and per write transaction.
  int64_t rows_per_batch = 5000;
  // The target is PostgreSQL: its identity columns (audit_log.id,
  // events.id) continue after the copied ids.
  bool target_is_postgres = false;
  // Called after each table with its name and row count; may be empty.
  std::function<void(const std::string&, int64_t)> progress;
};

struct CopiedCount {
  std::string table;
  int64_t rows = 0;
};

// Copies every row of `from` into `to`; both must be migrated to the same,
// newest schema. Reads `from` in one read transaction (one snapshot), so
// writers may go on meanwhile, but what they write later is not copied:
// stop the servers first. Writes `to` in transactions of rows_per_batch
// rows.
//
// Conflict, changing nothing, when `to` holds any row already (the copy
// goes into an empty database only). Internal when the counts of a table
// differ at the end. A failure midway leaves `to` partly filled: empty its
// tables (or drop and create the database) before running again.
Result<std::vector<CopiedCount>> CopyDatabase(sql::Database& from,
                                              sql::Database& to,
                                              const CopyOptions& options);

}  // namespace hookwarden
