// The small SQL surface that SqlStore needs from a database engine. The SQL
// text is portable: `?` placeholders (a backend that numbers its parameters
// rewrites them), standard types (TEXT, BIGINT), ON CONFLICT and RETURNING.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace hookwarden::sql {

// A parameter or a column value. NULL is std::monostate.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

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
  size_t size() const { return values_.size(); }

 private:
  std::vector<Value> values_;
};

using Params = std::vector<Value>;

// A connection inside one open transaction. Not thread-safe; only valid
// during the callback that received it.
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
};

// A database that runs transactions. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  // Runs `work` in a read-only transaction that sees one snapshot. Read
  // transactions run concurrently with each other and with a writer.
  virtual Status Read(const std::function<Status(Connection&)>& work) = 0;
  // Runs `work` in a write transaction; writers are serialized. The
  // transaction commits (durably, per the backend's sync setting) when `work`
  // returns ok and rolls back otherwise; `work`'s status is returned, or the
  // commit's failure.
  virtual Status Write(const std::function<Status(Connection&)>& work) = 0;
};

}  // namespace hookwarden::sql
