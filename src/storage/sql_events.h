// The SQL of events, aggregates and deploys that SqlStore's readers and the
// unit of work share. Internal to src/storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/deploy.h"
#include "domain/event.h"
#include "domain/event_counts.h"
#include "storage/sql_helpers.h"

namespace hookwarden::sql_store_internal {

inline constexpr int64_t kMinuteMillis = 60 * 1000;
inline constexpr int64_t kHourMillis = 60 * kMinuteMillis;

sql::Value Optional(const std::optional<double>& v);
sql::Value Optional(const std::optional<int64_t>& v);
sql::Value Optional(const std::optional<std::string>& v);

// One of the two aggregate tables: the same columns, keyed by the start of
// a minute or of an hour.
struct AggregateTable {
  std::string name;
  std::string key;      // The column of the start.
  std::string select;   // Its counts at (application, start).
  std::string columns;  // Its counts' columns, in CountsAt's order.
  int64_t length;
  // The ON CONFLICT clause that adds a row's counts to the row already
  // there (counts summed, extremes kept, histograms merged), so that no
  // read precedes the write.
  std::string add_sqlite;
  std::string add_postgres;

  AggregateTable(const std::string& table, const std::string& key,
                 int64_t length_millis);
};
const AggregateTable& Minutes();
const AggregateTable& Hours();

// The counts in the columns that start at `at` (AggregateTable order).
EventCounts CountsAt(const Row& r, size_t at);
// The SQL expression of the merge of two histograms' text forms
// (LatencyHistogram::Encode) `a` and `b`, in the connection's dialect: the
// buckets' counts summed, buckets ascending. SQLite calls the function
// hw_merge_histograms that its connections define; PostgreSQL says it in
// SQL.
std::string MergedHistograms(sql::Connection::Dialect dialect,
                             std::string_view a, std::string_view b);
// Adds each (application, start) row's counts to `table`, in the statements
// of sql::InsertChunks, sent without waiting for an answer
// (Connection::Send). The keys must be distinct.
Status AddToAggregates(
    Connection& c, const AggregateTable& table,
    const std::vector<
        std::pair<std::pair<std::string_view, int64_t>, EventCounts>>& rows);

// Which of the accepted events become rows: every failure and log message,
// and the newest hits of each application up to kKeptEventsPerApplication
// (of hits at the same time, the later in `events`).
std::vector<bool> RowsToKeep(const std::vector<const Event*>& events);

// The columns of an event, in ToEvent's order, as table events and view
// ring_hits both have them.
extern const char* const kEventColumns;
Event ToEvent(const Row& r);
extern const char* const kDeployColumns;
Deploy ToDeploy(const Row& r);

// Removes the application's hits older than its newest `keep` hits, at most
// `max_rows` of them (-1: all). Returns how many went. Only hits in events
// (kept before the ring existed) ever go: the ring bounds itself.
Result<int64_t> TrimHits(Connection& c, const std::string& app, int keep,
                         int64_t max_rows);

}  // namespace hookwarden::sql_store_internal
