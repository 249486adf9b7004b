// The SQL of events, aggregates and deploys that SqlStore's readers and the
// unit of work share.
#include "storage/sql_events.h"

#include <algorithm>
#include <unordered_map>

#include "domain/latency_histogram.h"
#include "storage/multi_row_insert.h"

namespace hookwarden::sql_store_internal {

sql::Value Optional(const std::optional<double>& v) {
  return v ? sql::Value(*v) : sql::Value();
}
sql::Value Optional(const std::optional<int64_t>& v) {
  return v ? sql::Value(*v) : sql::Value();
}
sql::Value Optional(const std::optional<std::string>& v) {
  return v ? sql::Value(*v) : sql::Value();
}

AggregateTable::AggregateTable(const std::string& table,
                               const std::string& key_column,
                               int64_t length_millis)
    : name(table), key(key_column), length(length_millis) {
  columns =
      "hits, failures, latency_count, latency_sum, latency_min,"
      " latency_max, latency_histogram";
  select = "SELECT " + columns + " FROM " + table +
           " WHERE application_id = ? AND " + key + " = ?";
  auto add = [&](sql::Connection::Dialect dialect) {
    auto sum = [&](const char* c) {
      return S(c) + " = " + table + "." + c + " + excluded." + c;
    };
    // The smaller (or larger) of two values, either of which may be NULL.
    auto extreme = [&](const char* c, const char* op) {
      return S(c) + " = CASE WHEN " + table + "." + c +
             " IS NULL OR excluded." + c + " " + op + " " + table + "." + c +
             " THEN excluded." + c + " ELSE " + table + "." + c + " END";
    };
    return "ON CONFLICT (application_id, " + key + ") DO UPDATE SET " +
           sum("hits") + ", " + sum("failures") + ", " + sum("latency_count") +
           ", " + sum("latency_sum") + ", " + extreme("latency_min", "<") +
           ", " + extreme("latency_max", ">") + ", latency_histogram = " +
           MergedHistograms(dialect, table + ".latency_histogram",
                            "excluded.latency_histogram");
  };
  add_sqlite = add(sql::Connection::Dialect::kSqlite);
  add_postgres = add(sql::Connection::Dialect::kPostgres);
}

const AggregateTable& Minutes() {
  static const AggregateTable t("minute_aggregates", "minute", kMinuteMillis);
  return t;
}
const AggregateTable& Hours() {
  static const AggregateTable t("hour_aggregates", "hour", kHourMillis);
  return t;
}

// The counts in the columns that start at `at` (AggregateTable order).
EventCounts CountsAt(const Row& r, size_t at) {
  EventCounts n;
  n.hits = r.Int(at);
  n.failures = r.Int(at + 1);
  n.latency_count = r.Int(at + 2);
  n.latency_sum = r.Double(at + 3);
  if (!r.IsNull(at + 4)) n.latency_min = r.Double(at + 4);
  if (!r.IsNull(at + 5)) n.latency_max = r.Double(at + 5);
  // A histogram that does not parse counts as empty rather than stopping
  // ingestion; only the p95 of its minute is lost.
  n.latency =
      LatencyHistogram::Decode(r.Text(at + 6)).value_or(LatencyHistogram());
  return n;
}

std::string MergedHistograms(sql::Connection::Dialect dialect,
                             std::string_view a, std::string_view b) {
  if (dialect == sql::Connection::Dialect::kSqlite) {
    return "hw_merge_histograms(" + S(a) + ", " + S(b) + ")";
  }
  // Each "bucket:count" of both, summed by bucket, ascending.
  return "(SELECT COALESCE(string_agg(h.b || ':' || h.n, ' ' ORDER BY h.b),"
         " '') FROM (SELECT split_part(p, ':', 1)::int AS b,"
         " SUM(split_part(p, ':', 2)::bigint) AS n FROM"
         " unnest(string_to_array(concat_ws(' ', NULLIF(" +
         S(a) + ", ''), NULLIF(" + S(b) +
         ", '')), ' ')) AS p GROUP BY 1) AS h)";
}

Status AddToAggregates(
    Connection& c, const AggregateTable& table,
    const std::vector<
        std::pair<std::pair<std::string_view, int64_t>, EventCounts>>& rows) {
  std::vector<sql::Params> values;
  values.reserve(rows.size());
  for (const auto& [key, n] : rows) {
    values.push_back({S(key.first), key.second, n.hits, n.failures,
                      n.latency_count, n.latency_sum, Optional(n.latency_min),
                      Optional(n.latency_max), n.latency.Encode()});
  }
  static const std::vector<std::string_view> kMinuteColumns = {
      "application_id", "minute",        "hits",
      "failures",       "latency_count", "latency_sum",
      "latency_min",    "latency_max",   "latency_histogram"};
  std::vector<std::string_view> columns = kMinuteColumns;
  columns[1] = table.key;
  return sql::InsertRows(c, table.name, columns, std::move(values),
                         c.dialect() == sql::Connection::Dialect::kSqlite
                             ? table.add_sqlite
                             : table.add_postgres);
}

// Which of the accepted events become rows: every failure, and the newest
// hits of each application up to the kept number.
std::vector<bool> RowsToKeep(const std::vector<const Event*>& events) {
  std::vector<bool> keep(events.size(), false);
  std::unordered_map<std::string_view, std::vector<size_t>> hits_by_app;
  std::vector<size_t>* last = nullptr;  // The last hit's application's.
  std::string_view last_app;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i]->failure || events[i]->log) {
      keep[i] = true;
      continue;
    }
    std::string_view app = events[i]->application_id;
    if (last == nullptr || app != last_app) {
      last = &hits_by_app[app];
      last_app = app;
    }
    last->push_back(i);
  }
  for (auto& [app, hits] : hits_by_app) {
    // More than the ring holds: the newest, and of hits at the same time
    // the later in the list; their order does not matter here.
    if (hits.size() > kKeptEventsPerApplication) {
      std::nth_element(
          hits.begin(), hits.begin() + (kKeptEventsPerApplication - 1),
          hits.end(), [&](size_t x, size_t y) {
            return std::pair(events[x]->at, x) > std::pair(events[y]->at, y);
          });
      hits.resize(kKeptEventsPerApplication);
    }
    for (size_t k : hits) keep[k] = true;
  }
  return keep;
}

