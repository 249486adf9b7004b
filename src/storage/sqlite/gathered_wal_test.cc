#include "storage/sqlite/gathered_wal.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hookwarden::sql {
namespace {

// The unix VFS's own pwrite calls, replaced for a test through its
// xSetSystemCall: counts the writes to files whose name ends in "-wal", and
// fails them when asked.
using PwriteFn = ssize_t (*)(int, const void*, size_t, off_t);
PwriteFn real_pwrite = nullptr;
PwriteFn real_pwrite64 = nullptr;
int log_writes = 0;
bool fail_log_writes = false;  // Every write to a log fails.
int fail_log_write = 0;        // The log write of this number fails (1 on).

bool IsLog(int fd) {
  char target[4096];
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  ssize_t n = ::readlink(link.c_str(), target, sizeof(target) - 1);
  if (n <= 0) return false;
  std::string path(target, static_cast<size_t>(n));
  return path.size() > 4 && path.compare(path.size() - 4, 4, "-wal") == 0;
}

ssize_t Watch(PwriteFn real, int fd, const void* data, size_t n, off_t at) {
  if (IsLog(fd)) {
    ++log_writes;
    if (fail_log_writes || log_writes == fail_log_write) {
      errno = ENOSPC;
      return -1;
    }
  }
  return real(fd, data, n, at);
}
ssize_t WatchedPwrite(int fd, const void* data, size_t n, off_t at) {
  return Watch(real_pwrite, fd, data, n, at);
}
ssize_t WatchedPwrite64(int fd, const void* data, size_t n, off_t at) {
  return Watch(real_pwrite64, fd, data, n, at);
}

class GatheredWalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hw-gathered-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    unix_ = sqlite3_vfs_find("unix");
    ASSERT_NE(unix_, nullptr);
    ASSERT_NE(GatheredWalVfs(), nullptr);
    real_pwrite =
        reinterpret_cast<PwriteFn>(unix_->xGetSystemCall(unix_, "pwrite"));
    real_pwrite64 =
        reinterpret_cast<PwriteFn>(unix_->xGetSystemCall(unix_, "pwrite64"));
    ASSERT_TRUE(real_pwrite != nullptr || real_pwrite64 != nullptr);
    if (real_pwrite) {
      unix_->xSetSystemCall(
          unix_, "pwrite",
          reinterpret_cast<sqlite3_syscall_ptr>(WatchedPwrite));
    }
    if (real_pwrite64) {
      unix_->xSetSystemCall(
          unix_, "pwrite64",
          reinterpret_cast<sqlite3_syscall_ptr>(WatchedPwrite64));
    }
    log_writes = 0;
    fail_log_writes = false;
    fail_log_write = 0;
  }
  void TearDown() override {
    for (sqlite3* db : open_) sqlite3_close(db);
    // Back to the unix VFS's defaults.
    unix_->xSetSystemCall(unix_, nullptr, nullptr);
    std::filesystem::remove_all(dir_);
  }

  // A connection to `dir`/test.db (this test's directory by default) in
  // WAL mode with 1 KiB pages, through `vfs` (null: SQLite's default).
  sqlite3* Open(const char* vfs, const std::filesystem::path& dir = {}) {
    sqlite3* db = nullptr;
    std::string path = ((dir.empty() ? dir_ : dir) / "test.db").string();
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs),
              SQLITE_OK);
    open_.push_back(db);
    EXPECT_EQ(Exec(db,
                   "PRAGMA page_size=1024; PRAGMA journal_mode=WAL;"
                   " PRAGMA synchronous=NORMAL"),
              SQLITE_OK);
    return db;
  }

  void Close(sqlite3* db) {
    std::erase(open_, db);
    EXPECT_EQ(sqlite3_close(db), SQLITE_OK);
  }

  static int Exec(sqlite3* db, const std::string& sql) {
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }

  static int64_t Count(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return n;
  }

  static std::string IntegrityCheck(sqlite3* db) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr);
    std::string out =
        sqlite3_step(s) == SQLITE_ROW
            ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0))
            : "no answer";
    sqlite3_finalize(s);
    return out;
  }

  std::filesystem::path dir_;
  sqlite3_vfs* unix_ = nullptr;
  std::vector<sqlite3*> open_;
};

