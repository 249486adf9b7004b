#include "storage/sqlite/sqlite_database.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <thread>
#include <vector>

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

// Adds a row of `v` to table t.
std::function<Status(Connection&)> Insert(std::string v) {
  return [v = std::move(v)](Connection& c) {
    return c.Execute("INSERT INTO t (v) VALUES (?)", {v}).status();
  };
}

// A database at `path` with table t (id, v).
std::unique_ptr<SqliteDatabase> OpenWithTable(SqliteDatabase::Options options) {
  auto db = SqliteDatabase::Open(options);
  EXPECT_TRUE(db.ok()) << db.status().message();
  if (!db.ok()) return nullptr;
  EXPECT_TRUE(
      (*db)
          ->Write([](Connection& c) {
            return c
                .Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", {})
                .status();
          })
          .ok());
  return std::move(db).value();
}

// The largest size of the log while `commit` runs 4,000 times, each adding
// a page, under readers that never stop (as the control plane and the
// workers are), which keep a checkpoint that waits for no one from ever
// catching up.
uintmax_t LargestLog(SqliteDatabase& db, const std::filesystem::path& log,
                     const std::function<void()>& commit) {
  std::atomic<bool> writing{true};
  std::vector<std::thread> readers;
  for (int i = 0; i < 2; ++i) {
    readers.emplace_back([&] {
      while (writing) {
        EXPECT_TRUE(
            db.Read([](Connection& c) {
                return c.Query("SELECT v FROM t ORDER BY id DESC LIMIT 20", {})
                    .status();
              }).ok());
      }
    });
  }
  uintmax_t largest = 0;
  for (int i = 0; i < 4000 && !::testing::Test::HasFatalFailure(); ++i) {
    commit();
    std::error_code ec;
    uintmax_t size = std::filesystem::file_size(log, ec);
    if (!ec) largest = std::max(largest, size);
  }
  writing = false;
  for (auto& t : readers) t.join();
  return largest;
}

