#include "storage/sql_unit_of_work.h"

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/time_floor.h"
#include "storage/multi_row_insert.h"
#include "storage/sql_events.h"
#include "storage/sql_store_incidents.h"

namespace hookwarden::sql_store_internal {
namespace {

// The columns that events and hit_ring share: what an event brought.
constexpr std::string_view kReportedColumns[] = {
    "at",        "received_at", "latency_ms",       "message",
    "exit_code", "output",      "output_truncated", "duration_ms"};

// The first kHitColumns of kReportedColumns are what any hit may bring;
// the others only a job's run fills.
constexpr size_t kHitColumns = 4;
constexpr size_t kAllColumns = std::size(kReportedColumns);

// `first` followed by the first `count` of kReportedColumns.
std::vector<std::string_view> ColumnsWith(
    std::initializer_list<std::string_view> first, size_t count = kAllColumns) {
  std::vector<std::string_view> columns(first);
  columns.insert(columns.end(), std::begin(kReportedColumns),
                 std::begin(kReportedColumns) + count);
  return columns;
}

// True when the event has nothing in the columns only a job's run fills:
// those hold NULL (and output_truncated 0) as AppendReported would give.
bool IsPlainHit(const Event& e) {
  return !e.exit_code && !e.output && !e.output_truncated && !e.duration_ms;
}

// What the event brought, in kReportedColumns' order: the first `count`
// of them. The events outlive the statements: their text is viewed, not
// copied.
void AppendReported(sql::Params& row, const Event& e,
                    size_t count = kAllColumns) {
  sql::Value values[kAllColumns] = {e.at,
                                    e.received_at,
                                    Optional(e.latency_ms),
                                    sql::View(e.message),
                                    Optional(e.exit_code),
                                    sql::View(e.output),
                                    int64_t{e.output_truncated},
                                    Optional(e.duration_ms)};
  row.insert(row.end(), std::make_move_iterator(values),
             std::make_move_iterator(values + count));
}

// The clause that overwrites a ring slot with a row of the first `count`
// of kReportedColumns: those from the row, the others cleared (NULL, and
// output_truncated 0).
std::string OverwriteSlot(size_t count) {
  std::string sql = "ON CONFLICT (slot_id) DO UPDATE SET ";
  for (size_t i = 0; i < kAllColumns; ++i) {
    std::string_view column = kReportedColumns[i];
    if (i > 0) sql += ", ";
    sql += column;
    sql += " = ";
    if (i < count) {
      sql += "excluded.";
      sql += column;
    } else {
      sql += column == "output_truncated" ? "0" : "NULL";
    }
  }
  return sql;
}

}  // namespace

Result<std::vector<TrackedApplication>> SqlUnitOfWork::LockApplications(
    std::vector<std::string> ids, int64_t at) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  // The locks, in order, then one read of all of them: on PostgreSQL one
  // round trip (the locks do not wait for their answers).
  for (const std::string& id : ids) {
    HW_RETURN_IF_ERROR(LockApplication(c_, id));
  }
  auto loaded = LoadTrackedMany(c_, ids, at);
  if (!loaded.ok()) return loaded.status();
  std::vector<TrackedApplication> out;
  out.reserve(loaded->size());
  for (LockedTracked& t : *loaded) {
    if (!t.has_open_runs) without_open_runs_.insert(t.tracked.app.id);
    rings_[t.tracked.app.id] = {t.ring, t.next_slot, t.ring_full};
    out.push_back(std::move(t.tracked));
  }
  return out;
}

Status SqlUnitOfWork::SaveTrackedState(const std::string& application_id,
                                       const TrackedState& state) {
  return sql_store_internal::SaveTrackedState(c_, application_id, state);
}

Result<std::vector<bool>> SqlUnitOfWork::ClaimIdempotencyKeys(
    const std::vector<IdempotencyClaim>& claims) {
  // The first claim of each key in the list is the one that may insert it.
  std::vector<bool> fresh(claims.size(), false);
  std::map<std::pair<std::string_view, std::string_view>, size_t> first;
  std::vector<size_t> order;
  for (size_t i = 0; i < claims.size(); ++i) {
    if (first.try_emplace({claims[i].application_id, claims[i].key}, i)
            .second) {
      order.push_back(i);
    }
  }
  // Inserted rows come back: those keys were not seen before.
  static const std::vector<std::string_view> kColumns = {"application_id",
                                                         "key", "created_at"};
  size_t next = 0;
  for (size_t n : sql::InsertChunks(order.size())) {
    sql::Params params;
    params.reserve(n * 3);
    for (size_t k = next; k < next + n; ++k) {
      const IdempotencyClaim& c = claims[order[k]];
      params.insert(params.end(), {S(c.application_id), S(c.key), c.at});
    }
    next += n;
    auto inserted = c_.Query(
        sql::MultiRowInsert("idempotency_keys", kColumns, n,
                            "ON CONFLICT (application_id, key) DO NOTHING"
                            " RETURNING application_id, key"),
        params);
    if (!inserted.ok()) return inserted.status();
    for (const Row& r : *inserted) {
      std::string app = r.Text(0), key = r.Text(1);
      auto found = first.find({app, key});
      if (found != first.end()) fresh[found->second] = true;
    }
  }
  return fresh;
}

