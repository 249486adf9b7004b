// sql::Database on an SQLite file in WAL mode: one writer connection that
// serializes write transactions, and a pool of reader connections that read
// concurrently from their own snapshots.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/sql.h"

struct sqlite3;

namespace hookwarden::sql {

class SqliteDatabase final : public Database {
 public:
  struct Options {
    std::filesystem::path path;
    // true: fsync on every commit (survives power loss); false: WAL with
    // synchronous=NORMAL (survives a process crash).
    bool sync_full = false;
    int max_readers = 8;
    // Seconds between two WAL checkpoints, run by a thread of their own so
    // that no commit ever waits for one; 0 leaves them to SQLite (inline
    // with the commit that fills the WAL).
    // Short intervals keep each checkpoint (and its fsync) small: at 0.5 s
    // and more, the writer's commits stalled behind them for tens of ms.
    double checkpoint_interval_seconds = 0.1;
    // false: a command that may run beside the server. It leaves the log's
    // checkpoints to the server's checkpointer, which copies the command's
    // commits too and knows when the log may start over: no checkpointer
    // thread (checkpoint_interval_seconds is not used), and SQLite's own
    // checkpoint only in a commit that finds the log past twice
    // wal_restart_frames. Alone, the command's log stays bounded so. Beside
    // a server, the log gets there only while readers keep the server from
    // starting it over (RestartLongLog); the command's commits then
    // checkpoint too, unseen by the server (see WriteWithoutWaiting). The
    // last connection to the file to close copies what is left.
    bool checkpoints = true;
    // The size of a page, in bytes, of a file this creates (a power of two
    // from 512 to 65536); a file keeps the size it was made with. SQLite's
    // own default, 4 KiB: a group of failures adds rows to the ends of the
    // incidents' and the kept events' trees (six in all), and with 1 KiB
    // pages each of them split a page every few rows; a batch's commit
    // then cost the writer about an eighth more (bench/README.md). The
    // price: each page a commit changes is written whole to the log, and a
    // group of hits changes a few small rows in several tables (the ring,
    // its next slot, the tracked state, the minute's and hour's counts, the
    // credential's use), four times the bytes 1 KiB pages would write.
    // Open refuses a size SQLite would not take.
    int page_size = 4096;
    // Frames (pages) in the write-ahead log past which the
    // checkpointer makes it start over, and the size it is then cut back
    // to: under writes that never pause, a checkpoint that waits for no one
    // never catches up, and the log would grow without end.
    int64_t wal_restart_frames = 16'384;
  };

  // Opens (creating if needed) the database file and its directory.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const Options& options);
  ~SqliteDatabase() override;

  Status Read(const std::function<Status(Connection&)>& work) override;
  Status Write(const std::function<Status(Connection&)>& work) override;
  // Not with sync_full (each commit waits for fsync) or without the
  // checkpointer thread (SQLite checkpoints in the commit; so never with
  // `checkpoints` false), while another write holds the database (this
  // process's or another's) or a checkpoint runs, nor when the log may start
  // over: a commit that starts it over syncs its header (and may cut the
  // file back), and one past wal_restart_frames waits for readers
  // (RestartLongLog). Then false. A checkpoint by another process is not
  // seen, and the next such commit may then start the log over: the
  // sqlite3 shell's, a second server's on the same file, or a command's
  // (`checkpoints` false) once readers have held the log past twice
  // wal_restart_frames. Pages not in the writer's cache are still read
  // from the file.
  Result<bool> WriteWithoutWaiting(
      const std::function<Status(Connection&)>& work) override;

 private:
  class SqliteConnection;
  explicit SqliteDatabase(Options options);
  Result<std::unique_ptr<SqliteConnection>> Connect(bool writer);
  // The writer's WAL hook (sqlite3_wal_hook): called after each commit,
  // holding write_mutex_, with the frames in the log; `self` is the
  // SqliteDatabase.
  static int RestartLongLog(void* self, sqlite3* writer, const char* schema,
                            int frames);
  // Runs `work` in the writer's transaction, begun, and commits it (or rolls
  // it back). Called holding write_mutex_.
  Status CommitWork(const std::function<Status(Connection&)>& work);
  Result<std::unique_ptr<SqliteConnection>> CheckOutReader();
  void ReturnReader(std::unique_ptr<SqliteConnection> reader);

  void CheckpointLoop();

  Options options_;
  // The log's frames at which the writer next tries to restart it.
  int64_t next_restart_frames_ = 0;  // Guarded by write_mutex_.
  // The commit running must not wait (WriteWithoutWaiting); and one such
  // found the log due to start over, which the next Write does. Both
  // guarded by write_mutex_.
  bool without_waiting_ = false;
  bool restart_due_ = false;
  std::mutex write_mutex_;
  std::unique_ptr<SqliteConnection> writer_;  // Guarded by write_mutex_.

  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<SqliteConnection>>
      idle_readers_;      // Guarded by readers_mutex_.
  int open_readers_ = 0;  // Guarded by readers_mutex_.

  // Held by the checkpointer while it checkpoints, and by a commit that
  // must not wait while it runs: no checkpoint of this process lets the log
  // start over under it.
  std::mutex checkpointing_;
  // Whether the next commit may start the log over: nothing was written
  // since a checkpoint copied the whole log, or may have (or since the
  // database opened). Set with each such checkpoint (the checkpointer's,
  // RestartLongLog's), which `copies` counts; cleared by a commit that may
  // wait, unless such a checkpoint was noted since its Write() began (it
  // may have copied that commit too). No I/O under the mutex.
  struct LogState {
    bool may_restart = true;
    uint64_t copies = 0;
  };
  std::mutex log_state_mutex_;
  LogState log_state_;  // Guarded by log_state_mutex_.
  // log_state_.copies when the running Write() began. Guarded by
  // write_mutex_.
  uint64_t copies_at_begin_ = 0;
  // After a checkpoint that copied the whole log, or may have.
  void NoteWholeLogCopied();
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wake_;
  bool closing_ = false;  // Guarded by checkpoint_mutex_.
  std::thread checkpointer_;
};

}  // namespace hookwarden::sql
