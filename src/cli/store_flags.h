// The flags that say where the store is, shared by `serve` and the offline
// `admin` commands: --data (HOOKWARDEN_DATA) and --database
// (HOOKWARDEN_DATABASE).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "common/status.h"
#include "storage/open_store.h"
#include "storage/store.h"

namespace hookwarden::cli {

struct StoreFlags {
  std::string data = "hookwarden-data";
  std::string database;  // Empty: sqlite:<data>/hookwarden.db
  bool sync_full = false;
  int database_connections = 16;        // PostgreSQL's pool.
  int database_statement_timeout = 30;  // Seconds; 0: none.
  int database_lock_timeout = 10;       // Seconds; 0: none.
  bool database_pooled = false;         // --database is PgBouncer's.
  std::string database_direct;          // The server itself, for LISTEN.
  // SQLite: whether this process keeps the log checkpointed. `serve` does;
  // the other commands, which may run beside it, leave that to it
  // (StoreOptions::checkpoints).
  bool checkpoints = false;

  // Adds --data, --database and the --database-* flags to `command`.
  void AddTo(CLI::App& command);
  StoreOptions Options() const;
  // Opens and migrates the store.
  Result<std::unique_ptr<Store>> Open() const;
};

}  // namespace hookwarden::cli