constexpr char kTable[] =
    "CREATE TABLE t (id INTEGER PRIMARY KEY, tag TEXT, v BLOB)";

// One transaction of `rows` rows of 300 bytes into t (about three rows a
// page).
int InsertMany(sqlite3* db, int rows, const std::string& tag) {
  std::string sql =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE"
      " i < " +
      std::to_string(rows) + ") INSERT INTO t (tag, v) SELECT '" + tag +
      "', randomblob(300) FROM n";
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

TEST_F(GatheredWalTest, ACommitReachesTheLogInOneWrite) {
  sqlite3* plain = Open(nullptr);
  ASSERT_EQ(Exec(plain, kTable), SQLITE_OK);
  // The same commit of about 50 pages, through each VFS.
  log_writes = 0;
  ASSERT_EQ(InsertMany(plain, 150, "plain"), SQLITE_OK);
  int plain_writes = log_writes;
  sqlite3* gathered = Open(GatheredWalVfs());
  log_writes = 0;
  ASSERT_EQ(InsertMany(gathered, 150, "gathered"), SQLITE_OK);
  int gathered_writes = log_writes;
  // Two writes a page (its frame's header, then the page) ...
  EXPECT_GE(plain_writes, 100);
  // ... and one for all of them.
  EXPECT_EQ(gathered_writes, 1);
  // The other connection reads every row of it at once.
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t WHERE tag = 'gathered'"), 150);
}

TEST_F(GatheredWalTest, EveryCommitIsReadByOtherConnectionsAsItReturns) {
  sqlite3* writer = Open(GatheredWalVfs());
  ASSERT_EQ(Exec(writer, kTable), SQLITE_OK);
  sqlite3* reader = Open(nullptr);
  sqlite3* gathered_reader = Open(GatheredWalVfs());
  for (int i = 1; i <= 200; ++i) {
    // Small and large commits, in one or several buffers.
    int rows = i % 50 == 0 ? 5000 : 1 + i % 7;
    ASSERT_EQ(InsertMany(writer, rows, "c" + std::to_string(i)), SQLITE_OK);
    std::string count =
        "SELECT COUNT(*) FROM t WHERE tag = 'c" + std::to_string(i) + "'";
    ASSERT_EQ(Count(reader, count), rows) << "commit " << i;
    ASSERT_EQ(Count(gathered_reader, count), rows) << "commit " << i;
    if (i % 40 == 0) {
      ASSERT_EQ(Exec(reader, "PRAGMA wal_checkpoint(RESTART)"), SQLITE_OK);
    }
  }
  EXPECT_EQ(IntegrityCheck(reader), "ok");
  EXPECT_EQ(IntegrityCheck(writer), "ok");
}

// What a connection writes to its log outside a commit (frames spilled from
// its cache, say) is in the file before its database's shared index is
// locked, unlocked or fenced: no other connection can learn of frames, or
// take the log's write lock, while bytes of this one wait.
TEST_F(GatheredWalTest, WaitingBytesAreWrittenBeforeTheSharedIndexIsTouched) {
  sqlite3* db = Open(GatheredWalVfs());
  ASSERT_EQ(Exec(db, kTable), SQLITE_OK);
  ASSERT_EQ(InsertMany(db, 1, "first"), SQLITE_OK);
  sqlite3_file* log = nullptr;
  sqlite3_file* main = nullptr;
  ASSERT_EQ(
      sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &main),
            SQLITE_OK);
  ASSERT_NE(log, nullptr);
  ASSERT_NE(main, nullptr);
  std::filesystem::path log_path = dir_ / "test.db-wal";
  auto size = [&] { return std::filesystem::file_size(log_path); };
  const char bytes[] = "gathered";
  // A read mark's lock (WAL_READ_LOCK(4), slot 7), free here.
  constexpr int kSlot = 7;
  auto lock = [&](int flags) {
    return main->pMethods->xShmLock(main, kSlot, 1, flags);
  };
  const std::vector<std::pair<std::string, std::function<void()>>> touches = {
      {"lock",
       [&] { EXPECT_EQ(lock(SQLITE_SHM_LOCK | SQLITE_SHM_SHARED), 0); }},
      {"unlock",
       [&] { EXPECT_EQ(lock(SQLITE_SHM_UNLOCK | SQLITE_SHM_SHARED), 0); }},
      {"barrier", [&] { main->pMethods->xShmBarrier(main); }},
  };
  for (const auto& [name, touch] : touches) {
    uintmax_t before = size();
    // Past the log's end: no frame of it.
    sqlite3_int64 at = static_cast<sqlite3_int64>(before) + 4096;
    ASSERT_EQ(log->pMethods->xWrite(log, bytes, 8, at), SQLITE_OK) << name;
    EXPECT_EQ(size(), before) << name << ": gathered, not written yet";
    touch();
    EXPECT_EQ(size(), before + 4096 + 8) << name;
  }
}

