// InsertRows on both engines: every row lands, in order, with its NULLs,
// across chunk boundaries; the chunk sizes stay few and bounded.
#include "storage/multi_row_insert.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <filesystem>
#include <memory>
#include <numeric>
#include <set>

#include "storage/postgres/postgres_database.h"
#include "storage/postgres/scratch_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace hookwarden::sql {
namespace {

TEST(InsertChunksTest, SumToTheRowsInFewBoundedSizes) {
  EXPECT_TRUE(InsertChunks(0).empty());
  EXPECT_EQ(InsertChunks(1), std::vector<size_t>{1});
  EXPECT_EQ(InsertChunks(7), std::vector<size_t>{7});
  EXPECT_EQ(InsertChunks(51), (std::vector<size_t>{48, 3}));
  EXPECT_EQ(InsertChunks(64), std::vector<size_t>{64});
  EXPECT_EQ(InsertChunks(65), (std::vector<size_t>{64, 1}));
  EXPECT_EQ(InsertChunks(1000),
            (std::vector<size_t>{256, 256, 256, 128, 64, 40}));
  std::set<size_t> sizes;
  for (size_t rows = 1; rows <= 3000; ++rows) {
    auto chunks = InsertChunks(rows);
    EXPECT_EQ(std::accumulate(chunks.begin(), chunks.end(), size_t{0}), rows);
    for (size_t n : chunks) {
      EXPECT_LE(n, kMaxRowsPerInsert);
      sizes.insert(n);
    }
  }
  // 1 to 7, 8 to 64 by 8, then 128 and 256: each a prepared statement of
  // its own.
  EXPECT_EQ(sizes.size(), (kRowStep - 1) + kSteppedRowsPerInsert / kRowStep +
                              std::bit_width(kMaxRowsPerInsert) -
                              std::bit_width(kSteppedRowsPerInsert));
  EXPECT_EQ(sizes.size(), 17u);
  EXPECT_EQ(*sizes.rbegin(), kMaxRowsPerInsert);
}

TEST(MultiRowInsertTest, WritesOnePlaceholderGroupPerRow) {
  EXPECT_EQ(MultiRowInsert("t", {"a", "b"}, 3),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)");
}

class InsertRowsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      scratch_ = std::make_unique<testing::ScratchDatabase>();
      ASSERT_FALSE(scratch_->url().empty()) << scratch_->error();
      PostgresDatabase::Options options;
      options.url = scratch_->url();
      auto db = PostgresDatabase::Open(options);
      ASSERT_TRUE(db.ok()) << db.status().message();
      db_ = std::move(db.value());
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             ("hw-multi-row-" + std::to_string(::getpid()));
      std::filesystem::remove_all(dir_);
      SqliteDatabase::Options options;
      options.path = dir_ / "test.db";
      auto db = SqliteDatabase::Open(options);
      ASSERT_TRUE(db.ok()) << db.status().message();
      db_ = std::move(db.value());
    }
    ASSERT_TRUE(db_->Write([](Connection& c) {
                     auto r = c.Execute(
                         "CREATE TABLE t (n BIGINT PRIMARY KEY, name TEXT,"
                         " x DOUBLE PRECISION)");
                     return r.ok() ? Status::Ok() : r.status();
                   })
                    .ok());
  }
  void TearDown() override {
    db_.reset();
    scratch_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // The rows of `sql`; none when it fails (and the test fails).
  std::vector<Row> Stored(const char* sql) {
    std::vector<Row> rows;
    Status read = db_->Read([&](Connection& c) {
      auto r = c.Query(sql);
      if (!r.ok()) return r.status();
      rows = std::move(r).value();
      return Status::Ok();
    });
    EXPECT_TRUE(read.ok()) << read.message();
    return rows;
  }

  std::unique_ptr<testing::ScratchDatabase> scratch_;
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_P(InsertRowsTest, InsertsEveryRowAcrossChunks) {
  // Two full statements, a stepped one and the rest (256, 256, 48, 3).
  const size_t count = 2 * kMaxRowsPerInsert + 51;
  std::vector<Params> rows;
  for (size_t i = 0; i < count; ++i) {
    rows.push_back({int64_t(i),
                    i % 3 == 0 ? Value() : Value("row " + std::to_string(i)),
                    i % 5 == 0 ? Value() : Value(double(i) / 2)});
  }
  ASSERT_TRUE(db_->Write([&](Connection& c) {
                   return InsertRows(c, "t", {"n", "name", "x"}, rows);
                 })
                  .ok());
  std::vector<Row> stored = Stored("SELECT n, name, x FROM t ORDER BY n");
  ASSERT_EQ(stored.size(), count);
  for (size_t i = 0; i < count; ++i) {
    EXPECT_EQ(stored[i].Int(0), int64_t(i));
    EXPECT_EQ(stored[i].IsNull(1), i % 3 == 0) << i;
    if (i % 3 != 0) {
      EXPECT_EQ(stored[i].Text(1), "row " + std::to_string(i));
    }
    EXPECT_EQ(stored[i].IsNull(2), i % 5 == 0) << i;
    if (i % 5 != 0) {
      EXPECT_DOUBLE_EQ(stored[i].Double(2), double(i) / 2);
    }
  }
}

TEST_P(InsertRowsTest, NothingToInsertRunsNoStatement) {
  ASSERT_TRUE(db_->Write([](Connection& c) {
                   return InsertRows(c, "no_such_table", {"a"}, {});
                 })
                  .ok());
}

TEST_P(InsertRowsTest, AFailedRowFailsTheInsert) {
  Status s = db_->Write([](Connection& c) {
    return InsertRows(
        c, "t", {"n", "name", "x"},
        {{int64_t{1}, Value(), Value()}, {int64_t{1}, Value(), Value()}});
  });
  EXPECT_EQ(s.code(), ErrorCode::kConflict) << s.message();
  Status wrong_width = db_->Write([](Connection& c) {
    return InsertRows(c, "t", {"n", "name"}, {{int64_t{2}}});
  });
  EXPECT_EQ(wrong_width.code(), ErrorCode::kInternal);
}

TEST_P(InsertRowsTest, TextViewedIsStoredAsItWasWhenTheStatementRan) {
  // Two runs of the same statement in one transaction, each viewing strings
  // that are overwritten (then freed) before the next run and the commit:
  // each row holds its own run's text as it was; an empty view (even one
  // with no data at all) is empty text, not NULL.
  ASSERT_TRUE(
      db_->Write([&](Connection& c) -> Status {
           for (int run = 0; run < 2; ++run) {
             std::vector<std::string> names = {"first " + std::to_string(run),
                                               std::string(40, char('a' + run)),
                                               ""};
             std::vector<Params> rows;
             for (size_t i = 0; i < names.size(); ++i) {
               rows.push_back({int64_t(run * 10 + i), View(names[i]), Value()});
             }
             rows.push_back({int64_t(run * 10 + 3),
                             TextView{std::string_view()}, Value()});
             HW_RETURN_IF_ERROR(InsertRows(c, "t", {"n", "name", "x"}, rows));
             for (std::string& name : names) {
               name.assign(name.size(), '#');
             }
           }
           return Status::Ok();
         })
          .ok());
  std::vector<Row> stored = Stored("SELECT n, name FROM t ORDER BY n");
  ASSERT_EQ(stored.size(), 8u);
  for (int run = 0; run < 2; ++run) {
    const Row* row = &stored[run * 4];
    EXPECT_EQ(row[0].Text(1), "first " + std::to_string(run));
    EXPECT_EQ(row[1].Text(1), std::string(40, char('a' + run)));
    for (int k : {2, 3}) {
      EXPECT_FALSE(row[k].IsNull(1)) << run << " " << k;
      EXPECT_EQ(row[k].Text(1), "") << run << " " << k;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, InsertRowsTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden::sql
