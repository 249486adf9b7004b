// SqlStore: reading events, deploys and the figures' inputs, and retention.
// The data plane writes them through the unit of work (sql_unit_of_work.cc).
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "common/time_floor.h"
#include "domain/latency_histogram.h"
#include "storage/sql_events.h"
#include "storage/sql_helpers.h"
#include "storage/sql_store.h"
#include "storage/sql_store_incidents.h"
#include "storage/sql_store_maintenance.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

// `work` on a unit of work over `c`, then the unit's own writes.
std::function<Status(Connection&)> OnUnit(const UnitWork& work) {
  return [&work](Connection& c) -> Status {
    SqlUnitOfWork unit(c);
    HW_RETURN_IF_ERROR(work(unit));
    return unit.Finish();
  };
}

}  // namespace

Status SqlStore::InUnitOfWork(const UnitWork& work) {
  return db_->Write(OnUnit(work));
}

Result<bool> SqlStore::InUnitOfWorkWithoutWaiting(const UnitWork& work) {
  return db_->WriteWithoutWaiting(OnUnit(work));
}

Result<std::vector<Event>> SqlStore::ListEvents(std::string_view org_id,
                                                std::string_view app_id,
                                                const EventQuery& q) {
  // Failures, log messages and old hits in events, the newest hits in the
  // ring (view ring_hits): the same conditions on both, one order over
  // both.
  std::string where =
      " WHERE organization_id = ? AND application_id = ? AND at >= ? AND"
      " at < ?";
  sql::Params where_params = {S(org_id), S(app_id), q.from.value_or(INT64_MIN),
                              q.to.value_or(INT64_MAX)};
  if (q.status) {
    where += " AND failure = ?";
    where_params.emplace_back(static_cast<int64_t>(*q.status));
  }
  if (q.before) {
    AppendBefore(where, where_params, "at", "id", q.before->first,
                 q.before->second);
  }
  std::string sql =
      "SELECT " + S(kEventColumns) + " FROM (SELECT " + S(kEventColumns) +
      " FROM events" + where + " UNION ALL SELECT " + S(kEventColumns) +
      " FROM ring_hits" + where + ") AS kept ORDER BY at DESC, id DESC LIMIT ?";
  sql::Params params = where_params;
  params.insert(params.end(), where_params.begin(), where_params.end());
  params.emplace_back(int64_t{q.limit});
  return InTransaction<std::vector<Event>>(*db_, false, [&](Connection& c) {
    return QueryAll<Event>(c, sql, params, ToEvent);
  });
}

