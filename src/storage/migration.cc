#include "storage/migration.h"

#include <set>
#include <string>

namespace hookwarden {

namespace {

// Held by every migrating transaction, so that servers starting together
// migrate one after another.
constexpr std::string_view kLock = "schema_migrations";

}  // namespace

Status CheckUsernamesDifferWithoutCase(sql::Connection& c) {
  auto rows = c.Query(
      "SELECT lower(username), username, id FROM users WHERE lower(username)"
      " IN (SELECT lower(username) FROM users GROUP BY lower(username)"
      " HAVING COUNT(*) > 1) ORDER BY lower(username), username, id");
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Ok();
  std::string groups;
  std::string key;
  for (const sql::Row& r : *rows) {
    if (r.Text(0) != key) {
      key = r.Text(0);
      groups += groups.empty() ? "" : "; ";
    } else {
      groups += ", ";
    }
    groups.append("'").append(r.Text(1)).append("' (");
    groups.append(r.Text(2)).append(")");
  }
  return Status::Invalid(
      "username",
      "usernames now name one account whatever their case, and these "
      "accounts differ only in case: " +
          groups +
          ". Rename all but one of each group (UPDATE users SET username = "
          "'new-name' WHERE id = '...') and start hookwarden again");
}

Status ApplyMigrations(sql::Database& db,
                       const std::vector<Migration>& migrations,
                       int64_t now_millis) {
  int64_t current = 0;
  std::set<int64_t> applied;
  HW_RETURN_IF_ERROR(db.Write([&](sql::Connection& c) -> Status {
    applied.clear();
    HW_RETURN_IF_ERROR(c.Lock(kLock));
    auto created = c.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)");
    if (!created.ok()) return created.status();
    auto rows = c.Query("SELECT version FROM schema_migrations");
    if (!rows.ok()) return rows.status();
    for (const sql::Row& r : *rows) applied.insert(r.Int(0));
    current = applied.empty() ? 0 : *applied.rbegin();
    return Status::Ok();
  }));
  int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return Status::Internal(
        "the database has schema version " + std::to_string(current) +
        ", newer than this hookwarden knows (" + std::to_string(latest) +
        "); run a newer hookwarden");
  }
  for (const Migration& m : migrations) {
    // Every migration not applied yet, in order: also one numbered below
    // the newest applied (two changes developed side by side).
    if (applied.count(m.version)) continue;
    HW_RETURN_IF_ERROR(db.Write([&](sql::Connection& c) -> Status {
      // Another server may have applied it since.
      HW_RETURN_IF_ERROR(c.Lock(kLock));
      auto done = c.Query("SELECT 1 FROM schema_migrations WHERE version = ?",
                          {int64_t{m.version}});
      if (!done.ok()) return done.status();
      if (!done->empty()) return Status::Ok();
      if (m.check != nullptr) {
        Status checked = m.check(c);
        if (!checked.ok()) {
          return Status::Internal("migration " + std::to_string(m.version) +
                                  " refused: " + checked.message());
        }
      }
      for (std::string_view statement : m.statements) {
        auto executed = c.Execute(statement);
        if (!executed.ok()) {
          return Status::Internal("migration " + std::to_string(m.version) +
                                  " failed: " + executed.status().message());
        }
      }
      if (m.then != nullptr) {
        Status done_then = m.then(c);
        if (!done_then.ok()) {
          return Status::Internal("migration " + std::to_string(m.version) +
                                  " failed: " + done_then.message());
        }
      }
      auto recorded = c.Execute(
          "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
          {int64_t{m.version}, now_millis});
      return recorded.ok() ? Status::Ok() : recorded.status();
    }));
  }
  return Status::Ok();
}

}  // namespace hookwarden
