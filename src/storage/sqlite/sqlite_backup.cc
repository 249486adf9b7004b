#include "storage/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <functional>
#include <memory>
#include <system_error>

#include "storage/sqlite/sqlite_migrations.h"

namespace hookwarden {
namespace {

namespace fs = std::filesystem;

std::string ErrnoText(int err) { return std::system_category().message(err); }

// An open SQLite handle, closed when it goes out of scope.
using Handle = std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)>;

Result<Handle> OpenFile(const fs::path& file, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Handle handle(raw, &sqlite3_close_v2);
  if (rc != SQLITE_OK) {
    return Status::Unavailable("cannot open " + file.string() + ": " +
                               sqlite3_errstr(rc));
  }
  sqlite3_busy_timeout(raw, 10000);
  return handle;
}

// Runs `sql` and calls `row` with each row's statement. Internal on errors,
// with SQLite's message.
Status Each(sqlite3* db, const char* sql,
            const std::function<void(sqlite3_stmt*)>& row = nullptr) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  while (rc == SQLITE_OK) {
    int step = sqlite3_step(stmt);
    if (step == SQLITE_ROW) {
      if (row) row(stmt);
      continue;
    }
    if (step != SQLITE_DONE) rc = step;
    break;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) return Status::Internal(sqlite3_errmsg(db));
  return Status::Ok();
}

std::string Text(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  return text ? reinterpret_cast<const char*>(text) : "";
}

Status SyncFile(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Status::Internal("cannot open " + file.string() + ": " +
                            ErrnoText(errno));
  int synced = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (synced != 0)
    return Status::Internal("cannot sync " + file.string() + ": " +
                            ErrnoText(err));
  return Status::Ok();
}

void SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Creates `file` empty with mode 0600; Conflict (field `field`) when it
// exists.
Status CreateEmpty(const fs::path& file, const std::string& field) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int err = errno;
    if (err == EEXIST)
      return Status::Conflict(file.string() + " already exists", field);
    return Status::Internal("cannot create " + file.string() + ": " +
                            ErrnoText(err));
  }
  ::close(fd);
  return Status::Ok();
}

// Gives `from` the name `to` without replacing anything there, then drops
// the name `from`. Conflict (field `field`) when `to` exists.
Status LinkInPlace(const fs::path& from, const fs::path& to,
                   const std::string& field) {
  if (::link(from.c_str(), to.c_str()) != 0) {
    int err = errno;
    if (err == EEXIST)
      return Status::Conflict(to.string() + " already exists", field);
    return Status::Internal("cannot create " + to.string() + ": " +
                            ErrnoText(err));
  }
  ::unlink(from.c_str());
  SyncDirectory(to.parent_path());
  return Status::Ok();
}

// Removes `file` when a step after its creation fails.
struct RemoveUnlessKept {
  fs::path file;
  bool keep = false;
  ~RemoveUnlessKept() {
    if (!keep) ::unlink(file.c_str());
  }
};

fs::path PartialName(const fs::path& target) {
  fs::path partial = target;
  partial += ".partial";
  return partial;
}

}  // namespace

