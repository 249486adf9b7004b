// sql::Database on a PostgreSQL server (libpq), for several hookwarden
// nodes sharing one database: a bounded pool of connections, shared by
// readers and writers, that replaces connections lost when the server
// restarted.
//
// Transactions: a write is READ COMMITTED and runs concurrently with other
// writes, on this node and on others; code that reads and then writes what
// it read serializes with Connection::Lock (an advisory lock held until the
// transaction ends). A write that fails on a deadlock or a serialization
// failure is rolled back and run again, a few times. A read is REPEATABLE
// READ READ ONLY: one snapshot, never blocked by writers.
//
// Durability: a write commits when COMMIT returns, which with PostgreSQL's
// default synchronous_commit=on means the commit record is flushed to the
// server's disk (and, with synchronous replication configured, to the
// standby as well). A database or role with synchronous_commit=off would
// acknowledge commits that a server crash can lose.
//
// Several nodes: a transaction that changes credentials NOTIFYs a channel
// that every node LISTENs on, so that caches are forgotten everywhere once
// it commits (see credentials_listener.h).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/postgres/postgres_connection.h"
#include "storage/sql.h"

namespace hookwarden::sql {

class PostgresConnection;

class PostgresDatabase final : public Database {
 public:
  struct Options {
    std::string url;  // A libpq connection URI: postgresql://user@host/db
    // `url` is a pooler in transaction pooling mode (PgBouncer): see
    // PostgresConnection::Connect. It cannot carry LISTEN, whose session
    // must outlive a transaction, so WatchCredentials needs `direct_url`.
    bool pooled = false;
    // The server itself, not a pooler, for the credentials listener's
    // session; empty: `url`. Required (Open is Invalid without it) when
    // `pooled`.
    std::string direct_url;
    // At most this many connections at once; callers beyond wait for one.
    int max_connections = 16;
    // A caller that waited this long for a connection gets Unavailable.
    int checkout_timeout_seconds = 30;
    // A transaction is run at most this many times in all when it fails on
    // a deadlock or a serialization failure.
    int max_attempts = 5;
    // What every statement may wait for (see ConnectionBounds).
    ConnectionBounds bounds;
  };

  // Connects once to check that the server answers. Unavailable when it
  // does not; Invalid (field "database_direct") when `pooled` comes without
  // `direct_url`.
  static Result<std::unique_ptr<PostgresDatabase>> Open(Options options);
  ~PostgresDatabase() override;

  // Thread-safe. A lost connection makes the call Unavailable (if the
  // transaction had begun, its outcome is the server's: PostgreSQL rolls
  // back what was not committed) and the next call connects anew. A
  // connection found lost before its transaction began is replaced at once.
  Status Read(const std::function<Status(Connection&)>& work) override;
  Status Write(const std::function<Status(Connection&)>& work) override;
  // pg_notify on the credentials channel, sent when `c` commits.
  Status NotifyCredentialsChanged(Connection& c) override;
  // A CredentialsListener (credentials_listener.h) on its own connection.
  std::unique_ptr<Watch> WatchCredentials(
      std::function<void()> changed) override;
  // The day partitions of events (event_partitions.h).
  Status PrepareEventPartitions(int64_t now_millis) override;
  Result<int64_t> DropEventPartitionsBefore(int64_t cutoff_millis) override;

 private:
  explicit PostgresDatabase(Options options);
  Status Run(bool write, const std::function<Status(Connection&)>& work);
  // A connection inside a new transaction; `*reused` as CheckOut's.
  Result<std::unique_ptr<PostgresConnection>> Begin(bool write, bool* reused);
  // An idle connection, or a new one while fewer than max_connections are
  // open. `*reused` says whether it had served before (and so may have been
  // lost since).
  Result<std::unique_ptr<PostgresConnection>> CheckOut(bool* reused);
  // A new connection to `url`, with the bounds and pooling of the options.
  Result<std::unique_ptr<PostgresConnection>> Connect();
  // Returns a connection to the pool, or drops it when it is broken.
  void CheckIn(std::unique_ptr<PostgresConnection> conn);

  const Options options_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;  // Guarded by mutex_.
  int open_ = 0;  // Guarded by mutex_: idle and checked out.
};

}  // namespace hookwarden::sql
