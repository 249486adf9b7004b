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
}

StoreOptions StoreFlags::Options() const {
  return StoreOptions{database, data, sync_full};
}

Result<std::unique_ptr<Store>> StoreFlags::Open() const {
  return OpenStore(Options(), SystemClock().NowMillis());
}

}  // namespace hookwarden::cli