TEST_F(GatheredWalTest, ARolledBackTransactionLeavesNothingToBeWrittenLater) {
  sqlite3* gathered = Open(GatheredWalVfs());
  ASSERT_EQ(Exec(gathered, kTable), SQLITE_OK);
  ASSERT_EQ(InsertMany(gathered, 10, "kept"), SQLITE_OK);
  // A small cache: the transaction spills pages to the log before its
  // commit, then is rolled back.
  ASSERT_EQ(Exec(gathered, "PRAGMA cache_size=10"), SQLITE_OK);
  ASSERT_EQ(Exec(gathered, "BEGIN"), SQLITE_OK);
  ASSERT_EQ(InsertMany(gathered, 600, "dropped"), SQLITE_OK);
  ASSERT_EQ(Exec(gathered, "ROLLBACK"), SQLITE_OK);
  // Another connection then writes where the spilled frames were.
  sqlite3* plain = Open(nullptr);
  ASSERT_EQ(InsertMany(plain, 600, "other"), SQLITE_OK);
  // Closing the first connection writes nothing of the dropped transaction
  // over them.
  Close(gathered);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t WHERE tag = 'other'"), 600);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t WHERE tag = 'dropped'"), 0);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t WHERE tag = 'kept'"), 10);
  EXPECT_EQ(IntegrityCheck(plain), "ok");
}

TEST_F(GatheredWalTest, AFailedWriteFailsTheCommitAndKeepsTheFileWhole) {
  sqlite3* gathered = Open(GatheredWalVfs());
  ASSERT_EQ(Exec(gathered, kTable), SQLITE_OK);
  ASSERT_EQ(InsertMany(gathered, 30, "before"), SQLITE_OK);
  fail_log_writes = true;
  int rc = InsertMany(gathered, 30, "lost");
  fail_log_writes = false;
  EXPECT_NE(rc, SQLITE_OK);
  // The connection goes on, and the file holds what was committed only.
  EXPECT_EQ(InsertMany(gathered, 30, "after"), SQLITE_OK);
  sqlite3* plain = Open(nullptr);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t WHERE tag = 'lost'"), 0);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t WHERE tag = 'before'"), 30);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t WHERE tag = 'after'"), 30);
  EXPECT_EQ(IntegrityCheck(plain), "ok");
}