Status SqlUnitOfWork::KeepEvents(const std::vector<const Event*>& events) {
  std::vector<bool> keep = RowsToKeep(events);
  // Log messages are kept like failures: each its own row, until the
  // failures' retention ends.
  auto row = [](const Event& e) {
    sql::Params r = {sql::View(e.organization_id), sql::View(e.application_id),
                     static_cast<int64_t>(StatusOf(e))};
    AppendReported(r, e);
    return r;
  };
  std::vector<sql::Params> failures;
  std::map<std::string_view, std::vector<const Event*>> hits;
  for (size_t i = 0; i < events.size(); ++i) {
    if (!keep[i]) continue;
    if (events[i]->failure || events[i]->log) {
      failures.push_back(row(*events[i]));
    } else {
      hits[events[i]->application_id].push_back(events[i]);
    }
  }
  static const std::vector<std::string_view> kColumns =
      ColumnsWith({"organization_id", "application_id", "failure"});
  HW_RETURN_IF_ERROR(
      sql::InsertRows(c_, "events", kColumns, std::move(failures)));
  if (hits.empty()) return Status::Ok();
  // Each application's hits take the next slots of its ring (table
  // hit_ring), the oldest first: at most kKeptEventsPerApplication of them
  // (so no slot twice). A slot's row is found by its key, slot_id: the
  // ring's number times kSlotIdsPerRing plus the slot. A slot that holds a
  // hit is overwritten in place, keeping its id; the others are filled
  // through the view new_hits, which gives each hit the events' next id.
  // A slot's row holds what its hit brought, without its application,
  // organization or slot, which its key names.
  // A plain hit (IsPlainHit) overwrites its slot through a statement that
  // carries only the columns a hit fills, and clears the others: fewer
  // values to bind and copy, for what most slots get.
  std::vector<sql::Params> overwritten, overwritten_plain, filled;
  for (auto& [app, list] : hits) {
    auto found = rings_.find(app);
    if (found == rings_.end()) found = rings_.emplace(S(app), Ring{}).first;
    Ring& ring = found->second;
    if (ring.number == 0) {
      // Not locked by this unit, or its application has no ring row (each
      // gets one when it is made): read, or made, here.
      static const std::string kReadOrMake =
          "INSERT INTO hit_rings (application_id, next_slot) VALUES (?, 0)"
          " ON CONFLICT (application_id) DO UPDATE SET next_slot ="
          " hit_rings.next_slot RETURNING ring, next_slot, " +
          RingIsFull("hit_rings");
      auto read = c_.Query(kReadOrMake, {S(app)});
      if (!read.ok()) return read.status();
      if (read->size() != 1) return Status::Internal("no ring for " + S(app));
      const Row& r = read->front();
      ring = {r.Int(0), r.Int(1), r.Int(2) != 0};
    }
    std::sort(list.begin(), list.end(),
              [](const Event* x, const Event* y) { return x->at < y->at; });
    for (const Event* e : list) {
      sql::Params r = {ring.number * kSlotIdsPerRing + ring.next_slot};
      if (ring.full && IsPlainHit(*e)) {
        AppendReported(r, *e, kHitColumns);
        overwritten_plain.push_back(std::move(r));
      } else {
        AppendReported(r, *e);
        (ring.full ? overwritten : filled).push_back(std::move(r));
      }
      ring.next_slot = (ring.next_slot + 1) % kKeptEventsPerApplication;
      // Slots fill in order: back at the first, the ring is full.
      if (ring.next_slot == 0) ring.full = true;
    }
    // The row is there (read with the lock, or made above), found by its
    // unique number (SQLite's rowid).
    HW_RETURN_IF_ERROR(
        c_.Send("UPDATE hit_rings SET next_slot = ? WHERE ring = ?",
                {ring.next_slot, ring.number}));
  }
  static const std::vector<std::string_view> kRingColumns =
      ColumnsWith({"slot_id"});
  HW_RETURN_IF_ERROR(
      sql::InsertRows(c_, "new_hits", kRingColumns, std::move(filled)));
  static const std::vector<std::string_view> kPlainColumns =
      ColumnsWith({"slot_id"}, kHitColumns);
  static const std::string kOverwritePlain = OverwriteSlot(kHitColumns);
  static const std::string kOverwrite = OverwriteSlot(kAllColumns);
  HW_RETURN_IF_ERROR(sql::InsertRows(c_, "hit_ring", kPlainColumns,
                                     std::move(overwritten_plain),
                                     kOverwritePlain));
  HW_RETURN_IF_ERROR(sql::InsertRows(c_, "hit_ring", kRingColumns,
                                     std::move(overwritten), kOverwrite));
  return Status::Ok();
}