const char* const kEventColumns =
    "id, organization_id, application_id, failure, at, received_at,"
    " latency_ms, message, exit_code, output, output_truncated, duration_ms";

Event ToEvent(const Row& r) {
  Event e;
  e.id = r.Int(0);
  e.organization_id = r.Text(1);
  e.application_id = r.Text(2);
  // The `failure` column keeps the EventStatus: 0 hit, 1 failure, 2 log.
  e.failure = r.Int(3) == static_cast<int64_t>(EventStatus::kFailure);
  e.log = r.Int(3) == static_cast<int64_t>(EventStatus::kLog);
  e.at = r.Int(4);
  e.received_at = r.Int(5);
  if (!r.IsNull(6)) e.latency_ms = r.Double(6);
  if (!r.IsNull(7)) e.message = r.Text(7);
  if (!r.IsNull(8)) e.exit_code = r.Int(8);
  if (!r.IsNull(9)) e.output = r.Text(9);
  e.output_truncated = r.Int(10) != 0;
  if (!r.IsNull(11)) e.duration_ms = r.Int(11);
  return e;
}

const char* const kDeployColumns =
    "id, organization_id, application_id, version, commit_sha, commit_at,"
    " description, environment, status, started_at, finished_at, created_at,"
    " updated_at";

Deploy ToDeploy(const Row& r) {
  Deploy d;
  d.id = r.Text(0);
  d.organization_id = r.Text(1);
  d.application_id = r.Text(2);
  d.version = r.Text(3);
  if (!r.IsNull(4)) d.commit = r.Text(4);
  if (!r.IsNull(5)) d.commit_at = r.Int(5);
  if (!r.IsNull(6)) d.description = r.Text(6);
  d.environment = r.Text(7);
  d.status = r.Text(8);
  if (!r.IsNull(9)) d.started_at = r.Int(9);
  if (!r.IsNull(10)) d.finished_at = r.Int(10);
  d.created_at = r.Int(11);
  d.updated_at = r.Int(12);
  return d;
}

// The ring (table hit_ring, read as view ring_hits) holds the newest hits and
// is overwritten in place; the hits kept before the ring existed (in events,
// all older than the ring's) are what is trimmed: those beyond the newest
// `keep` hits, counting the ring's. The scans run on the partial index of these
// hits alone.
Result<int64_t> TrimHits(Connection& c, const std::string& app, int keep,
                         int64_t max_rows) {
  max_rows = RowLimit(max_rows);
  auto ring =
      c.Query("SELECT count(*) FROM ring_hits WHERE application_id = ?", {app});
  if (!ring.ok()) return ring.status();
  int64_t unslotted_kept =
      std::max<int64_t>(0, int64_t{keep} - ring->front().Int(0));
  if (unslotted_kept == 0) {
    return c.Execute(
        "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE"
        " application_id = ? AND failure = 0 LIMIT ?)",
        {app, max_rows});
  }
  return c.Execute(
      "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE"
      " application_id = ? AND failure = 0 AND at <"
      " (SELECT at FROM events WHERE application_id = ? AND failure = 0"
      " ORDER BY at DESC LIMIT 1 OFFSET ?) LIMIT ?)",
      {app, app, unslotted_kept - 1, max_rows});
}

}  // namespace hookwarden::sql_store_internal
