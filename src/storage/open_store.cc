#include "storage/open_store.h"

#include "storage/migration.h"
#include "storage/postgres/postgres_database.h"
#include "storage/postgres/postgres_migrations.h"
#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage/sqlite/sqlite_migrations.h"

namespace hookwarden {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Result<std::unique_ptr<sql::Database>> OpenByUrl(
    const StoreOptions& options, const std::string& url,
    const std::vector<Migration>** migrations) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (!IsPostgresUrl(url) && options.pooled) {
    return Status::Invalid("database_pooled",
                           "a pooler stands only in front of PostgreSQL");
  }
  if (!options.direct_database.empty() &&
      (!IsPostgresUrl(url) || !IsPostgresUrl(options.direct_database))) {
    return Status::Invalid("database_direct",
                           "a direct connection is a postgresql:// URL, "
                           "beside a PostgreSQL --database");
  }
  if (StartsWith(url, kSqlite) && url.size() > kSqlite.size()) {
    sql::SqliteDatabase::Options sqlite;
    sqlite.path = url.substr(kSqlite.size());
    sqlite.sync_full = options.sync_full;
    sqlite.checkpoints = options.checkpoints;
    auto db = sql::SqliteDatabase::Open(sqlite);
    if (!db.ok()) return db.status();
    *migrations = &SqliteMigrations();
    return std::unique_ptr<sql::Database>(std::move(db.value()));
  }
  if (IsPostgresUrl(url)) {
    sql::PostgresDatabase::Options postgres;
    postgres.url = url;
    postgres.max_connections = options.max_connections;
    postgres.bounds.statement_timeout_millis =
        options.statement_timeout_seconds * 1000;
    postgres.bounds.lock_timeout_millis = options.lock_timeout_seconds * 1000;
    postgres.pooled = options.pooled;
    postgres.direct_url = options.direct_database;
    auto db = sql::PostgresDatabase::Open(postgres);
    if (!db.ok()) return db.status();
    *migrations = &PostgresMigrations();
    return std::unique_ptr<sql::Database>(std::move(db.value()));
  }
  return Status::Invalid("database",
                         "unsupported database URL (expected sqlite:PATH or "
                         "postgresql://...): " +
                             url.substr(0, url.find(':')));
}

}  // namespace

bool IsPostgresUrl(std::string_view url) {
  return StartsWith(url, "postgresql://") || StartsWith(url, "postgres://");
}

Result<std::unique_ptr<sql::Database>> OpenDatabase(const StoreOptions& options,
                                                    int64_t now_millis,
                                                    bool* postgres) {
  std::string url = options.database;
  if (url.empty()) url = "sqlite:" + SqliteStorePath(options)->string();
  const std::vector<Migration>* migrations = nullptr;
  if (IsPostgresUrl(url)) {
    // A migration may build an index over a large table, or wait for
    // another server's: it runs without the statements' time bounds,
    // which apply from the first request on.
    StoreOptions unbounded = options;
    unbounded.statement_timeout_seconds = 0;
    unbounded.lock_timeout_seconds = 0;
    auto migrating = OpenByUrl(unbounded, url, &migrations);
    if (!migrating.ok()) return migrating.status();
    HW_RETURN_IF_ERROR(ApplyMigrations(**migrating, *migrations, now_millis));
  }
  auto db = OpenByUrl(options, url, &migrations);
  if (!db.ok()) return db.status();
  if (!IsPostgresUrl(url)) {
    HW_RETURN_IF_ERROR(ApplyMigrations(**db, *migrations, now_millis));
  }
  // The partitions that today's events go into (the retention pass keeps
  // creating them ahead).
  HW_RETURN_IF_ERROR((*db)->PrepareEventPartitions(now_millis));
  if (postgres != nullptr) *postgres = IsPostgresUrl(url);
  return db;
}

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options,
                                         int64_t now_millis) {
  auto db = OpenDatabase(options, now_millis);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Store>(
      std::make_unique<SqlStore>(std::move(db.value())));
}

std::optional<std::filesystem::path> SqliteStorePath(
    const StoreOptions& options) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (options.database.empty()) return options.data_dir / "hookwarden.db";
  if (StartsWith(options.database, kSqlite) &&
      options.database.size() > kSqlite.size())
    return std::filesystem::path(options.database.substr(kSqlite.size()));
  return std::nullopt;
}

}  // namespace hookwarden
