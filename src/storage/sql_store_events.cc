// SqlStore: events, their per-minute aggregates, deploys, and retention.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "domain/latency_histogram.h"
#include "storage/sql_helpers.h"
#include "storage/sql_store.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

constexpr int64_t kMinuteMillis = 60 * 1000;

// What one call adds to one application's minute.
struct MinuteDelta {
  int64_t hits = 0, failures = 0, latency_count = 0;
  double latency_sum = 0;
  std::optional<double> latency_min, latency_max;
  std::array<int64_t, kLatencyBuckets> histogram{};

  void Add(const Event& e) {
    ++(e.failure ? failures : hits);
    if (!e.latency_ms) return;
    double ms = *e.latency_ms;
    ++latency_count;
    latency_sum += ms;
    latency_min = latency_min ? std::min(*latency_min, ms) : ms;
    latency_max = latency_max ? std::max(*latency_max, ms) : ms;
    ++histogram[LatencyBucket(ms)];
  }
};

sql::Value Optional(const std::optional<double>& v) {
  return v ? sql::Value(*v) : sql::Value();
}
sql::Value Optional(const std::optional<int64_t>& v) {
  return v ? sql::Value(*v) : sql::Value();
}
sql::Value Optional(const std::optional<std::string>& v) {
  return v ? sql::Value(*v) : sql::Value();
}

// INSERT ... ON CONFLICT DO UPDATE that adds a MinuteDelta to its row.
std::string AggregateUpsertSql() {
  std::string columns, values, updates;
  for (int i = 0; i < kLatencyBuckets; ++i) {
    std::string h = "h" + std::to_string(i);
    columns += ", " + h;
    values += ", ?";
    updates += ", " + h + " = minute_aggregates." + h + " + excluded." + h;
  }
  return "INSERT INTO minute_aggregates (application_id, minute, hits,"
         " failures, latency_count, latency_sum, latency_min, latency_max" +
         columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?" + values +
         ") ON CONFLICT (application_id, minute) DO UPDATE SET"
         " hits = minute_aggregates.hits + excluded.hits,"
         " failures = minute_aggregates.failures + excluded.failures,"
         " latency_count = minute_aggregates.latency_count +"
         " excluded.latency_count,"
         " latency_sum = minute_aggregates.latency_sum + excluded.latency_sum,"
         " latency_min = CASE WHEN minute_aggregates.latency_min IS NULL OR"
         " excluded.latency_min < minute_aggregates.latency_min"
         " THEN excluded.latency_min ELSE minute_aggregates.latency_min END,"
         " latency_max = CASE WHEN minute_aggregates.latency_max IS NULL OR"
         " excluded.latency_max > minute_aggregates.latency_max"
         " THEN excluded.latency_max ELSE minute_aggregates.latency_max END" +
         updates;
}

// Which accepted events become rows: every failure, and the newest hits of
// each application up to the kept number.
std::vector<bool> RowsToKeep(const std::vector<Event>& events,
                             const std::vector<bool>& duplicate) {
  std::vector<bool> keep(events.size(), false);
  std::unordered_map<std::string_view, std::vector<size_t>> hits_by_app;
  for (size_t i = 0; i < events.size(); ++i) {
    if (duplicate[i]) continue;
    if (events[i].failure) {
      keep[i] = true;
    } else {
      hits_by_app[events[i].application_id].push_back(i);
    }
  }
  for (auto& [app, hits] : hits_by_app) {
    size_t n = std::min<size_t>(hits.size(), kKeptEventsPerApplication);
    std::partial_sort(
        hits.begin(), hits.begin() + n, hits.end(),
        [&](size_t a, size_t b) { return events[a].at > events[b].at; });
    for (size_t k = 0; k < n; ++k) keep[hits[k]] = true;
  }
  return keep;
}

constexpr const char* kEventColumns =
    "id, organization_id, application_id, failure, at, received_at,"
    " latency_ms, message";

Event ToEvent(const Row& r) {
  Event e;
  e.id = r.Int(0);
  e.organization_id = r.Text(1);
  e.application_id = r.Text(2);
  e.failure = r.Int(3) != 0;
  e.at = r.Int(4);
  e.received_at = r.Int(5);
  if (!r.IsNull(6)) e.latency_ms = r.Double(6);
  if (!r.IsNull(7)) e.message = r.Text(7);
  return e;
}

constexpr const char* kDeployColumns =
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

