#include "storage/sqlite/sqlite_database.h"

#include <pthread.h>
#include <sqlite3.h>

#include <bit>
#include <chrono>
#include <string>
#include <unordered_map>

#include "domain/latency_histogram.h"
#include "storage/sqlite/gathered_wal.h"

namespace hookwarden::sql {
namespace {

constexpr int kBusyTimeoutMillis = 10'000;
// How long the writer waits for readers to leave the log it restarts.
constexpr int kRestartWaitMillis = 20;
// The write-ahead log's file header, and each frame's header before its
// page (sqlite.org/fileformat2.html#walformat).
constexpr int64_t kWalHeaderBytes = 32;
constexpr int64_t kWalFrameHeaderBytes = 24;

std::string_view TextOf(sqlite3_value* v) {
  const unsigned char* text = sqlite3_value_text(v);
  if (text == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(text),
                          static_cast<size_t>(sqlite3_value_bytes(v)));
}

// hw_merge_histograms(a, b): the text form of the merge of two latency
// histograms' text forms (sql_events.h); one that does not parse counts as
// empty.
void MergeHistograms(sqlite3_context* context, int, sqlite3_value** args) {
  LatencyHistogram merged =
      LatencyHistogram::Decode(TextOf(args[0])).value_or(LatencyHistogram());
  merged.Merge(
      LatencyHistogram::Decode(TextOf(args[1])).value_or(LatencyHistogram()));
  std::string text = merged.Encode();
  sqlite3_result_text(context, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
}

// SQLite counts its memory by default, under one lock that every
// allocation of every connection takes; nothing here reads the counts. Off
// at the first Open, once per process, which must come before any other
// thread of the process uses SQLite (the store opens before the server
// starts its threads). SQLite refuses the setting once it has started, and
// keeps counting: still correct.
void StopMemoryStatistics() {
  static const int kDone = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kDone;
}

}  // namespace

class SqliteDatabase::SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* raw() const { return db_; }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Result<std::vector<Row>> Query(std::string_view sql,
                                 const Params& params) override {
    std::vector<Row> rows;
    Status s = Run(sql, params, &rows);
    if (!s.ok()) return s;
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const Params& params) override {
    Status s = Run(sql, params, nullptr);
    if (!s.ok()) return s;
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  // Nothing to save: a statement costs no round trip.
  Status Send(std::string_view sql, const Params& params) override {
    return Run(sql, params, nullptr);
  }

  // Writers are serialized by the database (one writer connection, BEGIN
  // IMMEDIATE): holding the write lock already holds every key.
  Status Lock(std::string_view key) override { return Status::Ok(); }

  Dialect dialect() const override { return Dialect::kSqlite; }

  // Runs SQL that takes no parameters and may hold several statements.
  Status ExecScript(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string message = err ? err : "unknown error";
      sqlite3_free(err);
      return Status::Internal("sqlite: " + message);
    }
    return Status::Ok();
  }

