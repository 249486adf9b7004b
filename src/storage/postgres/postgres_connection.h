// One libpq connection to a PostgreSQL server: runs the portable SQL of
// sql.h (rewriting `?` placeholders as `$n`), keeps its statements prepared,
// and says what went wrong in the Status terms of the store.
//
// Round trips: a transaction runs in libpq's pipeline mode. BEGIN (with
// its bounds), every Lock and every Send are queued without waiting for
// their answers; the next Query or Execute sends them with itself and one
// Sync message and reads all their answers at once, and Commit sends what
// is left with COMMIT. So a transaction costs one round trip per statement
// whose result the caller reads, plus one for the commit. The first failure
// among the queued statements is the failure of the call that reads it (the
// server skips everything after it up to the Sync), and the transaction
// then rolls back as a whole.
//
// Pooled (PgBouncer in transaction pooling mode): every message from BEGIN
// to COMMIT belongs to one transaction, and at most one Sync is in flight at
// a time, so the pooler never sees a pipeline that spans two transactions.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "storage/sql.h"

struct pg_conn;
struct pg_result;

namespace hookwarden::sql {

// The Status of a failed statement or connection: SQLSTATE 23505 (unique
// violation) is Conflict; a lost or refused connection (`connection_lost`,
// classes 08 and 53, 57P01-57P03), a deadlock (40P01) and a serialization
// failure (40001) are Unavailable; anything else is Internal. The message
// is PostgreSQL's primary message, which names constraints but never
// values.
Status PostgresStatus(std::string_view sqlstate, std::string_view message,
                      bool connection_lost);

// True for the SQLSTATEs after which running the whole transaction again
// may succeed: 40001 (serialization failure) and 40P01 (deadlock).
bool IsRetryableSqlState(std::string_view sqlstate);

// Bounds on what one connection may wait for.
struct ConnectionBounds {
  // A statement running longer is cancelled (statement_timeout); 0: none.
  int statement_timeout_millis = 30'000;
  // A statement waiting longer for a lock fails (lock_timeout); 0: none.
  int lock_timeout_millis = 10'000;
};

// Opens a libpq connection to `url` (a URI or key=value string) with
// hookwarden's defaults, which the URL's own values override: a 10 s
// connect_timeout, application_name, UTF8, and TCP keepalives (a peer that
// vanishes without closing is noticed within about a minute). The caller
// owns the result (PQfinish) and checks PQstatus; null without memory.
pg_conn* OpenConnection(const std::string& url);

class PostgresConnection final : public Connection {
 public:
  // Connects to `url`, a libpq connection URI (postgresql://...) or a
  // key=value string. Unavailable when the server cannot be reached or
  // refuses the connection. The URL's own connect_timeout (default 10 s)
  // bounds the wait.
  // `bounds` apply to every statement of every transaction (set with SET
  // LOCAL as each begins, so they win over the URL's own settings). A
  // statement past them fails Unavailable.
  // `pooled`: `url` is a connection pooler in transaction pooling mode
  // (PgBouncer's pool_mode=transaction), which may hand each transaction a
  // different server session: no statement is kept prepared (each is parsed
  // with its transaction, as an unnamed statement) and nothing is set on the
  // session. Without it, statements stay prepared on the session.
  static Result<std::unique_ptr<PostgresConnection>> Connect(
      const std::string& url, const ConnectionBounds& bounds = {},
      bool pooled = false);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Result<std::vector<Row>> Query(std::string_view sql,
                                 const Params& params) override;
  Result<int64_t> Execute(std::string_view sql, const Params& params) override;
  // Queued: see above.
  Status Send(std::string_view sql, const Params& params) override;
  // pg_advisory_xact_lock on a 64-bit hash of `key`, queued like Send (the
  // statements after it run once the server granted it).
  Status Lock(std::string_view key) override;
  Dialect dialect() const override { return Dialect::kPostgres; }

  // Starts a transaction: READ COMMITTED for writes; REPEATABLE READ READ
  // ONLY (one snapshot) for reads. Forgets the failures of the previous one.
  // Queued: a connection found lost is reported by the first statement that
  // waits for an answer (see lost_before_begin()).
  Status Begin(bool write);
  // Commits. When a statement of the transaction failed, rolls back and
  // returns that statement's failure (Internal when it was already
  // reported): its changes were not all made.
  Status Commit();
  // Rolls back; a failure to do so marks the connection broken.
  void Rollback();

  // True when the connection is lost, or not idle between transactions: the
  // pool must drop it.
  bool broken() const;
  // True when a statement of the current transaction failed in a way that
  // running the transaction again may cure (see IsRetryableSqlState).
  bool retryable() const { return retryable_; }
  // True when the connection was found lost before the server had answered
  // the transaction's BEGIN: nothing of the transaction reached the server,
  // so it can run again on another connection.
  bool lost_before_begin() const { return lost_before_begin_; }
  // Queued statements not yet answered beyond this many are read (one round
  // trip) before more are queued, so that neither side's buffers fill up
  // while the other waits.
  static constexpr size_t kMaxQueued = 256;

 private:
  PostgresConnection(pg_conn* conn, const ConnectionBounds& bounds,
                     bool pooled);
  // What an answer read from the pipeline belongs to.
  enum class Expect { kBegin, kPrepare, kStatement, kSync };
  struct Pending {
    Expect expect;
    std::string prepared_key;  // kPrepare: forgotten when it failed.
  };
  // Queues `sql` with `params` (a prepared statement where one is kept).
  Status Queue(std::string_view sql, const Params& params,
               Expect expect = Expect::kStatement);
  // Queues `sql` and waits for all queued answers: `rows` receives its rows
  // when not null. Returns how many rows it changed, or the first failure
  // among the queued statements.
  Result<int64_t> Run(std::string_view sql, const Params& params,
                      std::vector<Row>* rows);
  // Sends a Sync and reads every queued answer; the last statement's result
  // goes to `rows`, `changed` and `command_tag` (each when not null).
  // Returns the first failure, if any.
  Status Drain(std::vector<Row>* rows, int64_t* changed,
               std::string* command_tag);
  // Runs a statement without parameters as is, outside the pipeline
  // (ROLLBACK).
  Status RunSimple(const char* sql);
  // The Status of the failed `result` (which may be null), noting whether
  // the transaction can be retried and whether any statement failed.
  Status Failed(const pg_result* result);

  pg_conn* conn_;
  bool pooled_;
  // Prepared statement names by rewritten SQL and parameter types.
  std::unordered_map<std::string, std::string> prepared_;
  // The bounds, as the statements Begin queues after BEGIN.
  std::string set_statement_timeout_;
  std::string set_lock_timeout_;
  bool write_ = false;
  // Answers still to read, in the order they come.
  std::deque<Pending> pending_;
  bool retryable_ = false;
  bool statement_failed_ = false;
  bool lost_before_begin_ = false;
};

}  // namespace hookwarden::sql
