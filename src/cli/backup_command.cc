// `hookwarden admin backup --to FILE` and `hookwarden admin restore --from
// FILE --data DIR`: a consistent copy of a SQLite store taken while servers
// run, and its return into an empty data directory after checking it.
//
// A backup holds the store only, never the master key: its sealed values
// (secrets variables, issued tokens, the token-hashing key) open only with
// the key kept apart from it. The restore checks that the key it is given
// opens the backup before it writes anything.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "auth/master_key.h"
#include "auth/sealer.h"
#include "cli/commands.h"
#include "cli/store_flags.h"
#include "services/token_hash_key.h"
#include "storage/sqlite/sqlite_backup.h"

namespace hookwarden::cli {
namespace {

struct BackupFlags {
  StoreFlags store;
  std::string to;
};

struct RestoreFlags {
  std::string from;
  std::string data;
  std::string master_key_from;
};

int Fail(const Status& status) {
  std::cerr << "hookwarden: " << status.message() << "\n";
  return 1;
}

std::string Describe(const SqliteBackupSummary& summary) {
  return "schema version " + std::to_string(summary.schema_version) + ", " +
         std::to_string(summary.events) + " events";
}

int Backup(const BackupFlags& flags) {
  std::optional<std::filesystem::path> source =
      SqliteStorePath(flags.store.Options());
  if (!source) {
    return Fail(Status::Invalid(
        "database",
        "admin backup copies SQLite stores; back up a PostgreSQL database "
        "with pg_dump (see the README's \"Backups\")"));
  }
  auto summary = BackupSqliteDatabase(*source, flags.to);
  if (!summary.ok()) return Fail(summary.status());
  std::cout << "backed up " << source->string() << " to " << flags.to << " ("
            << Describe(*summary)
            << "). Keep the master key apart from it: the backup does not "
               "hold it, and its sealed values open only with it.\n";
  return 0;
}

// The master keys the restore is checked with: those of
// `master_key_from`/master.key, else HOOKWARDEN_MASTER_KEY's, else none.
Result<std::optional<auth::KeyRing>> RestoreKeys(const RestoreFlags& flags) {
  if (!flags.master_key_from.empty()) {
    auto keys = auth::ReadMasterKeyFile(flags.master_key_from);
    if (!keys.ok()) return keys.status();
    return std::optional<auth::KeyRing>(*std::move(keys));
  }
  if (auth::MasterKeysFromEnvironment()) {
    // Reads the variable only: no file is read or written.
    auto keys = auth::LoadOrCreateMasterKeys(flags.data);
    if (!keys.ok()) return keys.status();
    return std::optional<auth::KeyRing>(*std::move(keys));
  }
  return std::optional<auth::KeyRing>();
}

int Restore(const RestoreFlags& flags) {
  auto checked = CheckSqliteBackup(flags.from);
  if (!checked.ok()) return Fail(checked.status());
  auto keys = RestoreKeys(flags);
  if (!keys.ok()) return Fail(keys.status());
  if (*keys) {
    auto sealed =
        checked->settings.find(std::string(auth::kTokenHashKeySetting));
    auth::Sealer sealer(**keys);
    if (sealed != checked->settings.end() &&
        !sealer.Open(sealed->second, auth::kTokenHashKeySetting)) {
      return Fail(Status::Invalid(
          "master_key",
          "the master key given does not open this backup's keys: give the "
          "key of the store the backup was taken from"));
    }
  }
  auto restored = RestoreSqliteBackup(flags.from, flags.data);
  if (!restored.ok()) return Fail(restored.status());
  if (!flags.master_key_from.empty()) {
    Status written = auth::WriteMasterKeyFile(flags.data, **keys);
    if (!written.ok()) return Fail(written);
  }
  std::cout
      << "restored " << flags.from << " into "
      << (std::filesystem::path(flags.data) / kSqliteStoreFileName).string()
      << " (" << Describe(*restored) << "; integrity check ok).\n";
  if (!flags.master_key_from.empty()) {
    std::cout << "The master key was checked against the backup and copied "
                 "to "
              << (std::filesystem::path(flags.data) / "master.key").string()
              << ".\n";
  } else if (*keys) {
    std::cout << "HOOKWARDEN_MASTER_KEY opens the backup: start the server "
                 "with it.\n";
  } else {
    std::cout << "No master key was checked: before starting the server, "
                 "set HOOKWARDEN_MASTER_KEY or put the store's master.key "
                 "(mode 0600) into "
              << flags.data << ".\n";
  }
  return 0;
}

}  // namespace

void AddBackupCommands(CLI::App& admin, int* exit_code) {
  auto backup = std::make_shared<BackupFlags>();
  CLI::App* backup_command = admin.add_subcommand(
      "backup", "Copy the SQLite store into a file, while servers run");
  backup_command->add_option("--to", backup->to, "The backup file to create")
      ->required();
  backup->store.AddTo(*backup_command);
  backup_command->footer(
      "The copy is consistent: it holds every change committed before it "
      "began. Servers keep serving meanwhile. The file refuses to be "
      "overwritten. It does not hold the master key: keep the key apart. "
      "For PostgreSQL, use pg_dump.");
  backup_command->callback(
      [backup, exit_code] { *exit_code = Backup(*backup); });

  auto restore = std::make_shared<RestoreFlags>();
  CLI::App* restore_command = admin.add_subcommand(
      "restore", "Put a backup into an empty data directory");
  restore_command
      ->add_option("--from", restore->from, "The backup file to restore")
      ->required();
  restore_command
      ->add_option("--data", restore->data,
                   "The data directory to restore into: absent or empty")
      ->required();
  restore_command->add_option(
      "--master-key-from", restore->master_key_from,
      "A directory holding the store's master.key: checked against the "
      "backup and copied into --data");
  restore_command->footer(
      "The backup is checked first (SQLite's integrity check, a schema "
      "version this hookwarden knows). With --master-key-from or "
      "HOOKWARDEN_MASTER_KEY, so is the key: the restore refuses a key that "
      "does not open the backup.");
  restore_command->callback(
      [restore, exit_code] { *exit_code = Restore(*restore); });
}

}  // namespace hookwarden::cli