 private:
  Status Error(int rc) {
    int extended = sqlite3_extended_errcode(db_);
    if (extended == SQLITE_CONSTRAINT_UNIQUE ||
        extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Status::Conflict("already exists");
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_CANTOPEN ||
        rc == SQLITE_IOERR || rc == SQLITE_FULL) {
      return Status::Unavailable(std::string("database unavailable: ") +
                                 sqlite3_errmsg(db_));
    }
    return Status::Internal(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }

  // Prepared statements are cached per connection, keyed by their SQL text.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc);
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Status Run(std::string_view sql, const Params& params,
             std::vector<Row>* rows) {
    auto prepared = Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    sqlite3_stmt* stmt = *prepared;
    sqlite3_reset(stmt);
    // Every parameter given is bound below; only those beyond them keep an
    // earlier run's value, and are cleared to NULL.
    if (static_cast<size_t>(sqlite3_bind_parameter_count(stmt)) >
        params.size()) {
      sqlite3_clear_bindings(stmt);
    }
    // Text is bound without a copy (SQLITE_STATIC): `params` outlives every
    // step below, and the next run binds its own before stepping.
    auto bind_text = [&](int index, std::string_view text) {
      // An empty view may have no data: still text, not NULL.
      sqlite3_bind_text(stmt, index, text.empty() ? "" : text.data(),
                        static_cast<int>(text.size()), SQLITE_STATIC);
    };
    for (size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      const Value& v = params[i];
      if (auto* integer = std::get_if<int64_t>(&v)) {
        sqlite3_bind_int64(stmt, index, *integer);
      } else if (auto* real = std::get_if<double>(&v)) {
        sqlite3_bind_double(stmt, index, *real);
      } else if (auto* text = std::get_if<std::string>(&v)) {
        bind_text(index, *text);
      } else if (auto* view = std::get_if<TextView>(&v)) {
        bind_text(index, view->text);
      } else {
        sqlite3_bind_null(stmt, index);
      }
    }
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status s = Error(rc);
        sqlite3_reset(stmt);
        return s;
      }
      if (rows == nullptr) continue;
      int n = sqlite3_column_count(stmt);
      std::vector<Value> values;
      values.reserve(n);
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            values.emplace_back(
                static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_NULL:
            values.emplace_back(std::monostate{});
            break;
          default: {
            auto* text =
                reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            values.emplace_back(
                std::string(text, sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      rows->emplace_back(std::move(values));
    }
    sqlite3_reset(stmt);
    return Status::Ok();
  }

  // Found by a string_view of the SQL, without a copy of it. The hash
  // reads the length and both ends only: a statement of many rows is
  // kilobytes long, and those that share both ends (the same insert with
  // another number of rows) differ in length; the map compares whole texts.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const {
      constexpr size_t kEnd = 64;
      if (sql.size() <= 2 * kEnd) return std::hash<std::string_view>()(sql);
      size_t head = std::hash<std::string_view>()(sql.substr(0, kEnd));
      size_t tail =
          std::hash<std::string_view>()(sql.substr(sql.size() - kEnd));
      return head ^ (tail * 31) ^ (sql.size() * 0x9e3779b97f4a7c15ULL);
    }
  };

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>>
      statements_;
};

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(
    const Options& options) {
  if (options.page_size < 512 || options.page_size > 65536 ||
      !std::has_single_bit(static_cast<unsigned>(options.page_size))) {
    return Status::Internal(
        "a SQLite page is a power of two from 512 to 65536 bytes, not " +
        std::to_string(options.page_size));
  }
  std::error_code ec;
  if (options.path.has_parent_path()) {
    std::filesystem::create_directories(options.path.parent_path(), ec);
    if (ec) {
      return Status::Unavailable("cannot create " +
                                 options.path.parent_path().string() + ": " +
                                 ec.message());
    }
  }
  StopMemoryStatistics();
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(options));
  auto writer = db->Connect(/*writer=*/true);
  if (!writer.ok()) return writer.status();
  db->writer_ = std::move(writer.value());
  if (!options.checkpoints) {
    std::string pragma = "PRAGMA wal_autocheckpoint=" +
                         std::to_string(2 * options.wal_restart_frames);
    HW_RETURN_IF_ERROR(db->writer_->ExecScript(pragma.c_str()));
  } else if (options.checkpoint_interval_seconds > 0) {
    HW_RETURN_IF_ERROR(db->writer_->ExecScript("PRAGMA wal_autocheckpoint=0"));
    db->next_restart_frames_ = options.wal_restart_frames;
    sqlite3_wal_hook(db->writer_->raw(), &SqliteDatabase::RestartLongLog,
                     db.get());
    SqliteDatabase* raw = db.get();
    db->checkpointer_ = std::thread([raw] { raw->CheckpointLoop(); });
  }
  return db;
}

SqliteDatabase::SqliteDatabase(Options options)
    : options_(std::move(options)) {}
SqliteDatabase::~SqliteDatabase() {
  {
    std::lock_guard lock(checkpoint_mutex_);
    closing_ = true;
    checkpoint_wake_.notify_all();
  }
  if (checkpointer_.joinable()) checkpointer_.join();
}

int SqliteDatabase::RestartLongLog(void* self, sqlite3* writer,
                                   const char* /*schema*/, int frames) {
  // The checkpointer's PASSIVE checkpoints wait for no one, so under
  // commits that never pause they never reach the log's end, and it would
  // grow without end. Past wal_restart_frames, the writer (between two
  // commits, so no other writer can be in the way) copies the frames left
  // and waits, briefly, for the readers to leave the log, so that the next
  // commit writes it from its start again and journal_size_limit cuts the
  // file back. While long readers keep it from that, it tries again every
  // quarter of wal_restart_frames, so that commits are not held each time.
  auto* db = static_cast<SqliteDatabase*>(self);
  // A commit that may wait started the log over, or wrote past what was
  // copied: the next does not start it over until a checkpoint copies it
  // all again (unless one was noted since this Write() began: it may have
  // copied this commit too).
  if (!db->without_waiting_) {
    std::lock_guard state(db->log_state_mutex_);
    if (db->log_state_.copies == db->copies_at_begin_) {
      db->log_state_.may_restart = false;
    }
  }
  int64_t limit = db->options_.wal_restart_frames;
  if (frames < limit) {
    db->next_restart_frames_ = limit;
    db->restart_due_ = false;
    return SQLITE_OK;
  }
  if (frames < db->next_restart_frames_) return SQLITE_OK;
  // A commit that must not wait leaves it to the next that may.
  if (db->without_waiting_) {
    db->restart_due_ = true;
    return SQLITE_OK;
  }
  db->restart_due_ = false;
  sqlite3_busy_timeout(writer, kRestartWaitMillis);
  int rc = sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_RESTART,
                                     nullptr, nullptr);
  sqlite3_busy_timeout(writer, kBusyTimeoutMillis);
  // Even a RESTART that found readers in the way may have copied it all.
  db->NoteWholeLogCopied();
  db->next_restart_frames_ =
      rc == SQLITE_OK ? limit : frames + std::max<int64_t>(1, limit / 4);
  return SQLITE_OK;
}

