// Versioned schema migrations. Each backend keeps its own ordered list; a
// database records the versions it has applied in `schema_migrations`.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/sql.h"

namespace hookwarden {

struct Migration {
  int version;
  std::vector<std::string_view> statements;
  // Run first, in the migration's transaction: an error refuses the
  // migration with its message (for data the new schema cannot hold).
  Status (*check)(sql::Connection&) = nullptr;
  // Run last, in the migration's transaction, for what plain statements
  // cannot say (a table for each value found); an error fails the migration.
  Status (*then)(sql::Connection&) = nullptr;
};

// The check of the migration that makes usernames unique without regard to
// case: Invalid naming every group of usernames that differ only in case
// (with their ids), and how to resolve them, when there are any.
Status CheckUsernamesDifferWithoutCase(sql::Connection& c);

// Applies, in order and each in its own transaction, every migration whose
// version the database has not recorded yet. Fails (changing nothing more)
// at the first check or statement that fails, and when the database records a
// version newer than any in `migrations` (a newer hookwarden wrote it). Servers
// that start together on one database migrate it one after another.
Status ApplyMigrations(sql::Database& db,
                       const std::vector<Migration>& migrations,
                       int64_t now_millis);

}  // namespace hookwarden
