// SqlStore: events, their per-minute and per-hour aggregates, deploys,
// the figures' inputs, and retention.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "domain/latency_histogram.h"
#include "storage/multi_row_insert.h"
#include "storage/sql_helpers.h"
#include "storage/sql_store.h"
#include "storage/sql_store_incidents.h"
#include "storage/sql_store_outbox.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

constexpr int64_t kMinuteMillis = 60 * 1000;
constexpr int64_t kHourMillis = 60 * kMinuteMillis;

sql::Value Optional(const std::optional<double>& v) {
  return v ? sql::Value(*v) : sql::Value();
}
sql::Value Optional(const std::optional<int64_t>& v) {
  return v ? sql::Value(*v) : sql::Value();
}
sql::Value Optional(const std::optional<std::string>& v) {
  return v ? sql::Value(*v) : sql::Value();
}

// One of the two aggregate tables: the same columns, keyed by the start of
// a minute or of an hour.
struct AggregateTable {
  std::string select;  // Its counts at (application, start).
  std::string upsert;  // Writes them.
  std::string range;   // Its rows of an application in [from, to).
  int64_t length;

  AggregateTable(const std::string& table, const std::string& key,
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
};

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
  max_rows = RowLimit(max_rows);
  return c.Execute(
      "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE"
      " application_id = ? AND failure = 0 AND at < (SELECT at FROM events"
      " WHERE application_id = ? AND failure = 0 ORDER BY at DESC LIMIT 1"
      " OFFSET ?)"
      " LIMIT ?)",
      {app, app, int64_t{keep - 1}, max_rows});
}

