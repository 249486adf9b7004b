// The SQL of events, aggregates and deploys that SqlStore's readers and the
// unit of work share.
#include "storage/sql_events.h"

#include <algorithm>
#include <unordered_map>

#include "domain/latency_histogram.h"

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

AggregateTable::AggregateTable(const std::string& table, const std::string& key,
                               int64_t length_millis)
    : length(length_millis) {
  const std::string columns =
      "hits, failures, latency_count, latency_sum, latency_min,"
      " latency_max, latency_histogram";
  select = "SELECT " + columns + " FROM " + table +
           " WHERE application_id = ? AND " + key + " = ?";
  upsert = "INSERT INTO " + table + " (application_id, " + key + ", " +
           columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" +
           " ON CONFLICT (application_id, " + key +
           ") DO UPDATE SET hits = excluded.hits,"
           " failures = excluded.failures,"
           " latency_count = excluded.latency_count,"
           " latency_sum = excluded.latency_sum,"
           " latency_min = excluded.latency_min,"
           " latency_max = excluded.latency_max,"
           " latency_histogram = excluded.latency_histogram";
  range = "SELECT " + key + ", " + columns + " FROM " + table +
          " WHERE application_id = ? AND " + key + " >= ? AND " + key +
          " < ? ORDER BY " + key;
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

// Adds `delta` to the row of (application, start) in `table`.
Status AddToAggregate(Connection& c, const AggregateTable& table,
                      const std::string& app, int64_t start,
                      const EventCounts& delta) {
  auto rows = c.Query(table.select, {app, start});
  if (!rows.ok()) return rows.status();
  EventCounts total =
      rows->empty() ? EventCounts() : CountsAt(rows->front(), 0);
  total.Merge(delta);
  return Done(
      c.Execute(table.upsert,
                {app, start, total.hits, total.failures, total.latency_count,
                 total.latency_sum, Optional(total.latency_min),
                 Optional(total.latency_max), total.latency.Encode()}));
}

int64_t StartOf(int64_t at, int64_t length) {
  return at - ((at % length) + length) % length;
}

// Which of the accepted events become rows: every failure, and the newest
// hits of each application up to the kept number.
std::vector<bool> RowsToKeep(const std::vector<const Event*>& events) {
  std::vector<bool> keep(events.size(), false);
  std::unordered_map<std::string_view, std::vector<size_t>> hits_by_app;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i]->failure || events[i]->log) {
      keep[i] = true;
    } else {
      hits_by_app[events[i]->application_id].push_back(i);
    }
  }
  for (auto& [app, hits] : hits_by_app) {
    size_t n = std::min<size_t>(hits.size(), kKeptEventsPerApplication);
    std::partial_sort(
        hits.begin(), hits.begin() + n, hits.end(),
        [&](size_t x, size_t y) { return events[x]->at > events[y]->at; });
    for (size_t k = 0; k < n; ++k) keep[hits[k]] = true;
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

// The ring (table hit_ring) holds the newest hits and is overwritten in
// place; the hits kept before the ring existed (in events, all older than
// the ring's) are what is trimmed: those beyond the newest `keep` hits,
// counting the ring's. The scans run on the partial index of these hits
// alone.
Result<int64_t> TrimHits(Connection& c, const std::string& app, int keep,
                         int64_t max_rows) {
  max_rows = RowLimit(max_rows);
  auto ring =
      c.Query("SELECT count(*) FROM hit_ring WHERE application_id = ?", {app});
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
