#include "storage/migration.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "storage/postgres/postgres_database.h"
#include "storage/postgres/postgres_migrations.h"
#include "storage/postgres/scratch_database.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage/sqlite/sqlite_migrations.h"

namespace hookwarden {
namespace {

// Migrations on each backend ("sqlite" or "postgresql").
class MigrationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-migration-" + std::to_string(::getpid()) + "-" +
            name.substr(0, name.find('/')) + "-" + GetParam());
    std::filesystem::remove_all(dir_);
    if (GetParam() == "postgresql") {
      scratch_ = std::make_unique<testing::ScratchDatabase>();
      ASSERT_FALSE(scratch_->url().empty()) << scratch_->error();
    }
    db_ = Open();
    ASSERT_NE(db_, nullptr);
  }
  void TearDown() override {
    db_.reset();
    scratch_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A new connection to the test's database, as another server's.
  std::unique_ptr<sql::Database> Open() {
    Result<std::unique_ptr<sql::Database>> db = Status::Internal("no backend");
    if (GetParam() == "postgresql") {
      sql::PostgresDatabase::Options options;
      options.url = scratch_->url();
      auto pg = sql::PostgresDatabase::Open(options);
      db = pg.ok() ? Result<std::unique_ptr<sql::Database>>(std::move(*pg))
                   : pg.status();
    } else {
      auto lite = sql::SqliteDatabase::Open({dir_ / "test.db"});
      db = lite.ok() ? Result<std::unique_ptr<sql::Database>>(std::move(*lite))
                     : lite.status();
    }
    EXPECT_TRUE(db.ok()) << db.status().message();
    return db.ok() ? std::move(db.value()) : nullptr;
  }

  const std::vector<Migration>& Schema() const {
    return GetParam() == "postgresql" ? PostgresMigrations()
                                      : SqliteMigrations();
  }

  std::vector<int64_t> Recorded() {
    std::vector<int64_t> versions;
    EXPECT_TRUE(db_->Read([&](sql::Connection& c) -> Status {
                     auto rows = c.Query(
                         "SELECT version FROM schema_migrations ORDER BY "
                         "version");
                     if (!rows.ok()) return rows.status();
                     for (const auto& r : *rows) versions.push_back(r.Int(0));
                     return Status::Ok();
                   })
                    .ok());
    return versions;
  }

  std::filesystem::path dir_;
  std::unique_ptr<testing::ScratchDatabase> scratch_;
  std::unique_ptr<sql::Database> db_;
};

const Migration kOne{1, {"CREATE TABLE a (x BIGINT)"}};
const Migration kTwo{2, {"CREATE TABLE b (x BIGINT)"}};
const Migration kThree{3, {"CREATE TABLE c (x BIGINT)"}};

TEST_P(MigrationTest, AppliesWhatIsMissingEvenBelowTheNewest) {
  // A database that got 3 before 2 existed (two changes made side by side).
  ASSERT_TRUE(ApplyMigrations(*db_, {kOne, kThree}, 1).ok());
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1, 3}));
  Status s = ApplyMigrations(*db_, {kOne, kTwo, kThree}, 2);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1, 2, 3}));
  // Applying again changes nothing (the tables would already exist).
  EXPECT_TRUE(ApplyMigrations(*db_, {kOne, kTwo, kThree}, 3).ok());
}

TEST_P(MigrationTest, RefusesADatabaseFromANewerVersion) {
  ASSERT_TRUE(ApplyMigrations(*db_, {kOne, kTwo, kThree}, 1).ok());
  Status s = ApplyMigrations(*db_, {kOne, kTwo}, 2);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("newer"), std::string::npos);
}

TEST_P(MigrationTest, AFailingStatementLeavesItsMigrationUnrecorded) {
  const Migration broken{2, {"CREATE TABLE d (x BIGINT)", "NOT SQL"}};
  EXPECT_FALSE(ApplyMigrations(*db_, {kOne, broken}, 1).ok());
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1}));
  // Nothing of it stayed: the fixed migration creates d again.
  const Migration fixed{2, {"CREATE TABLE d (x BIGINT)"}};
  EXPECT_TRUE(ApplyMigrations(*db_, {kOne, fixed}, 2).ok());
}

TEST_P(MigrationTest, TheSchemaHasEveryVersionInOrder) {
  const std::vector<Migration>& schema = Schema();
  ASSERT_FALSE(schema.empty());
  // Versions grow (one may be missing for a while: two changes developed
  // side by side number theirs apart, and ApplyMigrations applies one
  // numbered below the newest applied).
  EXPECT_EQ(schema.front().version, 1);
  for (size_t i = 1; i < schema.size(); ++i) {
    EXPECT_GT(schema[i].version, schema[i - 1].version);
  }
  // Both backends know the same versions: each SQLite migration has its
  // PostgreSQL twin.
  ASSERT_EQ(PostgresMigrations().size(), SqliteMigrations().size());
  for (size_t i = 0; i < schema.size(); ++i) {
    EXPECT_EQ(PostgresMigrations()[i].version, SqliteMigrations()[i].version);
  }
  ASSERT_TRUE(ApplyMigrations(*db_, schema, 1).ok());
  EXPECT_EQ(Recorded().size(), schema.size());
}