// Runs each accepted event through its application's incident rules, in
// order, writing the incidents they open and resolve and, at the end, each
// application's state. Fills in the outcomes' open incidents.
Status TrackIncidents(Connection& c, const std::vector<Event>& events,
                      std::vector<EventOutcome>& outcomes) {
  struct App {
    std::optional<Tracked> tracked;  // nullopt: the application is gone.
    std::shared_ptr<const Incident> open;
  };
  std::unordered_map<std::string_view, App> apps;
  // Each incident is written once, as it is at the end: one that opens and
  // resolves within this call (a flapping application) costs one row write.
  std::map<std::string, std::pair<Incident, bool>> written;  // Id: (it, new)
  std::unordered_map<std::string, bool> has_channels;        // By organization.
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    auto [it, first] = apps.try_emplace(e.application_id);
    App& app = it->second;
    if (first) {
      auto tracked = LoadTracked(c, e.application_id);
      if (tracked.ok()) {
        app.tracked = std::move(tracked).value();
        if (app.tracked->state.open) {
          app.open = std::make_shared<Incident>(*app.tracked->state.open);
        }
      } else if (tracked.status().code() != ErrorCode::kNotFound) {
        return tracked.status();
      }
    }
    if (app.tracked && !outcomes[i].duplicate) {
      IncidentChange change =
          Tracker().Track(app.tracked->app, app.tracked->state, e);
      if (change.kind != IncidentChange::kNone) {
        bool opened = change.kind == IncidentChange::kOpened;
        const Incident& incident = change.incident;
        auto [row, added] = written.try_emplace(incident.id, incident, opened);
        if (!added) row->second.first = incident;
        auto [org, unknown] =
            has_channels.try_emplace(incident.organization_id);
        if (unknown) {
          auto any = HasChannels(c, incident.organization_id);
          if (!any.ok()) return any.status();
          org->second = *any;
        }
        if (org->second) {
          HW_RETURN_IF_ERROR(NotifyIncident(
              c, opened ? kEventIncidentOpened : kEventIncidentResolved,
              incident, e.received_at));
        }
        app.open = opened ? std::make_shared<Incident>(incident) : nullptr;
      }
    }
    outcomes[i].open_incident = app.open;
  }
  for (const auto& [id, row] : written) {
    HW_RETURN_IF_ERROR(WriteIncident(c, row.first, row.second));
  }
  for (const auto& [id, app] : apps) {
    if (!app.tracked) continue;
    HW_RETURN_IF_ERROR(
        SaveTrackedState(c, app.tracked->app.id, app.tracked->state));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<EventOutcome>> SqlStore::AppendEvents(
    const std::vector<Event>& events, const std::vector<CredentialUse>& uses) {
  return InTransaction<std::vector<EventOutcome>>(
      *db_, true, [&](Connection& c) -> Result<std::vector<EventOutcome>> {
        // Each application's aggregates, streaks and incidents are read
        // and written back below: one writer per application at a time,
        // also across servers.
        std::set<std::string_view> apps;
        for (const Event& e : events) apps.insert(e.application_id);
        for (std::string_view app : apps) {
          HW_RETURN_IF_ERROR(LockApplication(c, app));
        }
        std::vector<EventOutcome> outcomes(events.size());
        std::vector<bool> duplicate(events.size(), false);
        for (size_t i = 0; i < events.size(); ++i) {
          const Event& e = events[i];
          if (!e.idempotency_key) continue;
          auto inserted = c.Execute(
              "INSERT INTO idempotency_keys (application_id, key, created_at)"
              " VALUES (?, ?, ?) ON CONFLICT (application_id, key) DO NOTHING",
              {e.application_id, *e.idempotency_key, e.received_at});
          if (!inserted.ok()) return inserted.status();
          duplicate[i] = outcomes[i].duplicate = *inserted == 0;
        }
        std::vector<bool> keep = RowsToKeep(events, duplicate);
        std::map<std::pair<std::string_view, int64_t>, EventCounts> minutes;
        std::vector<sql::Params> rows;
        for (size_t i = 0; i < events.size(); ++i) {
          if (duplicate[i]) continue;
          const Event& e = events[i];
          minutes[{e.application_id, StartOf(e.at, kMinuteMillis)}].Add(e);
          if (!keep[i]) continue;
          rows.push_back({e.organization_id, e.application_id,
                          int64_t{e.failure}, e.at, e.received_at,
                          Optional(e.latency_ms), Optional(e.message)});
        }
        HW_RETURN_IF_ERROR(
            sql::InsertRows(c, "events",
                            {"organization_id", "application_id", "failure",
                             "at", "received_at", "latency_ms", "message"},
                            rows));
        std::map<std::pair<std::string_view, int64_t>, EventCounts> hours;
        for (const auto& [key, counts] : minutes) {
          HW_RETURN_IF_ERROR(
              AddToAggregate(c, Minutes(), S(key.first), key.second, counts));
          hours[{key.first, StartOf(key.second, kHourMillis)}].Merge(counts);
        }
        for (const auto& [key, counts] : hours) {
          HW_RETURN_IF_ERROR(
              AddToAggregate(c, Hours(), S(key.first), key.second, counts));
        }
        HW_RETURN_IF_ERROR(TrackIncidents(c, events, outcomes));
        // Hits beyond the newest kept events go a little at a time, with the
        // commits that push them out, rather than in one long pass later.
        std::vector<std::string> to_trim;
        {
          std::lock_guard lock(trim_mutex_);
          for (size_t i = 0; i < events.size(); ++i) {
            if (keep[i]) ++hit_rows_since_trim_[events[i].application_id];
          }
          for (auto& [app, rows] : hit_rows_since_trim_) {
            if (rows < kTrimEveryRows || !apps.count(app)) continue;
            to_trim.push_back(app);
            rows = 0;
          }
        }
        for (const std::string& app : to_trim) {
          HW_RETURN_IF_ERROR(
              Done(TrimHits(c, app, kKeptEventsPerApplication, -1)));
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
        return outcomes;
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
  if (q.before) {
    sql += " AND (at < ? OR (at = ? AND id < ?))";
    params.emplace_back(q.before->first);
    params.emplace_back(q.before->first);
    params.emplace_back(q.before->second);
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
    // Whether the deploy is new, and its first created_at, stay as read.
    HW_RETURN_IF_ERROR(LockApplication(c, d.application_id));
    auto existing = c.Query(
        "SELECT created_at FROM deploys WHERE application_id = ? AND id = ?",
        {d.application_id, d.id});
    if (!existing.ok()) return existing.status();
    bool created = existing->empty();
    Deploy stored = d;
    if (!created) stored.created_at = existing->front().Int(0);
    HW_RETURN_IF_ERROR(Done(c.Execute(
        "INSERT INTO deploys (" + S(kDeployColumns) +
            ", deployed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (application_id, id) DO UPDATE SET"
            " version = excluded.version, commit_sha = excluded.commit_sha,"
            " commit_at = excluded.commit_at,"
            " description = excluded.description,"
            " environment = excluded.environment, status = excluded.status,"
            " started_at = excluded.started_at,"
            " finished_at = excluded.finished_at,"
            " updated_at = excluded.updated_at,"
            " deployed_at = excluded.deployed_at",
        {stored.id, stored.organization_id, stored.application_id,
         stored.version, Optional(stored.commit), Optional(stored.commit_at),
         Optional(stored.description), stored.environment, stored.status,
         Optional(stored.started_at), Optional(stored.finished_at),
         stored.created_at, stored.updated_at,
         stored.finished_at.value_or(stored.created_at)})));
    if (created) {
      HW_RETURN_IF_ERROR(EnqueueNotifications(
          c, stored.organization_id, kEventDeployCreated,
          {stored.application_id}, stored.created_at,
          [&]() -> Result<boost::json::object> {
            auto app = LoadEventApplication(c, stored.application_id);
            if (!app.ok()) return app.status();
            return notify::DeployData(stored, *app);
          }));
    }
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

Result<SqlStore::ReliabilityData> SqlStore::ReadReliabilityData(
    const ReliabilityQuery& q) {
  const std::string& app = q.application_id;
  return InTransaction<ReliabilityData>(
      *db_, false, [&](Connection& c) -> Result<ReliabilityData> {
        ReliabilityData out;
        auto add_slices = [&](const AggregateTable& table, int64_t from,
                              int64_t to) -> Status {
          if (from >= to) return Status::Ok();
          auto rows = c.Query(table.range, {app, from, to});
          if (!rows.ok()) return rows.status();
          for (const Row& r : *rows) {
            out.aggregates.push_back({r.Int(0), table.length, CountsAt(r, 1)});
          }
          return Status::Ok();
        };
        // Whole hours inside the window from the hour table, the minutes
        // before and after them from the minute table.
        int64_t first_hour = StartOf(q.from + kHourMillis - 1, kHourMillis);
        int64_t end_hour = StartOf(q.to, kHourMillis);
        if (q.minutes_only || first_hour >= end_hour) {
          HW_RETURN_IF_ERROR(add_slices(Minutes(), q.from, q.to));
        } else {
          HW_RETURN_IF_ERROR(add_slices(Minutes(), q.from, first_hour));
          HW_RETURN_IF_ERROR(add_slices(Hours(), first_hour, end_hour));
          HW_RETURN_IF_ERROR(add_slices(Minutes(), end_hour, q.to));
        }
        auto incidents = ListIncidentsOfApplication(c, app, q.from,
                                                    q.incidents_opened_before);
        if (!incidents.ok()) return incidents.status();
        out.incidents = std::move(incidents).value();
        auto deploys = QueryAll<Deploy>(
            c,
            "SELECT " + S(kDeployColumns) +
                " FROM deploys WHERE application_id = ? AND deployed_at >= ?"
                " AND deployed_at < ? ORDER BY deployed_at, id",
            {app, q.from, q.to}, ToDeploy);
        if (!deploys.ok()) return deploys.status();
        out.deploys = std::move(deploys).value();
        auto next = c.Query(
            "SELECT MIN(deployed_at) FROM deploys WHERE application_id = ?"
            " AND deployed_at >= ?",
            {app, q.to});
        if (!next.ok()) return next.status();
        if (!next->empty() && !next->front().IsNull(0)) {
          out.next_deploy_at = next->front().Int(0);
        }
        return out;
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
  int64_t max_rows = RowLimit(r.max_rows);
  // At most max_rows per statement, chosen by primary key (a row value where
  // the key has two columns), which both engines delete by.
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM idempotency_keys WHERE (application_id, key) IN"
             " (SELECT application_id, key FROM idempotency_keys"
             " WHERE created_at < ? LIMIT ?)",
             {r.now - r.idempotency_millis, max_rows}));
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM minute_aggregates WHERE (application_id, minute) IN"
             " (SELECT application_id, minute FROM minute_aggregates"
             " WHERE minute < ? LIMIT ?)",
             {r.now - r.aggregates_millis, max_rows}));
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM hour_aggregates WHERE (application_id, hour) IN"
             " (SELECT application_id, hour FROM hour_aggregates"
             " WHERE hour < ? LIMIT ?)",
             {StartOf(r.now - r.aggregates_millis, kHourMillis), max_rows}));
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM incidents WHERE id IN (SELECT id FROM"
             " incidents WHERE resolved_at < ? LIMIT ?)",
             {r.now - r.aggregates_millis, max_rows}));
  // Finished deliveries are kept as long as failures, with their attempts.
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM outbox_attempts WHERE delivery_id IN (SELECT id FROM"
             " outbox WHERE finished_at < ? LIMIT ?)",
             {r.now - r.failures_millis, max_rows}));
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE"
             " finished_at < ? LIMIT ?)",
             {r.now - r.failures_millis, max_rows}));
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
