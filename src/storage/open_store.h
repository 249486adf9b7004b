// Opens the Store named by a database URL, migrating its schema.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "common/status.h"
#include "storage/store.h"

namespace hookwarden {

struct StoreOptions {
  // "sqlite:PATH" (relative paths are relative to the working directory), or
  // empty for "sqlite:<data_dir>/hookwarden.db".
  std::string database;
  std::filesystem::path data_dir;
  bool sync_full = false;  // Durable against power loss, not only crashes.
};

// Opens and migrates the store. Invalid (field "database") for a URL of an
// unknown kind; Unavailable when the database cannot be opened.
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options,
                                         int64_t now_millis);

}  // namespace hookwarden