void SqliteDatabase::NoteWholeLogCopied() {
  std::lock_guard state(log_state_mutex_);
  log_state_.may_restart = true;
  ++log_state_.copies;
}

void SqliteDatabase::CheckpointLoop() {
  pthread_setname_np(pthread_self(), "hw-checkpoint");
  auto connection = Connect(/*writer=*/false);
  if (!connection.ok()) return;
  auto interval = std::chrono::milliseconds(
      static_cast<int64_t>(options_.checkpoint_interval_seconds * 1000));
  std::unique_lock lock(checkpoint_mutex_);
  while (!checkpoint_wake_.wait_for(lock, interval, [&] { return closing_; })) {
    lock.unlock();
    // PASSIVE: copies what it can without waiting for anyone but a commit
    // that must not wait (the lock below), nor blocking anyone but those
    // (refused meanwhile). Under writes that never pause it never lets the
    // log start over: the writer sees to that, RestartLongLog. One that
    // fails is tried again at the next interval. One that copied the whole
    // log (or may have) lets the next commit start it over.
    {
      std::lock_guard running(checkpointing_);
      int log = 0, copied = 0;
      int rc =
          sqlite3_wal_checkpoint_v2((*connection)->raw(), nullptr,
                                    SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
      // (-1 for both: the connection had not opened the log.)
      if (rc != SQLITE_OK || copied == log) NoteWholeLogCopied();
    }
    lock.lock();
  }
}

Result<std::unique_ptr<SqliteDatabase::SqliteConnection>>
SqliteDatabase::Connect(bool writer) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  // Each commit's log frames in one write (gathered_wal.h).
  const char* vfs = GatheredWalVfs();
  if (vfs == nullptr) {
    return Status::Internal("sqlite: cannot register the gathered-log VFS");
  }
  int rc = sqlite3_open_v2(options_.path.c_str(), &raw, flags, vfs);
  auto conn = std::make_unique<SqliteConnection>(raw);
  if (rc != SQLITE_OK) {
    return Status::Unavailable("cannot open database " +
                               options_.path.string() + ": " +
                               sqlite3_errstr(rc));
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMillis);
  if (sqlite3_create_function_v2(
          raw, "hw_merge_histograms", 2,
          SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
          MergeHistograms, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status::Internal("sqlite: cannot define hw_merge_histograms");
  }
  std::string pragmas = "PRAGMA foreign_keys=ON;";
  // The writer keeps the hot pages of the event tables and their indexes in
  // its own cache (8 MiB) instead of SQLite's default 2 MiB. Not more: each
  // commit walks the cache's hash table (SQLite's page-cache truncation),
  // which at 64 MiB cost a tenth of the server's CPU on single hits
  // (bench/ingest --profile).
  pragmas += writer ? "PRAGMA cache_size=-8192;" : "PRAGMA cache_size=-16384;";
  if (writer) {
    // Before the log: a file's page size is set before its first table, and
    // never in WAL mode.
    pragmas += "PRAGMA page_size=" + std::to_string(options_.page_size) + ";";
    pragmas += "PRAGMA journal_mode=WAL;";
    // A statement that may fail halfway (an upsert of many rows) keeps its
    // undo pages in memory, not in a temporary file opened per commit.
    pragmas += "PRAGMA temp_store=MEMORY;";
    pragmas += options_.sync_full ? "PRAGMA synchronous=FULL;"
                                  : "PRAGMA synchronous=NORMAL;";
  }
  HW_RETURN_IF_ERROR(conn->ExecScript(pragmas.c_str()));
  if (writer) {
    // After a checkpoint that lets the log start over, the file is cut back
    // to the size it may reach: its header and wal_restart_frames frames
    // (each a header and a page of the file's own size).
    auto page = conn->Query("PRAGMA page_size", {});
    if (!page.ok()) return page.status();
    int64_t frame = kWalFrameHeaderBytes + page->front().Int(0);
    std::string limit =
        "PRAGMA journal_size_limit=" +
        std::to_string(kWalHeaderBytes + options_.wal_restart_frames * frame);
    HW_RETURN_IF_ERROR(conn->ExecScript(limit.c_str()));
  }
  return conn;
}

Result<std::unique_ptr<SqliteDatabase::SqliteConnection>>
SqliteDatabase::CheckOutReader() {
  std::unique_lock lock(readers_mutex_);
  reader_returned_.wait(lock, [&] {
    return !idle_readers_.empty() || open_readers_ < options_.max_readers;
  });
  if (!idle_readers_.empty()) {
    auto reader = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    return reader;
  }
  ++open_readers_;
  lock.unlock();
  auto reader = Connect(/*writer=*/false);
  if (!reader.ok()) {
    std::lock_guard relock(readers_mutex_);
    --open_readers_;
    reader_returned_.notify_one();
  }
  return reader;
}

void SqliteDatabase::ReturnReader(std::unique_ptr<SqliteConnection> reader) {
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(reader));
  reader_returned_.notify_one();
}