TEST_P(MigrationTest, TheOpenAlertIsFoundWithoutWalkingResolvedIncidents) {
  // Every group commit's lock read asks for an application's oldest open
  // alert: its plan must not walk the application's incidents in time
  // order (a flapping application has thousands, all resolved).
  // (PostgreSQL's plan depends on its statistics: there, the index is
  // checked to exist.)
  ASSERT_TRUE(ApplyMigrations(*db_, Schema(), 1).ok());
  std::string plan;
  const bool postgres = GetParam() == "postgresql";
  ASSERT_TRUE(
      db_->Read([&](sql::Connection& c) -> Status {
           auto rows = c.Query(
               postgres ? "SELECT 0, 0, 0, indexdef FROM pg_indexes"
                          " WHERE indexname = ? AND tablename ="
                          " 'incidents'"
                        : "EXPLAIN QUERY PLAN SELECT y.id FROM incidents y"
                          " WHERE y.application_id = ? AND y.alert_key IS NOT"
                          " NULL AND y.status <> 'resolved' ORDER BY"
                          " y.opened_at, y.id LIMIT 1",
               {postgres ? std::string("incidents_open_alerts_by_time")
                         : std::string("app_1")});
           if (!rows.ok()) return rows.status();
           for (const auto& r : *rows) plan += r.Text(3) + "\n";
           return Status::Ok();
         })
          .ok());
  EXPECT_NE(plan.find("incidents_open_alerts_by_time"), std::string::npos)
      << plan;
}

TEST_P(MigrationTest, ServersStartingTogetherMigrateOnce) {
  std::vector<std::unique_ptr<sql::Database>> servers;
  for (int i = 0; i < 3; ++i) servers.push_back(Open());
  std::vector<std::thread> threads;
  std::vector<Status> results(servers.size());
  for (size_t i = 0; i < servers.size(); ++i) {
    threads.emplace_back(
        [&, i] { results[i] = ApplyMigrations(*servers[i], Schema(), 1); });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(Recorded().size(), Schema().size());
}

// Usernames that differ only in case cannot stay two accounts: the
// migration that makes them one refuses, naming them, and changes nothing.
TEST_P(MigrationTest, UsernamesDifferingOnlyInCaseRefuseTheMigration) {
  std::vector<Migration> before;
  for (const Migration& m : Schema()) {
    if (m.check == CheckUsernamesDifferWithoutCase) break;
    before.push_back(m);
  }
  ASSERT_LT(before.size(), Schema().size());
  ASSERT_TRUE(ApplyMigrations(*db_, before, 1).ok());
  ASSERT_TRUE(db_->Write([](sql::Connection& c) -> Status {
                   for (const char* row : {"('usr_1', 'Admin', 'h', 1)",
                                           "('usr_2', 'admin', 'h', 2)",
                                           "('usr_3', 'ops', 'h', 3)"}) {
                     auto done = c.Execute(
                         std::string("INSERT INTO users (id, username, "
                                     "password_hash, created_at) VALUES ") +
                         row);
                     if (!done.ok()) return done.status();
                   }
                   return Status::Ok();
                 })
                  .ok());
  Status refused = ApplyMigrations(*db_, Schema(), 2);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("'Admin' (usr_1), 'admin' (usr_2)"),
            std::string::npos)
      << refused.message();
  EXPECT_EQ(refused.message().find("ops"), std::string::npos);
  EXPECT_EQ(Recorded().size(), before.size());

  // Renamed, it migrates, and the names are one account whatever the case.
  ASSERT_TRUE(db_->Write([](sql::Connection& c) -> Status {
                   auto done = c.Execute(
                       "UPDATE users SET username = 'admin2' WHERE id = "
                       "'usr_2'");
                   return done.ok() ? Status::Ok() : done.status();
                 })
                  .ok());
  ASSERT_TRUE(ApplyMigrations(*db_, Schema(), 3).ok());
  Status duplicate = db_->Write([](sql::Connection& c) -> Status {
    auto done = c.Execute(
        "INSERT INTO users (id, username, password_hash, created_at) VALUES "
        "('usr_4', 'OPS', 'h', 4)");
    return done.ok() ? Status::Ok() : done.status();
  });
  EXPECT_EQ(duplicate.code(), ErrorCode::kConflict) << duplicate.message();
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden
