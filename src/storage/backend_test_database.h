// A fixture for tests that write a backend's tables with plain SQL: an empty
// database of the backend named by the test's parameter ("sqlite" or
// "postgresql", a scratch database of the test server), and its migrations.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "storage/migration.h"
#include "storage/postgres/postgres_database.h"
#include "storage/postgres/postgres_migrations.h"
#include "storage/postgres/scratch_database.h"
#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage/sqlite/sqlite_migrations.h"

namespace hookwarden::testing {

class BackendDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-backend-" + std::to_string(::getpid()) + "-" + GetParam());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (GetParam() == "postgresql") {
      scratch_ = std::make_unique<ScratchDatabase>();
      ASSERT_FALSE(scratch_->url().empty()) << scratch_->error();
      sql::PostgresDatabase::Options options;
      options.url = scratch_->url();
      auto pg = sql::PostgresDatabase::Open(options);
      ASSERT_TRUE(pg.ok()) << pg.status().message();
      db_ = std::move(pg.value());
      migrations_ = &PostgresMigrations();
    } else {
      auto lite = sql::SqliteDatabase::Open({dir_ / "test.db"});
      ASSERT_TRUE(lite.ok()) << lite.status().message();
      db_ = std::move(lite.value());
      migrations_ = &SqliteMigrations();
    }
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
    scratch_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Applies the migrations up to `version` (0: all of them).
  void MigrateTo(int version = 0) {
    std::vector<Migration> up_to;
    for (const Migration& m : *migrations_) {
      if (version == 0 || m.version <= version) up_to.push_back(m);
    }
    ASSERT_TRUE(version == 0 || up_to.back().version == version);
    Status migrated = ApplyMigrations(*db_, up_to, 1);
    ASSERT_TRUE(migrated.ok()) << migrated.message();
  }

  // Migrates to the newest version and opens the store on the database
  // (db_ moves into it; raw_ stays).
  void MigrateAndOpen() {
    ASSERT_NO_FATAL_FAILURE(MigrateTo());
    raw_ = db_.get();
    store_ = std::make_unique<SqlStore>(std::move(db_));
  }

  // Sets up, migrates to `version`, lets `add` write that version's rows,
  // then migrates to the newest version and opens the store: for tests of
  // the migrations after `version`.
  template <typename AddRows>
  void UpgradeFrom(int version, AddRows add) {
    BackendDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(MigrateTo(version));
    ASSERT_NO_FATAL_FAILURE(add());
    ASSERT_NO_FATAL_FAILURE(MigrateAndOpen());
  }

  // Adds organization `org` (slug the same), with one product, and its
  // applications `apps` (names and slugs their ids), with columns every
  // version from 18 on has.
  static Status AddApplications(sql::Connection& c, const std::string& org,
                                const std::vector<std::string>& apps) {
    auto done = c.Execute(
        "INSERT INTO organizations (id, name, slug, created_at)"
        " VALUES (?, ?, ?, 1)",
        {org, org, org});
    if (!done.ok()) return done.status();
    done = c.Execute(
        "INSERT INTO products (id, organization_id, name, slug, created_at,"
        " updated_at) VALUES (?, ?, 'P', 'p', 1, 1)",
        {"prd_" + org, org});
    if (!done.ok()) return done.status();
    for (const std::string& app : apps) {
      done = c.Execute(
          "INSERT INTO applications (id, organization_id, product_id, name,"
          " slug, failures_to_open, hits_to_close, severity,"
          " no_data_timeout_seconds, created_at, updated_at)"
          " VALUES (?, ?, ?, ?, ?, 1, 1, 'sev1', 0, 1, 1)",
          {app, org, "prd_" + org, app, app});
      if (!done.ok()) return done.status();
    }
    return Status::Ok();
  }

  // The first column of the first row of `sql`'s answer; -1 for NULL.
  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    sql::Database* db = db_ ? db_.get() : raw_;
    Status read = db->Read([&](sql::Connection& c) -> Status {
      auto rows = c.Query(sql);
      if (!rows.ok()) return rows.status();
      n = rows->front().IsNull(0) ? -1 : rows->front().Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(read.ok()) << sql << ": " << read.message();
    return n;
  }

  std::filesystem::path dir_;
  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<sql::Database> db_;
  const std::vector<Migration>* migrations_ = nullptr;
  sql::Database* raw_ = nullptr;
  std::unique_ptr<SqlStore> store_;
};

}  // namespace hookwarden::testing
