#include "storage/postgres/postgres_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

#include "storage/postgres/placeholders.h"

namespace hookwarden::sql {
namespace {

// Type OIDs (pg_type.h), for the parameters we send and the columns we read.
constexpr Oid kBool = 16;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kOid = 26;
constexpr Oid kFloat4 = 700;
constexpr Oid kFloat8 = 701;
constexpr Oid kNumeric = 1700;

// Beyond this many distinct statements per connection, new ones run
// unprepared (ListEvents and ListIncidents build a few variants each).
constexpr size_t kMaxPreparedStatements = 500;

std::string DoubleText(double v) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, end);
}

// A column's text (PostgreSQL's text format) as the Value of its type.
Value ColumnValue(Oid type, const char* text, int length) {
  std::string_view s(text, length);
  switch (type) {
    case kBool:
      return int64_t{s == "t"};
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid: {
      int64_t v = 0;
      std::from_chars(s.data(), s.data() + s.size(), v);
      return v;
    }
    case kNumeric: {
      // SUM of a BIGINT column: a whole number unless it has a fraction.
      int64_t v = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec == std::errc() && end == s.data() + s.size()) return v;
      [[fallthrough]];
    }
    case kFloat4:
    case kFloat8: {
      double v = 0;
      std::from_chars(s.data(), s.data() + s.size(), v);
      return v;
    }
    default:
      return std::string(s);
  }
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

bool IsRetryableSqlState(std::string_view sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";
}

Status PostgresStatus(std::string_view sqlstate, std::string_view message,
                      bool connection_lost) {
  std::string text(message);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  if (sqlstate == "23505") return Status::Conflict("already exists");
  std::string_view cls = sqlstate.substr(0, 2);
  if (connection_lost || cls == "08" || cls == "53" || sqlstate == "57P01" ||
      sqlstate == "57P02" || sqlstate == "57P03") {
    return Status::Unavailable("database unavailable: " + text);
  }
  if (IsRetryableSqlState(sqlstate)) {
    return Status::Unavailable("database busy: " + text);
  }
  // Past statement_timeout (57014) or lock_timeout (55P03).
  if (sqlstate == "57014" || sqlstate == "55P03") {
    return Status::Unavailable("database too slow: " + text);
  }
  return Status::Internal("postgresql: " + text);
}

pg_conn* OpenConnection(const std::string& url) {
  // Keywords before "dbname" are defaults: the URL's own values win.
  const char* keywords[] = {
      "connect_timeout",  "application_name", "client_encoding",
      "keepalives",       "keepalives_idle",  "keepalives_interval",
      "keepalives_count", "dbname",           nullptr};
  const char* values[] = {"10", "hookwarden", "UTF8",      "1",    "30",
                          "10", "3",          url.c_str(), nullptr};
  return PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
}

PostgresConnection::PostgresConnection(pg_conn* conn,
                                       const ConnectionBounds& bounds,
                                       bool pooled)
    : conn_(conn),
      pooled_(pooled),
      set_statement_timeout_("SET LOCAL statement_timeout = " +
                             std::to_string(bounds.statement_timeout_millis)),
      set_lock_timeout_("SET LOCAL lock_timeout = " +
                        std::to_string(bounds.lock_timeout_millis)) {}

Result<std::unique_ptr<PostgresConnection>> PostgresConnection::Connect(
    const std::string& url, const ConnectionBounds& bounds, bool pooled) {
  pg_conn* raw = OpenConnection(url);
  if (raw == nullptr) return Status::Unavailable("cannot connect: no memory");
  std::unique_ptr<PostgresConnection> conn(
      new PostgresConnection(raw, bounds, pooled));
  if (PQstatus(raw) != CONNECTION_OK) {
    return PostgresStatus(
        "08006",
        std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(raw),
        true);
  }
  // Notices ("relation already exists, skipping") would go to stderr.
  PQsetNoticeProcessor(raw, IgnoreNotice, nullptr);
  return conn;
}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

