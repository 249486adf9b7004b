// The SQLite schema, as an ordered list of migrations. Never edit a released
// migration: add a new one.
#pragma once

#include <vector>

#include "storage/migration.h"

namespace hookwarden {

const std::vector<Migration>& SqliteMigrations();

}  // namespace hookwarden