// A commit of `rows` rows into test.db in `dir` (made with `before` rows in
// an earlier commit); with `rewrite`, through a cache of 10 pages, the
// transaction spilling its pages to the log before its commit and then
// changing a spilled page again (which SQLite writes over its frame, and
// whose checksums it writes again after the commit's frame). The log writes
// its COMMIT made, and its result, are in `writes` and returned; with
// `failing`, that write of the COMMIT fails.
int CommitIn(sqlite3* db, int rows, bool rewrite, int* writes,
             int failing = 0) {
  auto exec = [&](const std::string& sql) {
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  };
  if (rewrite) {
    EXPECT_EQ(exec("PRAGMA cache_size=10"), SQLITE_OK);
  }
  EXPECT_EQ(exec("BEGIN"), SQLITE_OK);
  EXPECT_EQ(InsertMany(db, rows, "commit"), SQLITE_OK);
  if (rewrite) {
    EXPECT_EQ(exec("UPDATE t SET tag = 'again' WHERE id = 1"), SQLITE_OK);
  }
  log_writes = 0;
  fail_log_write = failing;
  int rc = exec("COMMIT");
  fail_log_write = 0;
  *writes = log_writes;
  if (rc != SQLITE_OK) exec("ROLLBACK");
  return rc;
}

// Whichever write of a commit fails, the commit fails and the database
// keeps what was committed before it: commits of 100 to 150 frames (one of
// which ends with its last frame's header in the buffer and its page past
// the buffer's bound), and commits whose spilled pages SQLite writes again.
// Each is made twice on two files of the same history: once to count its
// log writes, then with its last write failing.
TEST_F(GatheredWalTest, ACommitFailsWhenAnyOfItsWritesFails) {
  struct Case {
    int rows;
    bool rewrite;
  };
  std::vector<Case> cases;
  for (int rows = 290; rows <= 450; rows += 3) cases.push_back({rows, false});
  for (int rows : {200, 600, 1200}) cases.push_back({rows, true});
  for (const Case& c : cases) {
    std::string name = std::to_string(c.rows) + (c.rewrite ? "r" : "");
    int writes = 0;
    {
      std::filesystem::path counted = dir_ / ("counted-" + name);
      std::filesystem::create_directories(counted);
      sqlite3* db = Open(GatheredWalVfs(), counted);
      ASSERT_EQ(Exec(db, kTable), SQLITE_OK);
      ASSERT_EQ(InsertMany(db, 5, "before"), SQLITE_OK);
      ASSERT_EQ(CommitIn(db, c.rows, c.rewrite, &writes), SQLITE_OK) << name;
      ASSERT_GE(writes, 1) << name;
      Close(db);
    }
    for (int failing : std::set<int>{1, writes}) {
      std::filesystem::path failed =
          dir_ / ("failed-" + name + "-" + std::to_string(failing));
      std::filesystem::create_directories(failed);
      sqlite3* db = Open(GatheredWalVfs(), failed);
      ASSERT_EQ(Exec(db, kTable), SQLITE_OK);
      ASSERT_EQ(InsertMany(db, 5, "before"), SQLITE_OK);
      int failed_writes = 0;
      EXPECT_NE(CommitIn(db, c.rows, c.rewrite, &failed_writes, failing),
                SQLITE_OK)
          << name << ", write " << failing << " of " << writes << " failing";
      EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM t"), 5) << name;
      EXPECT_EQ(IntegrityCheck(db), "ok") << name;
      Close(db);
    }
  }
}

// The log as the file holds it is whole: a copy of the database and its log
// without the shared index (which SQLite then rebuilds from the log,
// checking each frame's checksums) reads every committed row, also after
// commits whose spilled pages SQLite wrote again.
TEST_F(GatheredWalTest, TheLogInTheFileHoldsEveryCommit) {
  sqlite3* db = Open(GatheredWalVfs());
  ASSERT_EQ(Exec(db, kTable), SQLITE_OK);
  int writes = 0;
  int64_t rows = 0;
  for (int i = 0; i < 6; ++i) {
    int n = 150 * (i + 1);
    ASSERT_EQ(CommitIn(db, n, /*rewrite=*/i % 2 == 1, &writes), SQLITE_OK);
    rows += n;
  }
  std::filesystem::path copy = dir_ / "copy";
  std::filesystem::create_directories(copy);
  for (const char* file : {"test.db", "test.db-wal"}) {
    std::filesystem::copy_file(dir_ / file, copy / file);
  }
  sqlite3* copied = Open(nullptr, copy);
  EXPECT_EQ(Count(copied, "SELECT COUNT(*) FROM t"), rows);
  EXPECT_EQ(Count(copied, "SELECT COUNT(*) FROM t WHERE tag = 'again'"), 1);
  EXPECT_EQ(IntegrityCheck(copied), "ok");
}

