#include "storage/migration.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/sqlite/sqlite_database.h"

namespace hookwarden {
namespace {

class MigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-migration-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto db = sql::SqliteDatabase::Open({dir_ / "test.db"});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(db.value());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
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
  std::unique_ptr<sql::SqliteDatabase> db_;
};

const Migration kOne{1, {"CREATE TABLE a (x BIGINT)"}};
const Migration kTwo{2, {"CREATE TABLE b (x BIGINT)"}};
const Migration kThree{3, {"CREATE TABLE c (x BIGINT)"}};

TEST_F(MigrationTest, AppliesWhatIsMissingEvenBelowTheNewest) {
  // A database that got 3 before 2 existed (two changes made side by side).
  ASSERT_TRUE(ApplyMigrations(*db_, {kOne, kThree}, 1).ok());
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1, 3}));
  Status s = ApplyMigrations(*db_, {kOne, kTwo, kThree}, 2);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1, 2, 3}));
  // Applying again changes nothing (the tables would already exist).
  EXPECT_TRUE(ApplyMigrations(*db_, {kOne, kTwo, kThree}, 3).ok());
}

TEST_F(MigrationTest, RefusesADatabaseFromANewerVersion) {
  ASSERT_TRUE(ApplyMigrations(*db_, {kOne, kTwo, kThree}, 1).ok());
  Status s = ApplyMigrations(*db_, {kOne, kTwo}, 2);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("newer"), std::string::npos);
}

TEST_F(MigrationTest, AFailingStatementLeavesItsMigrationUnrecorded) {
  const Migration broken{2, {"CREATE TABLE d (x BIGINT)", "NOT SQL"}};
  EXPECT_FALSE(ApplyMigrations(*db_, {kOne, broken}, 1).ok());
  EXPECT_EQ(Recorded(), (std::vector<int64_t>{1}));
  // Nothing of it stayed: the fixed migration creates d again.
  const Migration fixed{2, {"CREATE TABLE d (x BIGINT)"}};
  EXPECT_TRUE(ApplyMigrations(*db_, {kOne, fixed}, 2).ok());
}

}  // namespace
}  // namespace hookwarden
