#include "storage/sqlite/sqlite_database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

namespace hookwarden::sql {
namespace {

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-sqlite-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(SqliteDatabaseTest, AStatementRunWithFewerParametersHasNullForTheRest) {
  SqliteDatabase::Options options;
  options.path = dir_ / "test.db";
  auto db = SqliteDatabase::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().message();
  std::vector<Row> rows;
  ASSERT_TRUE((*db)
                  ->Write([&](Connection& c) {
                    HW_RETURN_IF_ERROR(
                        c.Execute("CREATE TABLE t (a TEXT, b TEXT)").status());
                    const char* insert = "INSERT INTO t (a, b) VALUES (?, ?)";
                    HW_RETURN_IF_ERROR(c.Send(insert, {"one", "two"}));
                    // The same prepared statement: nothing of the last run's
                    // second parameter is left.
                    HW_RETURN_IF_ERROR(c.Send(insert, {"three"}));
                    auto r = c.Query("SELECT a, b FROM t ORDER BY a");
                    if (!r.ok()) return r.status();
                    rows = std::move(r).value();
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Text(1), "two");
  EXPECT_EQ(rows[1].Text(0), "three");
  EXPECT_TRUE(rows[1].IsNull(1));
}

TEST_F(SqliteDatabaseTest, TheLogStaysBoundedUnderWritesThatNeverPause) {
  SqliteDatabase::Options options;
  options.path = dir_ / "test.db";
  options.wal_restart_frames = 256;  // 1 MiB.
  auto db = SqliteDatabase::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().message();
  ASSERT_TRUE(
      (*db)
          ->Write([](Connection& c) {
            return c
                .Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", {})
                .status();
          })
          .ok());
  // Readers that never stop, as the control plane and the workers are, keep
  // a checkpoint that waits for no one from ever catching up.
  std::atomic<bool> writing{true};
  std::vector<std::thread> readers;
  for (int i = 0; i < 2; ++i) {
    readers.emplace_back([&] {
      while (writing) {
        EXPECT_TRUE(
            (*db)
                ->Read([](Connection& c) {
                  return c
                      .Query("SELECT v FROM t ORDER BY id DESC LIMIT 20", {})
                      .status();
                })
                .ok());
      }
    });
  }
  // 4,000 commits of a page each: about 16 MiB of log without a bound.
  uintmax_t largest = 0;
  for (int i = 0; i < 4000; ++i) {
    ASSERT_TRUE((*db)
                    ->Write([&](Connection& c) {
                      return c
                          .Execute("INSERT INTO t (v) VALUES (?)",
                                   {std::string(3000, 'x')})
                          .status();
                    })
                    .ok());
    std::error_code ec;
    uintmax_t size = std::filesystem::file_size(dir_ / "test.db-wal", ec);
    if (!ec) largest = std::max(largest, size);
  }
  writing = false;
  for (auto& t : readers) t.join();
  // The log starts over past 256 frames; it may overshoot by what is
  // written while a restart waits, never by the whole run.
  EXPECT_LT(largest, 6u * 1024 * 1024) << largest;
}

}  // namespace
}  // namespace hookwarden::sql
