#include "storage/sql_unit_of_work.h"

#include <algorithm>
#include <map>

#include "storage/multi_row_insert.h"
#include "storage/sql_events.h"
#include "storage/sql_store_incidents.h"

namespace hookwarden::sql_store_internal {

bool HitTrimSchedule::Due(const std::string& application_id, int64_t rows) {
  std::lock_guard lock(mutex_);
  int64_t& since = rows_[application_id];
  since += rows;
  if (since < kTrimEveryRows) return false;
  since = 0;
  return true;
}

Result<std::vector<TrackedApplication>> SqlUnitOfWork::LockApplications(
    std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<TrackedApplication> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    HW_RETURN_IF_ERROR(LockApplication(c_, id));
    auto tracked = LoadTracked(c_, id);
    if (tracked.ok()) {
      out.push_back(std::move(tracked).value());
    } else if (tracked.status().code() != ErrorCode::kNotFound) {
      return tracked.status();
    }
  }
  return out;
}

Status SqlUnitOfWork::SaveTrackedState(const std::string& application_id,
                                       const TrackedState& state) {
  return sql_store_internal::SaveTrackedState(c_, application_id, state);
}

Result<bool> SqlUnitOfWork::ClaimIdempotencyKey(
    const std::string& application_id, const std::string& key, int64_t at) {
  auto inserted = c_.Execute(
      "INSERT INTO idempotency_keys (application_id, key, created_at)"
      " VALUES (?, ?, ?) ON CONFLICT (application_id, key) DO NOTHING",
      {application_id, key, at});
  if (!inserted.ok()) return inserted.status();
  return *inserted != 0;
}

Status SqlUnitOfWork::KeepEvents(const std::vector<const Event*>& events) {
  std::vector<bool> keep = RowsToKeep(events);
  std::vector<sql::Params> rows;
  std::map<std::string_view, int64_t> hit_rows;
  for (size_t i = 0; i < events.size(); ++i) {
    if (!keep[i]) continue;
    const Event& e = *events[i];
    rows.push_back({e.organization_id, e.application_id, int64_t{e.failure},
                    e.at, e.received_at, Optional(e.latency_ms),
                    Optional(e.message)});
    if (!e.failure) ++hit_rows[e.application_id];
  }
  HW_RETURN_IF_ERROR(
      sql::InsertRows(c_, "events",
                      {"organization_id", "application_id", "failure", "at",
                       "received_at", "latency_ms", "message"},
                      rows));
  // Hits beyond the newest kept events go a little at a time, with the
  // commits that push them out, rather than in one long pass later.
  for (const auto& [app, n] : hit_rows) {
    if (!trims_.Due(S(app), n)) continue;
    HW_RETURN_IF_ERROR(
        Done(TrimHits(c_, S(app), kKeptEventsPerApplication, -1)));
  }
  return Status::Ok();
}

Status SqlUnitOfWork::AddCounts(const std::vector<MinuteCounts>& counts) {
  std::map<std::pair<std::string_view, int64_t>, EventCounts> minutes;
  for (const MinuteCounts& m : counts) {
    minutes[{m.application_id, m.minute}].Merge(m.counts);
  }
  std::map<std::pair<std::string_view, int64_t>, EventCounts> hours;
  for (const auto& [key, delta] : minutes) {
    HW_RETURN_IF_ERROR(
        AddToAggregate(c_, Minutes(), S(key.first), key.second, delta));
    hours[{key.first, StartOf(key.second, kHourMillis)}].Merge(delta);
  }
  for (const auto& [key, delta] : hours) {
    HW_RETURN_IF_ERROR(
        AddToAggregate(c_, Hours(), S(key.first), key.second, delta));
  }
  return Status::Ok();
}

Status SqlUnitOfWork::RecordCredentialUses(
    const std::vector<CredentialUse>& uses) {
  for (const CredentialUse& u : uses) {
    HW_RETURN_IF_ERROR(Done(c_.Execute(
        "UPDATE integration_tokens SET use_count = use_count + ?,"
        " throttled_count = throttled_count + ?,"
        " last_used_at = CASE WHEN ? > 0 THEN ? ELSE last_used_at END,"
        " last_used_from = CASE WHEN ? > 0 THEN ? ELSE last_used_from END"
        " WHERE id = ?",
        {u.requests, u.throttled, u.requests, u.last_at, u.requests,
         u.last_from, u.credential_id})));
  }
  return Status::Ok();
}

Result<std::pair<Deploy, bool>> SqlUnitOfWork::UpsertDeploy(const Deploy& d) {
  auto existing = c_.Query(
      "SELECT created_at FROM deploys WHERE application_id = ? AND id = ?",
      {d.application_id, d.id});
  if (!existing.ok()) return existing.status();
  bool created = existing->empty();
  Deploy stored = d;
  if (!created) stored.created_at = existing->front().Int(0);
  HW_RETURN_IF_ERROR(Done(c_.Execute(
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
      {stored.id, stored.organization_id, stored.application_id, stored.version,
       Optional(stored.commit), Optional(stored.commit_at),
       Optional(stored.description), stored.environment, stored.status,
       Optional(stored.started_at), Optional(stored.finished_at),
       stored.created_at, stored.updated_at,
       stored.finished_at.value_or(stored.created_at)})));
  return std::pair<Deploy, bool>{std::move(stored), created};
}

Status SqlUnitOfWork::WriteIncident(const Incident& incident, bool opened) {
  return sql_store_internal::WriteIncident(c_, incident, opened);
}

Status SqlUnitOfWork::RecordAudit(const AuditEntry& audit) {
  return InsertAudit(c_, audit);
}

}  // namespace hookwarden::sql_store_internal
