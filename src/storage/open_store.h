// Opens the Store named by a database URL, migrating its schema.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "common/status.h"
#include "storage/sql.h"
#include "storage/store.h"

namespace hookwarden {

struct StoreOptions {
  // "sqlite:PATH" (relative paths are relative to the working directory),
  // empty for "sqlite:<data_dir>/hookwarden.db", or a PostgreSQL connection
  // URI "postgresql://user[:password]@host[:port]/database[?param=...]"
  // (libpq's syntax and parameters; "postgres://" too).
  // sync_full does not apply to PostgreSQL, whose commits are as durable as
  // the server's synchronous_commit makes them (on, by default: flushed).
  std::string database;
  std::filesystem::path data_dir;
  bool sync_full = false;  // Durable against power loss, not only crashes.
  // SQLite: whether this process checkpoints the log (see
  // SqliteDatabase::Options::checkpoints); false for a command that may run
  // beside the server.
  bool checkpoints = true;
  // PostgreSQL: at most this many connections at once (see
  // PostgresDatabase::Options::max_connections).
  int max_connections = 16;
  // PostgreSQL: a statement running longer is cancelled, one waiting longer
  // for a lock fails; either answers 503 (0: no bound).
  int statement_timeout_seconds = 30;
  int lock_timeout_seconds = 10;
  // PostgreSQL: `database` is a pooler in transaction pooling mode
  // (PgBouncer), and `direct_database` the server itself, for the one
  // session that LISTENs (see PostgresDatabase::Options). Both are Invalid
  // with a SQLite database; `pooled` is Invalid without `direct_database`.
  bool pooled = false;
  std::string direct_database = {};
};

// True when `url` names a PostgreSQL database.
bool IsPostgresUrl(std::string_view url);

// Opens and migrates the store. Invalid (field "database") for a URL of an
// unknown kind (the message shows only its scheme, never a password);
// Unavailable when the database cannot be opened or reached.
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options,
                                         int64_t now_millis);

// The database under OpenStore's Store, opened and migrated the same way
// (and failing the same ways), for tools that work on its tables. Sets
// `*postgres` (when not null) to whether it is PostgreSQL.
Result<std::unique_ptr<sql::Database>> OpenDatabase(const StoreOptions& options,
                                                    int64_t now_millis,
                                                    bool* postgres = nullptr);

// The SQLite file of the store `options` names (the database URL's path, or
// <data_dir>/hookwarden.db when the URL is empty); nullopt for any other
// kind of database. Pure.
std::optional<std::filesystem::path> SqliteStorePath(
    const StoreOptions& options);

}  // namespace hookwarden