Status SqlUnitOfWork::AddCounts(const std::vector<MinuteCounts>& counts) {
  // One statement per table that adds to the rows already there: nothing
  // is read first, and nothing waits for an answer.
  std::map<std::pair<std::string_view, int64_t>, EventCounts> minutes;
  for (const MinuteCounts& m : counts) {
    minutes[{m.application_id, m.minute}].Merge(m.counts);
  }
  std::map<std::pair<std::string_view, int64_t>, EventCounts> hours;
  for (const auto& [key, delta] : minutes) {
    hours[{key.first, FloorTo(key.second, kHourMillis)}].Merge(delta);
  }
  using Rows =
      std::vector<std::pair<std::pair<std::string_view, int64_t>, EventCounts>>;
  HW_RETURN_IF_ERROR(
      AddToAggregates(c_, Minutes(), Rows(minutes.begin(), minutes.end())));
  return AddToAggregates(c_, Hours(), Rows(hours.begin(), hours.end()));
}

Status SqlUnitOfWork::RecordCredentialUses(
    const std::vector<CredentialUse>& uses) {
  uses_.insert(uses_.end(), uses.begin(), uses.end());
  return Status::Ok();
}

Status SqlUnitOfWork::SendCredentialUses() {
  std::vector<CredentialUse> uses = std::move(uses_);
  uses_.clear();
  for (const CredentialUse& u : uses) {
    HW_RETURN_IF_ERROR(c_.Send(
        "UPDATE integration_tokens SET use_count = use_count + ?,"
        " throttled_count = throttled_count + ?,"
        " last_used_at = CASE WHEN ? > 0 THEN ? ELSE last_used_at END,"
        " last_used_from = CASE WHEN ? > 0 THEN ? ELSE last_used_from END"
        " WHERE id = ?",
        {u.requests, u.throttled, u.requests, u.last_at, u.requests,
         u.last_from, u.credential_id}));
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

Result<std::optional<Incident>> SqlUnitOfWork::OpenAlertIncident(
    const std::vector<std::string>& application_ids, const std::string& key) {
  return sql_store_internal::OpenAlertIncident(c_, application_ids, key);
}

Result<std::vector<Run>> SqlUnitOfWork::OpenRunsOf(
    const std::string& application_id) {
  // Known when it was locked, and no run started since.
  if (without_open_runs_.count(application_id)) return std::vector<Run>();
  return QueryAll<Run>(
      c_,
      "SELECT id, organization_id, application_id, run_id, started_at,"
      " overdue FROM runs WHERE application_id = ? AND finished_at IS NULL"
      " ORDER BY started_at, id",
      {application_id}, [](const Row& r) {
        Run run;
        run.id = r.Text(0);
        run.organization_id = r.Text(1);
        run.application_id = r.Text(2);
        if (!r.IsNull(3)) run.run_id = r.Text(3);
        run.started_at = r.Int(4);
        run.overdue = r.Int(5) != 0;
        return run;
      });
}

Status SqlUnitOfWork::InsertRun(const Run& run) {
  without_open_runs_.erase(run.application_id);
  return Done(c_.Execute(
      "INSERT INTO runs (id, organization_id, application_id, run_id,"
      " started_at, overdue) VALUES (?, ?, ?, ?, ?, ?)",
      {run.id, run.organization_id, run.application_id, Optional(run.run_id),
       run.started_at, int64_t{run.overdue}}));
}

Status SqlUnitOfWork::FinishRun(const std::string& id, int64_t finished_at,
                                int64_t duration_ms, bool failed,
                                std::optional<int64_t> exit_code) {
  return Done(c_.Execute(
      "UPDATE runs SET finished_at = ?, duration_ms = ?, failed = ?,"
      " exit_code = ? WHERE id = ?",
      {finished_at, duration_ms, int64_t{failed}, Optional(exit_code), id}));
}

Status SqlUnitOfWork::DeleteRun(const std::string& id) {
  return Done(c_.Execute("DELETE FROM runs WHERE id = ?", {id}));
}

Status SqlUnitOfWork::MarkRunOverdue(const std::string& id) {
  return Done(c_.Execute("UPDATE runs SET overdue = 1 WHERE id = ?", {id}));
}

Status SqlUnitOfWork::WriteIncident(const Incident& incident, bool opened) {
  return sql_store_internal::WriteIncidents(c_, {{&incident, opened}});
}

Status SqlUnitOfWork::WriteIncidents(const std::vector<IncidentWrite>& writes) {
  return sql_store_internal::WriteIncidents(c_, writes);
}

Status SqlUnitOfWork::RecordAudit(const AuditEntry& audit) {
  return InsertAudit(c_, audit);
}

}  // namespace hookwarden::sql_store_internal