// Begins a transaction on `db` (table t made) whose 600 rows tagged `tag`
// are more than its cache of 10 pages: SQLite spills pages to the log
// before the commit.
void BeginSpilling(sqlite3* db, const char* tag) {
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA cache_size=10; BEGIN", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  ASSERT_EQ(InsertMany(db, 600, tag), SQLITE_OK);
}

// Frames spilled from the cache wait to be written, and SQLite has already
// named them in the shared index. When their write fails, the statement
// that found out fails, and so does everything after it in the
// transaction, its commit too (SQLite would otherwise undo only the
// statement, and commit on top of frames that are not in the file).
TEST_F(GatheredWalTest, ALostSpillFailsTheTransactionsCommit) {
  sqlite3* db = Open(GatheredWalVfs());
  ASSERT_EQ(Exec(db, kTable), SQLITE_OK);
  ASSERT_EQ(Exec(db, "CREATE TABLE u (k INTEGER UNIQUE)"), SQLITE_OK);
  ASSERT_EQ(InsertMany(db, 10, "kept"), SQLITE_OK);
  ASSERT_NO_FATAL_FAILURE(BeginSpilling(db, "spilled"));
  fail_log_writes = true;
  // Reads the spilled pages back from the log: the waiting bytes are
  // written first, and fail. A statement of many rows into a table with a
  // unique index, which SQLite would undo alone.
  int failed = Exec(db, "INSERT INTO u (k) SELECT id FROM t");
  fail_log_writes = false;
  ASSERT_NE(failed, SQLITE_OK) << "nothing waited to be written";
  // SQLite undid that statement alone: the transaction is open, and its
  // commit is what must fail, with the write's error.
  ASSERT_EQ(sqlite3_get_autocommit(db), 0);
  EXPECT_EQ(Exec(db, "COMMIT"), SQLITE_FULL);
  Exec(db, "ROLLBACK");
  // The next transaction starts clean.
  EXPECT_EQ(InsertMany(db, 20, "after"), SQLITE_OK);
  sqlite3* plain = Open(nullptr);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t WHERE tag = 'spilled'"), 0);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t"), 30);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM u"), 0);
  EXPECT_EQ(IntegrityCheck(plain), "ok");
}

// A transaction whose waiting bytes cannot be written is rolled back, and
// releases the log's write lock all the same: another connection writes.
TEST_F(GatheredWalTest, AFailedWriteAtRollbackLeavesTheLogToOthers) {
  sqlite3* db = Open(GatheredWalVfs());
  ASSERT_EQ(Exec(db, kTable), SQLITE_OK);
  ASSERT_NO_FATAL_FAILURE(BeginSpilling(db, "dropped"));
  fail_log_writes = true;
  log_writes = 0;
  Exec(db, "ROLLBACK");
  fail_log_writes = false;
  ASSERT_GE(log_writes, 1) << "nothing waited to be written";
  sqlite3* plain = Open(nullptr);
  EXPECT_EQ(InsertMany(plain, 5, "other"), SQLITE_OK);
  EXPECT_EQ(InsertMany(db, 5, "again"), SQLITE_OK);
  EXPECT_EQ(Count(plain, "SELECT COUNT(*) FROM t"), 10);
  EXPECT_EQ(IntegrityCheck(plain), "ok");
}

}  // namespace
}  // namespace hookwarden::sql
