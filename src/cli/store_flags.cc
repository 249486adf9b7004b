#include "cli/store_flags.h"

#include "common/clock.h"

namespace hookwarden::cli {

void StoreFlags::AddTo(CLI::App& command) {
  command
      .add_option("--data", data,
                  "Directory for the SQLite file and the master key")
      ->envname("HOOKWARDEN_DATA")
      ->capture_default_str();
  command
      .add_option(
          "--database", database,
          "Database URL: sqlite:PATH (default: sqlite:<data>/hookwarden.db)")
      ->envname("HOOKWARDEN_DATABASE");
}

StoreOptions StoreFlags::Options() const {
  return StoreOptions{database, data, sync_full};
}

Result<std::unique_ptr<Store>> StoreFlags::Open() const {
  return OpenStore(Options(), SystemClock().NowMillis());
}

}  // namespace hookwarden::cli
