// `hookwarden admin migrate-store --from URL --to URL`: copies a whole
// store into an empty database of another backend (SQLite to PostgreSQL,
// or back), table by table, checking every table's count.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "common/clock.h"
#include "storage/open_store.h"
#include "storage/store_copy.h"

namespace hookwarden::cli {
namespace {

struct MigrateFlags {
  std::string from;
  std::string to;
};

int Fail(const Status& status) {
  std::cerr << "hookwarden: " << status.message() << "\n";
  return 1;
}

int Migrate(const MigrateFlags& flags) {
  int64_t now = SystemClock().NowMillis();
  StoreOptions source{flags.from, {}, false};
  source.checkpoints = false;  // A server may be running on it.
  auto from = OpenDatabase(source, now);
  if (!from.ok()) return Fail(from.status());
  bool to_postgres = false;
  auto to = OpenDatabase(StoreOptions{flags.to, {}, true}, now, &to_postgres);
  if (!to.ok()) return Fail(to.status());
  CopyOptions options;
  options.target_is_postgres = to_postgres;
  options.progress = [](const std::string& table, int64_t rows) {
    std::cout << table << "\t" << rows << "\n" << std::flush;
  };
  auto copied = CopyDatabase(**from, **to, options);
  if (!copied.ok()) return Fail(copied.status());
  std::cout << "copied " << copied->size()
            << " tables; every count matches. Point the servers at the new "
               "database (--database) with the same master key.\n";
  return 0;
}

}  // namespace

void AddMigrateStoreCommand(CLI::App& admin, int* exit_code) {
  auto flags = std::make_shared<MigrateFlags>();
  CLI::App* command = admin.add_subcommand(
      "migrate-store",
      "Copy the whole store into an empty database of another backend");
  command
      ->add_option("--from", flags->from,
                   "The store to copy: sqlite:PATH or postgresql://...")
      ->required();
  command
      ->add_option("--to", flags->to,
                   "An empty database to copy into: postgresql://... or "
                   "sqlite:PATH")
      ->required();
  command->footer(
      "Stop the servers first: what they write during the copy is not "
      "copied. Both databases are migrated to this version's schema; the "
      "copy refuses a target that has any row. Sealed values are copied as "
      "they are: keep the master key.");
  command->callback([flags, exit_code] { *exit_code = Migrate(*flags); });
}

}  // namespace hookwarden::cli