Status SqliteDatabase::Read(const std::function<Status(Connection&)>& work) {
  auto reader = CheckOutReader();
  if (!reader.ok()) return reader.status();
  SqliteConnection& conn = **reader;
  Status s = conn.Send("BEGIN", {});
  if (s.ok()) {
    s = RunWork(work, conn);
    Status end = conn.Send("COMMIT", {});
    if (s.ok()) s = end;
  }
  ReturnReader(std::move(reader.value()));
  return s;
}

Status SqliteDatabase::Write(const std::function<Status(Connection&)>& work) {
  std::lock_guard lock(write_mutex_);
  {
    std::lock_guard state(log_state_mutex_);
    copies_at_begin_ = log_state_.copies;
  }
  // Prepared once like every other statement (Send).
  HW_RETURN_IF_ERROR(writer_->Send("BEGIN IMMEDIATE", {}));
  return CommitWork(work);
}

Result<bool> SqliteDatabase::WriteWithoutWaiting(
    const std::function<Status(Connection&)>& work) {
  // SQLite's own checkpoints (no checkpointer thread) run in the commit.
  if (options_.sync_full || !checkpointer_.joinable()) {
    return false;
  }
  std::unique_lock lock(write_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || restart_due_) return false;
  std::unique_lock quiet(checkpointing_, std::try_to_lock);
  if (!quiet.owns_lock()) return false;
  {
    std::lock_guard state(log_state_mutex_);
    if (log_state_.may_restart) return false;
  }
  // Another process's write (a backup, the CLI) holds the file: no wait.
  sqlite3_busy_timeout(writer_->raw(), 0);
  Status begun = writer_->Send("BEGIN IMMEDIATE", {});
  sqlite3_busy_timeout(writer_->raw(), kBusyTimeoutMillis);
  if (!begun.ok()) return false;
  without_waiting_ = true;
  Status s = CommitWork(work);
  without_waiting_ = false;
  if (!s.ok()) return s;
  return true;
}

Status SqliteDatabase::CommitWork(
    const std::function<Status(Connection&)>& work) {
  Status s = RunWork(work, *writer_);
  // The caller gets the work's (or COMMIT's) error; a ROLLBACK that failed
  // too would leave the transaction open, and the next BEGIN IMMEDIATE
  // reports that as its own error.
  if (!s.ok()) {
    (void)writer_->Send("ROLLBACK", {});
    return s;
  }
  Status commit = writer_->Send("COMMIT", {});
  if (!commit.ok()) (void)writer_->Send("ROLLBACK", {});
  return commit;
}

}  // namespace hookwarden::sql
