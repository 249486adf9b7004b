// Backups of an SQLite store: a consistent copy taken while servers keep
// writing to it, the checks a copy must pass before it is restored, and the
// restore itself into an empty data directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "common/status.h"

namespace hookwarden {

// What CheckSqliteBackup found in a backup file.
struct SqliteBackupSummary {
  int64_t schema_version = 0;  // The newest migration it records.
  int64_t events = 0;          // Rows of the events table.
  // Every row of the settings table (the token-hashing key among them,
  // sealed under the master key).
  std::map<std::string, std::string> settings;
};

// Writes a consistent copy of the SQLite database `source` into the new file
// `target`, while other processes (running servers) keep writing to it. The
// copy is made with VACUUM INTO inside one read snapshot: it holds every
// transaction committed before the copy began and none that began after.
// Writers are never blocked (WAL mode).
//
// The copy goes to `target` + ".partial" (created with mode 0600, as the
// store holds sealed secrets), is fsynced, checked with CheckSqliteBackup,
// and only then linked to `target`; a failure leaves no `target` and removes
// the partial file. Fails with Conflict (field "to") when `target` or the
// partial file already exists, NotFound when `source` does not exist,
// Internal/Unavailable on I/O or SQLite errors.
Result<SqliteBackupSummary> BackupSqliteDatabase(
    const std::filesystem::path& source, const std::filesystem::path& target);

// Opens `file` read-only and checks that it is a hookwarden SQLite store this
// version can serve: PRAGMA integrity_check answers "ok", it records its
// schema version in schema_migrations, and that version is not newer than
// the newest migration this hookwarden knows. Invalid (field "from") with
// the reason otherwise. Reads only; never changes `file`.
Result<SqliteBackupSummary> CheckSqliteBackup(
    const std::filesystem::path& file);

// The file name of the SQLite store in a data directory.
inline constexpr const char* kSqliteStoreFileName = "hookwarden.db";

// Copies the backup `file` to `data_dir`/hookwarden.db, after
// CheckSqliteBackup. `data_dir` must not exist or be an empty directory
// (Conflict, field "data", otherwise: a restore never overwrites a store).
// It is created with mode 0700; the store file gets mode 0600 and is fsynced
// before it takes its name, so that a crash leaves either no store or the
// whole one.
Result<SqliteBackupSummary> RestoreSqliteBackup(
    const std::filesystem::path& file, const std::filesystem::path& data_dir);

}  // namespace hookwarden