Result<SqliteBackupSummary> CheckSqliteBackup(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    return Status::Invalid("from", file.string() + " is not a file");
  auto db = OpenFile(file, SQLITE_OPEN_READONLY);
  if (!db.ok()) return Status::Invalid("from", db.status().message());
  sqlite3* raw = db->get();

  std::string integrity;
  Status checked = Each(raw, "PRAGMA integrity_check", [&](sqlite3_stmt* s) {
    if (!integrity.empty()) integrity += "; ";
    integrity += Text(s, 0);
  });
  if (!checked.ok()) {
    return Status::Invalid(
        "from",
        file.string() + " is not an SQLite database: " + checked.message());
  }
  if (integrity != "ok") {
    return Status::Invalid("from", file.string() +
                                       " fails SQLite's integrity check: " +
                                       integrity.substr(0, 500));
  }

  SqliteBackupSummary summary;
  Status versioned =
      Each(raw, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
           [&](sqlite3_stmt* s) {
             summary.schema_version = sqlite3_column_int64(s, 0);
           });
  if (!versioned.ok() || summary.schema_version == 0) {
    return Status::Invalid(
        "from", file.string() +
                    " is not a hookwarden store: it records no schema version");
  }
  int64_t known =
      SqliteMigrations().empty() ? 0 : SqliteMigrations().back().version;
  if (summary.schema_version > known) {
    return Status::Invalid("from", file.string() + " has schema version " +
                                       std::to_string(summary.schema_version) +
                                       ", newer than this hookwarden knows (" +
                                       std::to_string(known) +
                                       "); restore it with a newer one");
  }
  // The newest hits are in the hit ring, in a store of version 19 and up.
  bool has_ring = false;
  HW_RETURN_IF_ERROR(Each(
      raw,
      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND"
      " name = 'hit_ring'",
      [&](sqlite3_stmt* s) { has_ring = sqlite3_column_int64(s, 0) > 0; }));
  HW_RETURN_IF_ERROR(Each(
      raw,
      has_ring ? "SELECT (SELECT COUNT(*) FROM events) +"
                 " (SELECT COUNT(*) FROM hit_ring)"
               : "SELECT COUNT(*) FROM events",
      [&](sqlite3_stmt* s) { summary.events = sqlite3_column_int64(s, 0); }));
  HW_RETURN_IF_ERROR(Each(
      raw, "SELECT key, value FROM settings",
      [&](sqlite3_stmt* s) { summary.settings[Text(s, 0)] = Text(s, 1); }));
  return summary;
}

Result<SqliteBackupSummary> BackupSqliteDatabase(const fs::path& source,
                                                 const fs::path& target) {
  std::error_code ec;
  if (!fs::is_regular_file(source, ec))
    return Status::NotFound("no SQLite store at " + source.string());
  if (fs::exists(target, ec))
    return Status::Conflict(target.string() + " already exists", "to");
  // Read-write only so that this connection can take part in WAL's shared
  // memory like the servers' own; it writes nothing to `source`.
  auto db = OpenFile(source, SQLITE_OPEN_READWRITE);
  if (!db.ok()) return db.status();

  fs::path partial = PartialName(target);
  HW_RETURN_IF_ERROR(CreateEmpty(partial, "to"));
  RemoveUnlessKept cleanup{partial};
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db->get(), "VACUUM INTO ?", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, partial.c_str(), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) {
    return Status::Internal("cannot copy " + source.string() + ": " +
                            sqlite3_errmsg(db->get()));
  }
  HW_RETURN_IF_ERROR(SyncFile(partial));
  auto summary = CheckSqliteBackup(partial);
  if (!summary.ok()) return summary.status();
  HW_RETURN_IF_ERROR(LinkInPlace(partial, target, "to"));
  cleanup.keep = true;
  return summary;
}

Result<SqliteBackupSummary> RestoreSqliteBackup(const fs::path& file,
                                                const fs::path& data_dir) {
  auto summary = CheckSqliteBackup(file);
  if (!summary.ok()) return summary.status();

  std::error_code ec;
  if (fs::exists(data_dir, ec)) {
    if (!fs::is_directory(data_dir, ec))
      return Status::Conflict(data_dir.string() + " is not a directory",
                              "data");
    if (!fs::is_empty(data_dir, ec)) {
      return Status::Conflict(
          data_dir.string() +
              " is not empty: restore into an empty data directory",
          "data");
    }
  } else {
    fs::create_directories(data_dir, ec);
    if (ec)
      return Status::Internal("cannot create " + data_dir.string() + ": " +
                              ec.message());
    fs::permissions(data_dir, fs::perms::owner_all, ec);
  }

  fs::path store = data_dir / kSqliteStoreFileName;
  fs::path partial = PartialName(store);
  HW_RETURN_IF_ERROR(CreateEmpty(partial, "data"));
  RemoveUnlessKept cleanup{partial};
  {
    // Into the file created above, which keeps its mode 0600.
    std::ifstream in(file, std::ios::binary);
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << in.rdbuf();
    out.flush();
    if (!in || !out)
      return Status::Internal("cannot copy " + file.string() + " to " +
                              partial.string());
  }
  HW_RETURN_IF_ERROR(SyncFile(partial));
  // The copy is what the checks read: a file changed meanwhile is caught.
  auto copied = CheckSqliteBackup(partial);
  if (!copied.ok()) return copied.status();
  HW_RETURN_IF_ERROR(LinkInPlace(partial, store, "data"));
  cleanup.keep = true;
  return copied;
}

}  // namespace hookwarden
