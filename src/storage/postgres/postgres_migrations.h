// The PostgreSQL schema, as an ordered list of migrations. Never edit a
// released migration: add a new one.
//
// Each version is the twin of the SQLite migration with the same number
// (sqlite/sqlite_migrations.cc): after version N both databases have the
// same tables, columns and indexes, so that SqlStore's portable SQL reads
// them alike. What differs is spelled the PostgreSQL way: identity columns
// for AUTOINCREMENT, and text columns compared byte by byte (COLLATE "C")
// as SQLite compares them, whatever the database's locale, so that
// uniqueness and ORDER BY agree on both.
#pragma once

#include <vector>

#include "storage/migration.h"

namespace hookwarden {

const std::vector<Migration>& PostgresMigrations();

}  // namespace hookwarden