// Removes the application's hits older than its newest `keep` hits, at most
// `max_rows` of them (-1: all). Returns how many went. Both scans run on the
// partial index of hits, however many failures the application has.
Result<int64_t> TrimHits(Connection& c, const std::string& app, int keep,
                         int64_t max_rows) {
  return c.Execute(
      "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE"
      " application_id = ? AND failure = 0 AND at < (SELECT at FROM events"
      " WHERE application_id = ? AND failure = 0 ORDER BY at DESC LIMIT 1"
      " OFFSET ?)"
      " LIMIT ?)",
      {app, app, int64_t{keep - 1}, max_rows});
}

}  // namespace

Result<std::vector<bool>> SqlStore::AppendEvents(
    const std::vector<Event>& events, const std::vector<CredentialUse>& uses) {
  static const std::string kUpsert = AggregateUpsertSql();
  return InTransaction<std::vector<bool>>(
      *db_, true, [&](Connection& c) -> Result<std::vector<bool>> {
        std::vector<bool> duplicate(events.size(), false);
        for (size_t i = 0; i < events.size(); ++i) {
          const Event& e = events[i];
          if (!e.idempotency_key) continue;
          auto inserted = c.Execute(
              "INSERT INTO idempotency_keys (application_id, key, created_at)"
              " VALUES (?, ?, ?) ON CONFLICT (application_id, key) DO NOTHING",
              {e.application_id, *e.idempotency_key, e.received_at});
          if (!inserted.ok()) return inserted.status();
          duplicate[i] = *inserted == 0;
        }
        std::vector<bool> keep = RowsToKeep(events, duplicate);
        std::map<std::pair<std::string_view, int64_t>, MinuteDelta> minutes;
        for (size_t i = 0; i < events.size(); ++i) {
          if (duplicate[i]) continue;
          const Event& e = events[i];
          int64_t minute =
              e.at - ((e.at % kMinuteMillis) + kMinuteMillis) % kMinuteMillis;
          minutes[{e.application_id, minute}].Add(e);
          if (!keep[i]) continue;
          HW_RETURN_IF_ERROR(Done(c.Execute(
              "INSERT INTO events (organization_id, application_id, failure,"
              " at, received_at, latency_ms, message)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)",
              {e.organization_id, e.application_id, int64_t{e.failure}, e.at,
               e.received_at, Optional(e.latency_ms), Optional(e.message)})));
        }
        for (const auto& [key, d] : minutes) {
          sql::Params params = {S(key.first),
                                key.second,
                                d.hits,
                                d.failures,
                                d.latency_count,
                                d.latency_sum,
                                Optional(d.latency_min),
                                Optional(d.latency_max)};
          for (int64_t n : d.histogram) params.emplace_back(n);
          HW_RETURN_IF_ERROR(Done(c.Execute(kUpsert, params)));
        }
        // Hits beyond the newest kept events go a little at a time, with the
        // commits that push them out, rather than in one long pass later.
        for (size_t i = 0; i < events.size(); ++i) {
          if (keep[i]) ++hit_rows_since_trim_[events[i].application_id];
        }
        for (auto& [app, rows] : hit_rows_since_trim_) {
          if (rows < kTrimEveryRows) continue;
          HW_RETURN_IF_ERROR(
              Done(TrimHits(c, app, kKeptEventsPerApplication, -1)));
          rows = 0;
        }
        for (const CredentialUse& u : uses) {
          HW_RETURN_IF_ERROR(Done(c.Execute(
              "UPDATE integration_tokens SET use_count = use_count + ?,"
              " throttled_count = throttled_count + ?,"
              " last_used_at = CASE WHEN ? > 0 THEN ? ELSE last_used_at END,"
              " last_used_from = CASE WHEN ? > 0 THEN ? ELSE last_used_from END"
              " WHERE id = ?",
              {u.requests, u.throttled, u.requests, u.last_at, u.requests,
               u.last_from, u.credential_id})));
        }
        return duplicate;
      });
}

Result<std::vector<Event>> SqlStore::ListEvents(std::string_view org_id,
                                                std::string_view app_id,
                                                const EventQuery& q) {
  std::string sql = "SELECT " + S(kEventColumns) +
                    " FROM events WHERE organization_id = ? AND"
                    " application_id = ? AND at >= ? AND at < ?";
  sql::Params params = {S(org_id), S(app_id), q.from.value_or(INT64_MIN),
                        q.to.value_or(INT64_MAX)};
  if (q.failure) {
    sql += " AND failure = ?";
    params.emplace_back(int64_t{*q.failure});
  }
  sql += " ORDER BY at DESC, id DESC LIMIT ?";
  params.emplace_back(int64_t{q.limit});
  return InTransaction<std::vector<Event>>(*db_, false, [&](Connection& c) {
    return QueryAll<Event>(c, sql, params, ToEvent);
  });
}

