#include "cli/store_flags.h"

#include "common/clock.h"

namespace hookwarden::cli {

void StoreFlags::AddTo(CLI::App& command) {
  command
      .add_option("--data", data,
                  "Directory for the master key and the SQLite file")
      ->envname("HOOKWARDEN_DATA")
      ->capture_default_str();
  command
      .add_option(
          "--database", database,
          "Database URL: sqlite:PATH (default: sqlite:<data>/hookwarden.db)"
          " or postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
      ->envname("HOOKWARDEN_DATABASE");
  command
      .add_option("--database-connections", database_connections,
                  "PostgreSQL: at most this many connections at once")
      ->envname("HOOKWARDEN_DATABASE_CONNECTIONS")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  command
      .add_option("--database-statement-timeout", database_statement_timeout,
                  "PostgreSQL: seconds a statement may run before it is "
                  "cancelled and the request answered 503 (0: no limit)")
      ->envname("HOOKWARDEN_DATABASE_STATEMENT_TIMEOUT")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  command
      .add_option("--database-lock-timeout", database_lock_timeout,
                  "PostgreSQL: seconds a statement may wait for a lock before "
                  "the request is answered 503 (0: no limit)")
      ->envname("HOOKWARDEN_DATABASE_LOCK_TIMEOUT")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  command
      .add_flag("--database-pooled", database_pooled,
                "PostgreSQL: --database is a pooler in transaction pooling "
                "mode (PgBouncer); needs --database-direct")
      ->envname("HOOKWARDEN_DATABASE_POOLED");
  command
      .add_option("--database-direct", database_direct,
                  "PostgreSQL: a URL of the server itself, not a pooler, for "
                  "the one connection that listens for credential changes "
                  "(default: --database)")
      ->envname("HOOKWARDEN_DATABASE_DIRECT");
}

StoreOptions StoreFlags::Options() const {
  StoreOptions options{database, data, sync_full};
  options.checkpoints = checkpoints;
  options.max_connections = database_connections;
  options.statement_timeout_seconds = database_statement_timeout;
  options.lock_timeout_seconds = database_lock_timeout;
  options.pooled = database_pooled;
  options.direct_database = database_direct;
  return options;
}

Result<std::unique_ptr<Store>> StoreFlags::Open() const {
  return OpenStore(Options(), SystemClock().NowMillis());
}

}  // namespace hookwarden::cli