TEST_F(SqliteDatabaseTest, StatementsThatDifferOnlyInTheMiddleAreEachTheirOwn) {
  SqliteDatabase::Options options;
  options.path = dir_ / "test.db";
  auto db = SqliteDatabase::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().message();
  // Long statements of one length and the same first and last 200
  // characters: each prepared statement is found by its whole text.
  std::string ends(200, ' ');
  std::vector<std::string> answers;
  ASSERT_TRUE((*db)
                  ->Read([&](Connection& c) -> Status {
                    for (int round = 0; round < 2; ++round) {
                      for (char middle : {'a', 'b', 'c'}) {
                        std::string sql = "SELECT" + ends + "'" +
                                          std::string(1, middle) +
                                          "' WHERE 1 = ?" + ends;
                        auto rows = c.Query(sql, {int64_t{1}});
                        if (!rows.ok()) return rows.status();
                        if (rows->size() != 1) {
                          return Status::Internal("not one row");
                        }
                        answers.push_back(rows->front().Text(0));
                      }
                    }
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(answers, (std::vector<std::string>{"a", "b", "c", "a", "b", "c"}));
}

TEST_F(SqliteDatabaseTest, TheLogStaysBoundedUnderWritesThatNeverPause) {
  SqliteDatabase::Options options;
  options.path = dir_ / "test.db";
  options.page_size = 4096;
  options.wal_restart_frames = 256;  // 1 MiB.
  auto db = OpenWithTable(options);
  ASSERT_NE(db, nullptr);
  // About 16 MiB of log without a bound.
  uintmax_t largest = LargestLog(*db, dir_ / "test.db-wal", [&] {
    ASSERT_TRUE(db->Write(Insert(std::string(3000, 'x'))).ok());
  });
  // The log starts over past 256 frames; it may overshoot by what is
  // written while a restart waits, never by the whole run.
  EXPECT_LT(largest, 6u * 1024 * 1024) << largest;
}

// The rows of table t in `db` (-1 when they cannot be counted).
int64_t Rows(SqliteDatabase& db) {
  int64_t rows = -1;
  EXPECT_TRUE(db.Read([&](Connection& c) {
                  auto r = c.Query("SELECT count(*) FROM t", {});
                  if (!r.ok()) return r.status();
                  rows = r->front().Int(0);
                  return Status::Ok();
                }).ok());
  return rows;
}

// The rows of table t in the database at `file`, read by a new connection.
int64_t RowsIn(const std::filesystem::path& file) {
  SqliteDatabase::Options options;
  options.path = file;
  options.checkpoints = false;
  auto db = SqliteDatabase::Open(options);
  EXPECT_TRUE(db.ok()) << db.status().message();
  return db.ok() ? Rows(**db) : -1;
}

TEST_F(SqliteDatabaseTest, ACommandBesideTheServerLeavesTheLogToIt) {
  std::filesystem::path file = dir_ / "test.db", log = dir_ / "test.db-wal";
  // The server, whose checkpointer would not run within the test.
  SqliteDatabase::Options server_options;
  server_options.path = file;
  server_options.checkpoint_interval_seconds = 3600;
  auto server = OpenWithTable(server_options);
  ASSERT_NE(server, nullptr);
  // Two commands beside it: as the commands open the file (a checkpointer
  // due every 0.1 s, were there one), and with no interval (were it to
  // checkpoint, SQLite would in its commits, past 1,000 pages of log).
  std::vector<std::unique_ptr<SqliteDatabase>> commands;
  for (double interval : {0.1, 0.0}) {
    SqliteDatabase::Options options;
    options.path = file;
    options.checkpoint_interval_seconds = interval;
    options.checkpoints = false;
    auto command = SqliteDatabase::Open(options);
    ASSERT_TRUE(command.ok()) << command.status().message();
    commands.push_back(std::move(command).value());
  }
  uintmax_t before = std::filesystem::file_size(file);
  for (int i = 0; i < 1500; ++i) {
    auto& command = commands[i % 2];
    ASSERT_TRUE(command->Write(Insert(std::string(3000, 'x'))).ok());
  }
  // Nothing was copied from the log into the file, while they ran or as
  // they closed beside the server.
  EXPECT_EQ(std::filesystem::file_size(file), before);
  EXPECT_GT(std::filesystem::file_size(log), 1500u * 3000);
  commands.clear();
  EXPECT_EQ(std::filesystem::file_size(file), before);
  // The last connection to close copies the log: nothing stays in it.
  server.reset();
  EXPECT_GT(std::filesystem::file_size(file), before + 1500u * 3000);
  EXPECT_FALSE(std::filesystem::exists(log));
  EXPECT_EQ(RowsIn(file), 1500);
}

TEST_F(SqliteDatabaseTest, ACommandAloneKeepsItsLogBounded) {
  std::filesystem::path file = dir_ / "test.db", log = dir_ / "test.db-wal";
  SqliteDatabase::Options options;
  options.path = file;
  options.checkpoints = false;
  options.page_size = 4096;
  options.wal_restart_frames = 64;  // SQLite checkpoints past 128 pages.
  auto command = OpenWithTable(options);
  ASSERT_NE(command, nullptr);
  uintmax_t largest = 0;
  for (int i = 0; i < 2000; ++i) {
    ASSERT_TRUE(command->Write(Insert(std::string(3000, 'x'))).ok());
    std::error_code ec;
    uintmax_t size = std::filesystem::file_size(log, ec);
    ASSERT_FALSE(ec) << ec.message();
    largest = std::max(largest, size);
  }
  // 2,000 pages were written; the log held at most about 130 at a time.
  EXPECT_LT(largest, 200u * 4096) << largest;
  command.reset();
  EXPECT_EQ(RowsIn(file), 2000);
}

// PRAGMA `name`'s value in `db`.
int64_t Pragma(SqliteDatabase& db, const std::string& name) {
  int64_t value = -1;
  EXPECT_TRUE(db.Write([&](Connection& c) {
                  auto r = c.Query("PRAGMA " + name, {});
                  if (!r.ok()) return r.status();
                  value = r->front().Int(0);
                  return Status::Ok();
                }).ok());
  return value;
}

TEST_F(SqliteDatabaseTest, ANewFileHas4KiBPagesAndAnOldOneKeepsItsOwn) {
  SqliteDatabase::Options options;
  options.path = dir_ / "new.db";
  options.wal_restart_frames = 100;
  auto made = OpenWithTable(options);
  ASSERT_NE(made, nullptr);
  EXPECT_EQ(Pragma(*made, "page_size"), 4096);
  // The log is cut back to its header and 100 frames of 4 KiB pages.
  EXPECT_EQ(Pragma(*made, "journal_size_limit"), 32 + 100 * (24 + 4096));
  // A file made with 1 KiB pages keeps them, and the log's bound with them.
  options.path = dir_ / "old.db";
  options.page_size = 1024;
  ASSERT_NE(OpenWithTable(options), nullptr);
  options.page_size = SqliteDatabase::Options().page_size;
  auto old = SqliteDatabase::Open(options);
  ASSERT_TRUE(old.ok()) << old.status().message();
  EXPECT_EQ(Pragma(**old, "page_size"), 1024);
  EXPECT_EQ(Pragma(**old, "journal_size_limit"), 32 + 100 * (24 + 1024));
  ASSERT_TRUE((*old)->Write(Insert("after")).ok());
  EXPECT_EQ(Rows(**old), 1);
}

TEST_F(SqliteDatabaseTest, APageSizeSqliteWouldNotTakeIsRefused) {
  SqliteDatabase::Options options;
  for (int wrong : {1000, 256, 131072}) {
    options.path = dir_ / ("wrong-" + std::to_string(wrong)) / "test.db";
    options.page_size = wrong;
    EXPECT_FALSE(SqliteDatabase::Open(options).ok()) << wrong;
    EXPECT_FALSE(std::filesystem::exists(options.path.parent_path())) << wrong;
  }
  for (int right : {512, 65536}) {
    options.path = dir_ / ("right-" + std::to_string(right) + ".db");
    options.page_size = right;
    auto db = OpenWithTable(options);
    ASSERT_NE(db, nullptr) << right;
    EXPECT_EQ(Pragma(*db, "page_size"), right);
  }
}

TEST_F(SqliteDatabaseTest, TheLogStaysBoundedWhenCommitsMustNotWait) {
  SqliteDatabase::Options options;
  options.path = dir_ / "test.db";
  options.page_size = 4096;
  options.wal_restart_frames = 256;
  auto db = OpenWithTable(options);
  ASSERT_NE(db, nullptr);
  // As the group-commit writer does: a commit that would wait is handed to
  // Write(). Restarting the log waits for the readers, so it is left to
  // Write(), and those commits that find it due are handed over; so are
  // those that would start it over after a checkpoint, and none does: the
  // log's header (its checkpoint sequence and salt, bytes 12 to 19) is the
  // same after each of them as before.
  auto header = [&] {
    std::ifstream log(dir_ / "test.db-wal", std::ios::binary);
    std::string bytes(8, '\0');
    log.seekg(12);
    log.read(bytes.data(), 8);
    return log ? bytes : std::string();
  };
  int handed_over = 0, restarted = 0;
  uintmax_t largest = LargestLog(*db, dir_ / "test.db-wal", [&] {
    auto work = Insert(std::string(3000, 'x'));
    std::string before = header();
    auto done = db->WriteWithoutWaiting(work);
    ASSERT_TRUE(done.ok()) << done.status().message();
    if (*done) {
      restarted += header() != before;
      return;
    }
    ++handed_over;
    ASSERT_TRUE(db->Write(work).ok());
  });
  EXPECT_LT(largest, 6u * 1024 * 1024) << largest;
  EXPECT_EQ(restarted, 0);
  EXPECT_GE(handed_over, 1);
  EXPECT_LT(handed_over, 2000);  // Most commits waited for nothing.
  EXPECT_EQ(Rows(*db), 4000);
}

TEST_F(SqliteDatabaseTest, AWriteThatMustNotWaitLeavesStartingTheLogOver) {
  SqliteDatabase::Options options;
  options.path = dir_ / "test.db";
  options.checkpoint_interval_seconds = 0.05;
  auto opened = SqliteDatabase::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  SqliteDatabase& db = **opened;
  auto without_waiting = [&](std::string v) {
    auto done = db.WriteWithoutWaiting(Insert(std::move(v)));
    EXPECT_TRUE(done.ok()) << done.status().message();
    return done.ok() && *done;
  };
  // The first commit writes (and syncs) the log's header: left to Write().
  EXPECT_FALSE(without_waiting("first"));
  ASSERT_TRUE(db.Write([](Connection& c) {
                  return c
                      .Execute(
                          "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", {})
                      .status();
                }).ok());
  // Once a checkpoint has copied the whole log, the next commit starts it
  // over: refused until a Write() has. Commits that find nothing in the way
  // go on until then (the checkpointer runs every 50 ms; 10 s at most).
  int committed = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (without_waiting("until a checkpoint") &&
         std::chrono::steady_clock::now() < deadline) {
    ++committed;
  }
  EXPECT_LT(std::chrono::steady_clock::now(), deadline)
      << "never refused after " << committed << " commits";
  // From then on none is taken, however many checkpoints run and end (a
  // dozen in 600 ms), until a Write() has started the log over.
  int taken = 0;
  auto until =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(600);
  while (std::chrono::steady_clock::now() < until) {
    taken += without_waiting("after a checkpoint");
  }
  EXPECT_EQ(taken, 0);
  ASSERT_TRUE(db.Write(Insert("starts it over")).ok());
  // (Unless a checkpoint ran during that Write(), or has copied it
  // already: then again, for 30 s at most.)
  bool again = false;
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!again && std::chrono::steady_clock::now() < deadline) {
    again = without_waiting("again");
    if (!again) {
      ASSERT_TRUE(db.Write(Insert("starts it over")).ok());
    }
  }
  EXPECT_TRUE(again);
}

TEST_F(SqliteDatabaseTest, AWriteThatMustNotWaitRunsOnlyWithNothingInItsWay) {
  SqliteDatabase::Options options;
  options.path = dir_ / "test.db";
  // No checkpoint comes in the way (the test above is about them).
  options.checkpoint_interval_seconds = 3600;
  auto db = OpenWithTable(options);
  ASSERT_NE(db, nullptr);
  auto written = [&](const std::function<Status(Connection&)>& work) {
    auto done = db->WriteWithoutWaiting(work);
    EXPECT_TRUE(done.ok()) << done.status().message();
    return done.ok() && *done;
  };
  // Nothing in the way: it runs and commits.
  EXPECT_TRUE(written(Insert("free")));
  // This process's other write holds the database: not run.
  std::promise<void> inside, leave;
  std::thread other([&] {
    EXPECT_TRUE(db->Write([&](Connection&) {
                    inside.set_value();
                    leave.get_future().wait_for(std::chrono::seconds(5));
                    return Status::Ok();
                  }).ok());
  });
  // (A call that waited for it would hang: it lets go after 5 s at most.)
  EXPECT_EQ(inside.get_future().wait_for(std::chrono::seconds(15)),
            std::future_status::ready);
  EXPECT_FALSE(written(Insert("behind a write")));
  leave.set_value();
  other.join();
  // Another connection (another process: a backup, the CLI) holds the
  // file's write lock: not run, and not waited for. The holder lets go
  // once the call has returned, or after 5 s: a call that waited would
  // then run.
  std::promise<void> held, returned;
  bool holding = false;
  std::thread holder([&] {
    sqlite3* raw = nullptr;
    holding = sqlite3_open(options.path.c_str(), &raw) == SQLITE_OK &&
              sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) ==
                  SQLITE_OK;
    held.set_value();
    returned.get_future().wait_for(std::chrono::seconds(5));
    sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
  });
  held.get_future().wait();
  EXPECT_TRUE(holding);
  if (holding) {
    EXPECT_FALSE(written(Insert("behind another connection")));
  }
  returned.set_value();
  holder.join();
  // A failure of the work is returned, and nothing of it stays.
  auto failed = db->WriteWithoutWaiting([](Connection& c) {
    HW_RETURN_IF_ERROR(Insert("rolled back")(c));
    return Status::Invalid("v", "refused");
  });
  EXPECT_EQ(failed.status().code(), ErrorCode::kInvalid);
  std::vector<Row> rows;
  ASSERT_TRUE(db->Read([&](Connection& c) {
                  auto r = c.Query("SELECT v FROM t ORDER BY id", {});
                  if (!r.ok()) return r.status();
                  rows = std::move(r).value();
                  return Status::Ok();
                }).ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "free");
  db.reset();
  // Every commit synced to the disk: never.
  options.path = dir_ / "synced.db";
  options.sync_full = true;
  auto synced = OpenWithTable(options);
  ASSERT_NE(synced, nullptr);
  auto done = synced->WriteWithoutWaiting(Insert("synced"));
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(*done);
}

}  // namespace
}  // namespace hookwarden::sql