bool PostgresConnection::broken() const {
  return PQstatus(conn_) != CONNECTION_OK ||
         PQpipelineStatus(conn_) != PQ_PIPELINE_OFF ||
         PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

Status PostgresConnection::Failed(const pg_result* result) {
  const char* state =
      result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string_view sqlstate = state ? state : "";
  statement_failed_ = true;
  if (IsRetryableSqlState(sqlstate)) retryable_ = true;
  return PostgresStatus(sqlstate, primary ? primary : PQerrorMessage(conn_),
                        PQstatus(conn_) != CONNECTION_OK);
}

Status PostgresConnection::RunSimple(const char* sql) {
  pg_result* result = PQexec(conn_, sql);
  Status s;
  if (PQresultStatus(result) != PGRES_COMMAND_OK) s = Failed(result);
  PQclear(result);
  return s;
}

Status PostgresConnection::Begin(bool write) {
  retryable_ = false;
  statement_failed_ = false;
  lost_before_begin_ = false;
  pending_.clear();
  write_ = write;
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF &&
      PQenterPipelineMode(conn_) != 1) {
    lost_before_begin_ = true;
    return Failed(nullptr);
  }
  // One round trip with the first statement that waits for an answer.
  Status s = Queue(write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                         : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                   {}, Expect::kBegin);
  if (s.ok()) s = Queue(set_statement_timeout_, {});
  if (s.ok()) s = Queue(set_lock_timeout_, {});
  if (!s.ok() && pending_.empty()) lost_before_begin_ = true;
  return s;
}

Status PostgresConnection::Commit() {
  if (statement_failed_) {
    // PostgreSQL would answer COMMIT with ROLLBACK: nothing was kept.
    Rollback();
    return Status::Internal(
        "a statement of the transaction failed; it was rolled back");
  }
  std::string tag;
  Status s = Queue("COMMIT", {});
  if (s.ok()) s = Drain(nullptr, nullptr, &tag);
  if (!s.ok()) {
    Rollback();
    return s;
  }
  PQexitPipelineMode(conn_);
  if (tag != "COMMIT") {
    return Status::Internal("the transaction was rolled back");
  }
  return s;
}

void PostgresConnection::Rollback() {
  // Failures below need no value: they leave the connection out of the
  // idle state, which broken() reports, so the pool drops it.
  if (!pending_.empty() && PQstatus(conn_) == CONNECTION_OK) {
    (void)Drain(nullptr, nullptr, nullptr);
  }
  pending_.clear();
  if (PQstatus(conn_) != CONNECTION_OK) return;
  if (PQexitPipelineMode(conn_) != 1) return;
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
  (void)RunSimple("ROLLBACK");
}

Status PostgresConnection::Queue(std::string_view sql, const Params& params,
                                 Expect expect) {
  if (pending_.size() >= kMaxQueued) {
    HW_RETURN_IF_ERROR(Drain(nullptr, nullptr, nullptr));
  }
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  std::vector<Oid> types(params.size(), 0);
  std::string signature;
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (auto* integer = std::get_if<int64_t>(&v)) {
      texts[i] = std::to_string(*integer);
      types[i] = kInt8;
      signature += 'i';
    } else if (auto* real = std::get_if<double>(&v)) {
      texts[i] = DoubleText(*real);
      types[i] = kFloat8;
      signature += 'd';
    } else if (auto* text = std::get_if<std::string>(&v)) {
      texts[i] = *text;  // Typed by its context, as a literal would be.
      signature += 's';
    } else if (auto* view = std::get_if<TextView>(&v)) {
      texts[i] = view->text;
      signature += 's';
    } else {
      signature += 'n';
      continue;
    }
    values[i] = texts[i].c_str();
  }

  std::string key = std::string(sql) + '\x1f' + signature;
  auto found = prepared_.find(key);
  int sent = 0;
  if (found != prepared_.end()) {
    sent = PQsendQueryPrepared(conn_, found->second.c_str(),
                               static_cast<int>(params.size()), values.data(),
                               nullptr, nullptr, 0);
  } else {
    int count = 0;
    auto numbered = NumberPlaceholders(sql, &count);
    if (!numbered.ok()) return numbered.status();
    if (count != static_cast<int>(params.size())) {
      statement_failed_ = true;
      return Status::Internal("SQL has " + std::to_string(count) +
                              " placeholders but " +
                              std::to_string(params.size()) + " parameters");
    }
    if (pooled_ || params.empty() ||
        prepared_.size() >= kMaxPreparedStatements) {
      sent = PQsendQueryParams(conn_, numbered->c_str(), count, types.data(),
                               values.data(), nullptr, nullptr, 0);
    } else {
      std::string name = "hw" + std::to_string(prepared_.size() + 1);
      if (PQsendPrepare(conn_, name.c_str(), numbered->c_str(), count,
                        types.data()) != 1) {
        return Failed(nullptr);
      }
      // Forgotten again if the server refuses it (see Drain).
      pending_.push_back({Expect::kPrepare, key});
      prepared_.emplace(key, name);
      sent = PQsendQueryPrepared(conn_, name.c_str(), count, values.data(),
                                 nullptr, nullptr, 0);
    }
  }
  if (sent != 1) return Failed(nullptr);
  pending_.push_back({expect, {}});
  return Status::Ok();
}