Result<std::vector<Deploy>> SqlStore::ListDeploys(
    std::string_view org_id, std::string_view app_id,
    std::optional<int64_t> from, std::optional<int64_t> to, int limit,
    const std::optional<DeployPosition>& before) {
  std::string sql = "SELECT " + S(kDeployColumns) +
                    " FROM deploys WHERE organization_id = ? AND"
                    " application_id = ? AND created_at >= ? AND"
                    " created_at < ?";
  sql::Params params = {S(org_id), S(app_id), from.value_or(INT64_MIN),
                        to.value_or(INT64_MAX)};
  if (before) {
    sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    params.insert(params.end(), {before->first, before->first, before->second});
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(int64_t{limit});
  return InTransaction<std::vector<Deploy>>(*db_, false, [&](Connection& c) {
    return QueryAll<Deploy>(c, sql, params, ToDeploy);
  });
}

namespace {

// The organization's applications whose inputs one set of statements reads:
// enough to spare most statements' costs, few enough to hold their rows.
constexpr size_t kApplicationsPerRead = 50;

// The figures' inputs of the applications `apps` (as ReadReliabilityData
// reads them for one), by application id: one statement per table. An
// application with nothing to read is absent.
Result<std::map<std::string, EventStore::ReliabilityData>> ReadReliability(
    Connection& c, const ApplicationSet& apps,
    const EventStore::ReliabilityQuery& q) {
  std::map<std::string, EventStore::ReliabilityData> out;
  auto add_slices = [&](const AggregateTable& table, int64_t from,
                        int64_t to) -> Status {
    if (from >= to) return Status::Ok();
    auto rows = c.Query("SELECT application_id, " + table.key + ", " +
                            table.columns + " FROM " + table.name + " WHERE " +
                            apps.Of("application_id") + " AND " + table.key +
                            " >= ? AND " + table.key + " < ? ORDER BY " +
                            "application_id, " + table.key,
                        apps.With({from, to}));
    if (!rows.ok()) return rows.status();
    for (const Row& r : *rows) {
      out[r.Text(0)].aggregates.push_back(
          {r.Int(1), table.length, CountsAt(r, 2)});
    }
    return Status::Ok();
  };
  // Whole hours inside the window from the hour table, the minutes before
  // and after them from the minute table.
  int64_t first_hour = FloorTo(q.from + kHourMillis - 1, kHourMillis);
  int64_t end_hour = FloorTo(q.to, kHourMillis);
  if (q.minutes_only || first_hour >= end_hour) {
    HW_RETURN_IF_ERROR(add_slices(Minutes(), q.from, q.to));
  } else {
    HW_RETURN_IF_ERROR(add_slices(Minutes(), q.from, first_hour));
    HW_RETURN_IF_ERROR(add_slices(Hours(), first_hour, end_hour));
    HW_RETURN_IF_ERROR(add_slices(Minutes(), end_hour, q.to));
  }
  auto incidents =
      ListIncidentsOfApplications(c, apps, q.from, q.incidents_opened_before);
  if (!incidents.ok()) return incidents.status();
  for (Incident& i : *incidents) {
    out[i.application_id].incidents.push_back(std::move(i));
  }
  auto deploys =
      QueryAll<Deploy>(c,
                       "SELECT " + S(kDeployColumns) + " FROM deploys WHERE " +
                           apps.Of("application_id") +
                           " AND deployed_at >= ? AND deployed_at < ?"
                           " ORDER BY application_id, deployed_at, id",
                       apps.With({q.from, q.to}), ToDeploy);
  if (!deploys.ok()) return deploys.status();
  for (Deploy& d : *deploys) {
    out[d.application_id].deploys.push_back(std::move(d));
  }
  auto next =
      c.Query("SELECT application_id, MIN(deployed_at) FROM deploys WHERE " +
                  apps.Of("application_id") +
                  " AND deployed_at >= ? GROUP BY application_id",
              apps.With({q.to}));
  if (!next.ok()) return next.status();
  for (const Row& r : *next) {
    if (!r.IsNull(1)) out[r.Text(0)].next_deploy_at = r.Int(1);
  }
  auto maintenance = MaintenanceSpans(c, apps, q.from, q.to);
  if (!maintenance.ok()) return maintenance.status();
  for (auto& [app, span] : *maintenance) {
    out[app].maintenance.push_back(span);
  }
  auto runs = c.Query(
      "SELECT application_id, finished_at, duration_ms, failed FROM runs"
      " WHERE " +
          apps.Of("application_id") +
          " AND finished_at >= ? AND finished_at < ?"
          " ORDER BY application_id, finished_at",
      apps.With({q.from, q.to}));
  if (!runs.ok()) return runs.status();
  for (const Row& r : *runs) {
    out[r.Text(0)].runs.push_back({r.Int(1), r.Int(2), r.Int(3) != 0});
  }
  return out;
}

}  // namespace

Result<SqlStore::ReliabilityData> SqlStore::ReadReliabilityData(
    const ReliabilityQuery& q) {
  return InTransaction<ReliabilityData>(
      *db_, false, [&](Connection& c) -> Result<ReliabilityData> {
        auto data =
            ReadReliability(c, ApplicationSet::One(q.application_id), q);
        if (!data.ok()) return data.status();
        auto found = data->find(q.application_id);
        if (found == data->end()) return ReliabilityData();
        return std::move(found->second);
      });
}

Status SqlStore::ReadOrganizationReliabilityData(
    std::string_view org_id, const ReliabilityQuery& q,
    const EachReliabilityData& each) {
  return db_->Read([&](Connection& c) -> Status {
    auto ids = QueryAll<std::string>(
        c, "SELECT id FROM applications WHERE organization_id = ? ORDER BY id",
        {S(org_id)}, [](const Row& r) { return r.Text(0); });
    if (!ids.ok()) return ids.status();
    for (size_t first = 0; first < ids->size(); first += kApplicationsPerRead) {
      size_t end = std::min(ids->size(), first + kApplicationsPerRead);
      auto data = ReadReliability(c,
                                  ApplicationSet::OfOrganization(
                                      org_id, (*ids)[first], (*ids)[end - 1]),
                                  q);
      if (!data.ok()) return data.status();
      for (size_t i = first; i < end; ++i) {
        auto found = data->find((*ids)[i]);
        ReliabilityData none;
        HW_RETURN_IF_ERROR(
            each((*ids)[i], found == data->end() ? none : found->second));
      }
    }
    return Status::Ok();
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
             {FloorTo(r.now - r.aggregates_millis, kHourMillis), max_rows}));
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM incidents WHERE id IN (SELECT id FROM"
             " incidents WHERE resolved_at < ? LIMIT ?)",
             {r.now - r.aggregates_millis, max_rows}));
  // Finished runs are kept as long as the aggregates they are figures with.
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM runs WHERE id IN (SELECT id FROM runs"
             " WHERE finished_at < ? LIMIT ?)",
             {r.now - r.aggregates_millis, max_rows}));
  // Maintenance windows are kept while the figures can reach them (they
  // take their time out of uptime); their targets go with them (ON DELETE
  // CASCADE).
  HW_RETURN_IF_ERROR(
      remove("DELETE FROM maintenance_windows WHERE id IN (SELECT id FROM"
             " maintenance_windows WHERE ends_at < ? LIMIT ?)",
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
  // Where events are partitioned by day (PostgreSQL), the days past the
  // failures' retention go whole, and the partitions of the days to come
  // are made ready; what is left past it (the day that straddles the
  // cutoff, rows no day partition took) goes row by row below. A partition
  // that cannot be made or dropped now (its lock refused in time) stops
  // none of the rest: the pass goes on and answers that failure at its end,
  // and the next pass tries again.
  Status partitions = db_->PrepareEventPartitions(r.now);
  if (partitions.ok()) {
    auto dropped = db_->DropEventPartitionsBefore(r.now - r.failures_millis);
    if (dropped.ok()) {
      removed += *dropped;
    } else {
      partitions = dropped.status();
    }
  }
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
    // Old failures and log messages, found through the application's index
    // on time.
    // On time in the outer statement too, so that PostgreSQL looks only in
    // the partitions that can hold them.
    HW_RETURN_IF_ERROR(remove(
        "DELETE FROM events WHERE at < ? AND id IN (SELECT id FROM events"
        " WHERE application_id = ? AND at < ? AND failure <> 0 LIMIT ?)",
        {r.now - r.failures_millis, app, r.now - r.failures_millis, max_rows}));
    HW_RETURN_IF_ERROR(db_->Write([&](Connection& c) -> Status {
      // Under the application's lock: the writer may be overwriting one of
      // its hits' slots.
      HW_RETURN_IF_ERROR(LockApplication(c, app));
      auto n = TrimHits(c, app, r.keep_events, max_rows);
      if (!n.ok()) return n.status();
      removed += *n;
      return Status::Ok();
    }));
  }
  if (!partitions.ok()) return partitions;
  return removed;
}

}  // namespace hookwarden
