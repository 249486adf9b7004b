// The small SQL surface that SqlStore needs from a database engine. The SQL
// text is portable: `?` placeholders (a backend that numbers its parameters
// rewrites them), standard types (TEXT, BIGINT), ON CONFLICT and RETURNING.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace hookwarden::sql {

// Text passed as a parameter without a copy of its own: the caller keeps
// what it views alive and unchanged until the statement has run. Columns
// read are never views.
struct TextView {
  std::string_view text;
};

// A parameter or a column value. NULL is std::monostate.
using Value =
    std::variant<std::monostate, int64_t, double, std::string, TextView>;

// One result row. Accessors convert NULL to the type's zero value.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  bool IsNull(size_t i) const {
    return std::holds_alternative<std::monostate>(values_.at(i));
  }
  int64_t Int(size_t i) const;
  double Double(size_t i) const;
  std::string Text(size_t i) const;
  // The value as read, NULL included.
  const Value& Get(size_t i) const { return values_.at(i); }
  size_t size() const { return values_.size(); }

 private:
  std::vector<Value> values_;
};

using Params = std::vector<Value>;

// A view of `text` as a parameter (see TextView); never of a temporary.
inline Value View(const std::string& text) { return TextView{text}; }
Value View(std::string&&) = delete;
// A view of the text, or NULL.
inline Value View(const std::optional<std::string>& text) {
  return text ? Value(TextView{*text}) : Value();
}
Value View(std::optional<std::string>&&) = delete;

// A connection inside one open transaction. Not thread-safe; only valid
// during the callback that received it.
//
// After a statement fails, the transaction can only end: return the failure
// from the callback (PostgreSQL refuses every further statement of it).
class Connection {
 public:
  virtual ~Connection() = default;
  // Runs a statement that returns rows. A unique-constraint violation is a
  // Conflict status; other failures are Internal (or Unavailable when the
  // database cannot be reached).
  virtual Result<std::vector<Row>> Query(std::string_view sql,
                                         const Params& params = {}) = 0;
  // Runs a statement and returns how many rows it changed. Failures as Query.
  virtual Result<int64_t> Execute(std::string_view sql,
                                  const Params& params = {}) = 0;
  // Runs a statement whose outcome the caller needs only at the end of the
  // transaction (a write whose count it does not read). A backend may send
  // it along with the statements that follow without waiting for its answer
  // (PostgreSQL's pipeline mode), so that such statements cost no round trip
  // of their own. Its failure is returned by this call or by a later Query,
  // Execute, Send or Lock of the transaction, or by the commit; either way
  // the whole transaction rolls back.
  virtual Status Send(std::string_view sql, const Params& params = {}) = 0;
  // Write transactions only: waits until no other write transaction holds
  // `key`, then holds it until this transaction ends. Code that reads and
  // then writes what it read (a count, a streak, a free slug) locks a key
  // naming what it reads first ("app:<id>", "org:<id>"); statements after
  // the lock see everything committed before it was granted. Lock keys in
  // one order (organization before application, applications sorted) so
  // that no two transactions wait on each other. A backend that serializes
  // every writer anyway does nothing. Like Send, a backend may report a
  // failure to take the lock (lock_timeout) at a later statement.
  virtual Status Lock(std::string_view key) = 0;
  // The SQL dialect, for the few statements that portable SQL cannot say
  // (see sql_events.h's histogram merge).
  enum class Dialect { kSqlite, kPostgres };
  virtual Dialect dialect() const = 0;
};

// A database that runs transactions. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  // Runs `work` in a read-only transaction that sees one snapshot. Read
  // transactions run concurrently with each other and with a writer.
  virtual Status Read(const std::function<Status(Connection&)>& work) = 0;
  // Runs `work` in a write transaction. The transaction commits (durably,
  // per the backend's sync setting) when `work` returns ok and rolls back
  // otherwise; `work`'s status is returned, or the commit's failure.
  //
  // Whether writers run one at a time depends on the backend (SQLite: yes;
  // PostgreSQL: no, each statement sees what was committed before it ran,
  // as READ COMMITTED does). Portable code therefore never assumes that
  // what it read is unchanged when it writes, unless it took a Lock first.
  // `work` may run more than once (a deadlock or serialization failure is
  // retried from the start after a rollback), so it must not keep anything
  // from a failed run.
  virtual Status Write(const std::function<Status(Connection&)>& work) = 0;
  // Runs `work` as Write does, but only when that waits for nothing: no
  // other write holds the database, and the commit does not wait for the
  // disk. Returns false, having run nothing, otherwise; true once `work`
  // ran and committed; `work`'s (or the commit's) failure as Write does.
  // For a thread that must never block on the database (a network thread).
  // This default never runs it (a backend whose commits are round trips).
  virtual Result<bool> WriteWithoutWaiting(
      const std::function<Status(Connection&)>& /*work*/) {
    return false;
  }

  // Several nodes on one database: the way one node tells the others that
  // credentials changed, so that they forget what they remember of them.
  //
  // Called inside the write transaction `c` that changed them: the others
  // learn of it once it commits, never when it rolls back. A backend that
  // only one process uses (SQLite) does nothing.
  virtual Status NotifyCredentialsChanged(Connection& c) {
    (void)c;
    return Status::Ok();
  }
  // Calls `changed` (on a thread of the database's own, never inside a
  // transaction) after another node committed a NotifyCredentialsChanged,
  // and also whenever such a notice may have been missed (after the
  // database could not be reached for a while). Stops when the returned
  // handle is destroyed, which waits for a running call to end. A backend
  // that only one process uses returns a handle that does nothing.
  class Watch {
   public:
    virtual ~Watch() = default;
  };
  virtual std::unique_ptr<Watch> WatchCredentials(
      std::function<void()> changed) {
    (void)changed;
    return std::make_unique<Watch>();
  }

  // Events kept in partitions by time (PostgreSQL's events table, see
  // postgres/event_partitions.h). A backend whose events table is one table
  // does nothing and drops nothing.
  //
  // Creates the partitions that events around `now_millis` go into, in a
  // write transaction of its own.
  virtual Status PrepareEventPartitions(int64_t now_millis) {
    (void)now_millis;
    return Status::Ok();
  }
  // Drops the partitions of events that hold nothing at or after
  // `cutoff_millis`, each in a write transaction of its own. Returns how many
  // rows went with them.
  virtual Result<int64_t> DropEventPartitionsBefore(int64_t cutoff_millis) {
    (void)cutoff_millis;
    return int64_t{0};
  }
};

// For the backends: runs `work` on `c`; an exception from it (out of
// memory, a bug) becomes an Internal status, so that the transaction around
// it is always ended.
Status RunWork(const std::function<Status(Connection&)>& work, Connection& c);

}  // namespace hookwarden::sql