Status PostgresConnection::Drain(std::vector<Row>* rows, int64_t* changed,
                                 std::string* command_tag) {
  if (PQpipelineSync(conn_) != 1) {
    Status s = Failed(nullptr);
    if (pending_.front().expect == Expect::kBegin) lost_before_begin_ = true;
    pending_.clear();
    return s;
  }
  pending_.push_back({Expect::kSync, {}});
  Status first;
  while (!pending_.empty()) {
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    pg_result* result = PQgetResult(conn_);
    if (result == nullptr) {
      // The connection is gone: nothing more will come.
      Status s = Failed(nullptr);
      if (p.expect == Expect::kBegin) lost_before_begin_ = true;
      if (first.ok()) first = s;
      pending_.clear();
      break;
    }
    ExecStatusType status = PQresultStatus(result);
    if (p.expect == Expect::kSync) {
      if (status != PGRES_PIPELINE_SYNC && first.ok()) first = Failed(result);
      PQclear(result);
      continue;
    }
    bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok) {
      if (p.expect == Expect::kPrepare) prepared_.erase(p.prepared_key);
      if (status != PGRES_PIPELINE_ABORTED) {
        Status s = Failed(result);
        // The session ended (an idle one the server terminated answers
        // with its FATAL message first, then closes).
        if (p.expect == Expect::kBegin && s.code() == ErrorCode::kUnavailable) {
          lost_before_begin_ = true;
        }
        if (first.ok()) first = s;
      } else {
        statement_failed_ = true;
      }
    } else if (pending_.size() == 1 && p.expect == Expect::kStatement) {
      // The last statement before the Sync: the caller's.
      if (rows != nullptr) {
        int n = PQntuples(result);
        int columns = PQnfields(result);
        rows->reserve(n);
        for (int r = 0; r < n; ++r) {
          std::vector<Value> row;
          row.reserve(columns);
          for (int c = 0; c < columns; ++c) {
            if (PQgetisnull(result, r, c)) {
              row.emplace_back(std::monostate{});
            } else {
              row.push_back(ColumnValue(PQftype(result, c),
                                        PQgetvalue(result, r, c),
                                        PQgetlength(result, r, c)));
            }
          }
          rows->emplace_back(std::move(row));
        }
      }
      if (changed != nullptr) {
        *changed = std::strtoll(PQcmdTuples(result), nullptr, 10);
      }
      if (command_tag != nullptr) *command_tag = PQcmdStatus(result);
    }
    PQclear(result);
    // Each statement's results end with a null.
    pg_result* end = PQgetResult(conn_);
    if (end != nullptr) {
      PQclear(end);
      if (first.ok()) first = Status::Internal("postgresql: unexpected result");
      statement_failed_ = true;
    }
  }
  return first;
}

Result<int64_t> PostgresConnection::Run(std::string_view sql,
                                        const Params& params,
                                        std::vector<Row>* rows) {
  HW_RETURN_IF_ERROR(Queue(sql, params));
  int64_t changed = 0;
  HW_RETURN_IF_ERROR(Drain(rows, &changed, nullptr));
  return changed;
}

Result<std::vector<Row>> PostgresConnection::Query(std::string_view sql,
                                                   const Params& params) {
  std::vector<Row> rows;
  auto done = Run(sql, params, &rows);
  if (!done.ok()) return done.status();
  return rows;
}

Result<int64_t> PostgresConnection::Execute(std::string_view sql,
                                            const Params& params) {
  return Run(sql, params, nullptr);
}

Status PostgresConnection::Send(std::string_view sql, const Params& params) {
  return Queue(sql, params);
}

Status PostgresConnection::Lock(std::string_view key) {
  return Queue("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))",
               {std::string(key)});
}

}  // namespace hookwarden::sql