Result<std::pair<Deploy, bool>> SqlStore::UpsertDeploy(const Deploy& d) {
  using Out = std::pair<Deploy, bool>;
  return InTransaction<Out>(*db_, true, [&](Connection& c) -> Result<Out> {
    auto existing = c.Query(
        "SELECT created_at FROM deploys WHERE application_id = ? AND id = ?",
        {d.application_id, d.id});
    if (!existing.ok()) return existing.status();
    bool created = existing->empty();
    Deploy stored = d;
    if (!created) stored.created_at = existing->front().Int(0);
    HW_RETURN_IF_ERROR(Done(c.Execute(
        "INSERT INTO deploys (" + S(kDeployColumns) +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (application_id, id) DO UPDATE SET"
            " version = excluded.version, commit_sha = excluded.commit_sha,"
            " commit_at = excluded.commit_at,"
            " description = excluded.description,"
            " environment = excluded.environment, status = excluded.status,"
            " started_at = excluded.started_at,"
            " finished_at = excluded.finished_at,"
            " updated_at = excluded.updated_at",
        {stored.id, stored.organization_id, stored.application_id,
         stored.version, Optional(stored.commit), Optional(stored.commit_at),
         Optional(stored.description), stored.environment, stored.status,
         Optional(stored.started_at), Optional(stored.finished_at),
         stored.created_at, stored.updated_at})));
    return Out{std::move(stored), created};
  });
}

Result<std::vector<Deploy>> SqlStore::ListDeploys(std::string_view org_id,
                                                  std::string_view app_id,
                                                  std::optional<int64_t> from,
                                                  std::optional<int64_t> to,
                                                  int limit) {
  return InTransaction<std::vector<Deploy>>(*db_, false, [&](Connection& c) {
    return QueryAll<Deploy>(
        c,
        "SELECT " + S(kDeployColumns) +
            " FROM deploys WHERE organization_id = ? AND application_id = ?"
            " AND created_at >= ? AND created_at < ?"
            " ORDER BY created_at DESC, id DESC LIMIT ?",
        {S(org_id), S(app_id), from.value_or(INT64_MIN), to.value_or(INT64_MAX),
         int64_t{limit}},
        ToDeploy);
  });
}

Result<int64_t> SqlStore::PruneEvents(const Retention& r) {
  int64_t removed = 0;
  auto remove = [&](const std::string& sql, const sql::Params& params) {
    return db_->Write([&](Connection& c) -> Status {
      auto n = c.Execute(sql, params);
      if (!n.ok()) return n.status();
      removed += *n;
      return Status::Ok();
    });
  };
  int64_t max_rows = r.max_rows;
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM"
             " idempotency_keys WHERE created_at < ? LIMIT ?)",
             {r.now - r.idempotency_millis, max_rows}));
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM minute_aggregates WHERE rowid IN (SELECT rowid FROM"
             " minute_aggregates WHERE minute < ? LIMIT ?)",
             {r.now - r.aggregates_millis, max_rows}));
  // Hits beyond the newest `keep_events` events of their application. Each
  // application costs one short index walk when it has nothing to remove.
  auto apps =
      InTransaction<std::vector<std::string>>(*db_, false, [&](Connection& c) {
        return QueryAll<std::string>(
            c, "SELECT id FROM applications", {},
            [](const Row& row) { return row.Text(0); });
      });
  if (!apps.ok()) return apps.status();
  for (const std::string& app : *apps) {
    // Old failures, found through the application's index on time.
    HW_RETURN_IF_ERROR(
        remove("DELETE FROM events WHERE id IN (SELECT id FROM events WHERE"
               " application_id = ? AND at < ? AND failure = 1 LIMIT ?)",
               {app, r.now - r.failures_millis, max_rows}));
    HW_RETURN_IF_ERROR(db_->Write([&](Connection& c) -> Status {
      auto n = TrimHits(c, app, r.keep_events, max_rows);
      if (!n.ok()) return n.status();
      removed += *n;
      return Status::Ok();
    }));
  }
  return removed;
}

}  // namespace hookwarden
