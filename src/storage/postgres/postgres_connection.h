// One libpq connection to a PostgreSQL server: runs the portable SQL of
// sql.h (rewriting `?` placeholders as `$n`), keeps its statements prepared,
// and says what went wrong in the Status terms of the store.
#pragma once

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
  // pg_advisory_xact_lock on a 64-bit hash of `key`.
  Status Lock(std::string_view key) override;

  // Starts a transaction: READ COMMITTED for writes; REPEATABLE READ READ
  // ONLY (one snapshot) for reads. Forgets the failures of the previous one.
  Status Begin(bool write);
  // Commits. Internal, after rolling back, when a statement of the
  // transaction failed: its changes were not all made.
  Status Commit();
  // Rolls back; a failure to do so marks the connection broken.
  void Rollback();

  // True when the connection is lost, or not idle between transactions: the
  // pool must drop it.
  bool broken() const;
  // True when a statement of the current transaction failed in a way that
  // running the transaction again may cure (see IsRetryableSqlState).
  bool retryable() const { return retryable_; }

 private:
  PostgresConnection(pg_conn* conn, const ConnectionBounds& bounds,
                     bool pooled);
  // Runs `sql` with `params`; `rows` receives the rows when not null.
  Result<int64_t> Run(std::string_view sql, const Params& params,
                      std::vector<Row>* rows);
  // Runs a statement without parameters as is (BEGIN, COMMIT, ...).
  Status RunSimple(const char* sql, std::string* command_tag = nullptr);
  // The Status of the failed `result` (which may be null), noting whether
  // the transaction can be retried and whether any statement failed.
  Status Failed(const pg_result* result);

  pg_conn* conn_;
  // What Begin sends for a write and for a read: BEGIN, then the bounds.
  std::string begin_write_;
  std::string begin_read_;
  bool pooled_;
  // Prepared statement names by rewritten SQL and parameter types.
  std::unordered_map<std::string, std::string> prepared_;
  bool retryable_ = false;
  bool statement_failed_ = false;
};

}  // namespace hookwarden::sql
