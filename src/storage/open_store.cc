#include "storage/open_store.h"

#include "storage/migration.h"
#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage/sqlite/sqlite_migrations.h"

namespace hookwarden {

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options,
                                         int64_t now_millis) {
  std::string url = options.database;
  if (url.empty())
    url = "sqlite:" + (options.data_dir / "hookwarden.db").string();
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.rfind(kSqlite, 0) != 0 || url.size() == kSqlite.size()) {
    return Status::Invalid("database",
                           "unsupported database URL (expected sqlite:PATH): " +
                               url.substr(0, url.find(':')));
  }
  sql::SqliteDatabase::Options sqlite;
  sqlite.path = url.substr(kSqlite.size());
  sqlite.sync_full = options.sync_full;
  auto db = sql::SqliteDatabase::Open(sqlite);
  if (!db.ok()) return db.status();
  HW_RETURN_IF_ERROR(ApplyMigrations(**db, SqliteMigrations(), now_millis));
  return std::unique_ptr<Store>(
      std::make_unique<SqlStore>(std::move(db.value())));
}

}  // namespace hookwarden
