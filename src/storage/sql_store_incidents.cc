// SqlStore: reading incidents, and the rows of incidents and tracked state
// that the unit of work writes (sql_unit_of_work.cc).
#include "storage/sql_store_incidents.h"

#include "storage/multi_row_insert.h"
#include "storage/sql_store.h"
#include "storage/sql_store_incident_filter.h"
#include "storage/sql_store_maintenance.h"

namespace hookwarden {
namespace sql_store_internal {
namespace {

std::optional<int64_t> OptInt(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Int(i);
}
std::optional<std::string> OptText(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Text(i);
}
sql::Value Opt(const std::optional<int64_t>& v) {
  return v ? sql::Value(*v) : sql::Value();
}
sql::Value Opt(const std::optional<std::string>& v) {
  return v ? sql::Value(*v) : sql::Value();
}

const std::string kIncidentColumns = IncidentColumns("i", "a");
// How many columns IncidentColumns names.
constexpr size_t kIncidentColumnCount = 18;

}  // namespace

std::string IncidentColumns(const std::string& incident,
                            const std::string& application) {
  std::string out;
  for (const char* column :
       {"id", "organization_id", "application_id", "", "kind", "severity",
        "status", "cause", "opened_at", "acknowledged_at", "acknowledged_by",
        "resolved_at", "resolved_by", "alert_key", "alert_source",
        "alert_details", "alert_triggers", "alert_last_triggered_at"}) {
    if (!out.empty()) out += ", ";
    out += *column ? incident + "." + column : application + ".slug";
  }
  return out;
}

sql::Value SchedulePeriod(const IncidentRules& rules) {
  return rules.schedule ? rules.schedule->period_seconds : int64_t{0};
}
sql::Value ScheduleCron(const IncidentRules& rules) {
  if (!rules.schedule || rules.schedule->cron.empty()) return sql::Value();
  return rules.schedule->cron;
}
sql::Value ScheduleZone(const IncidentRules& rules) {
  return rules.schedule ? rules.schedule->timezone : std::string("UTC");
}

sql::Value MaxRuntime(const IncidentRules& rules) {
  return Opt(rules.max_runtime_seconds);
}

void ReadSchedule(const Row& r, size_t at, IncidentRules& rules) {
  rules.grace_seconds = r.Int(at + 3);
  rules.max_runtime_seconds = OptInt(r, at + 4);
  if (r.Int(at) <= 0 && r.IsNull(at + 1)) return;
  Schedule s;
  s.period_seconds = r.Int(at);
  if (!r.IsNull(at + 1)) s.cron = r.Text(at + 1);
  s.timezone = r.Text(at + 2);
  rules.schedule = std::move(s);
}

Incident IncidentAt(const Row& r, size_t at) {
  Incident i;
  i.id = r.Text(at);
  i.organization_id = r.Text(at + 1);
  i.application_id = r.Text(at + 2);
  i.application_slug = r.Text(at + 3);
  i.kind = r.Text(at + 4);
  i.severity = r.Text(at + 5);
  i.status = r.Text(at + 6);
  i.cause = OptText(r, at + 7);
  i.opened_at = r.Int(at + 8);
  i.acknowledged_at = OptInt(r, at + 9);
  i.acknowledged_by = OptText(r, at + 10);
  i.resolved_at = OptInt(r, at + 11);
  i.resolved_by = OptText(r, at + 12);
  if (!r.IsNull(at + 13)) {
    i.alert = AlertRecord{r.Text(at + 13), r.Text(at + 14), r.Text(at + 15),
                          r.Int(at + 16), r.Int(at + 17)};
  }
  return i;
}

namespace {

Incident ToIncident(const Row& r) { return IncidentAt(r, 0); }

const std::string& IncidentSelect() {
  static const std::string sql =
      "SELECT " + kIncidentColumns +
      " FROM incidents i JOIN applications a ON a.id = i.application_id";
  return sql;
}

Result<Incident> IncidentById(Connection& c, std::string_view org_id,
                              std::string_view id) {
  return QueryOne<Incident>(
      c, IncidentSelect() + " WHERE i.organization_id = ? AND i.id = ?",
      {S(org_id), S(id)}, ToIncident, "incident");
}

// The incident, read under its application's lock (a write transaction's
// events may be changing it).
Result<Incident> LockedIncident(Connection& c, std::string_view org_id,
                                std::string_view id) {
  auto incident = IncidentById(c, org_id, id);
  if (!incident.ok()) return incident;
  HW_RETURN_IF_ERROR(LockApplication(c, incident->application_id));
  return IncidentById(c, org_id, id);
}

// The application's rules and state, with its open incident.
const std::string& TrackedSelect() {
  static const std::string sql =
      "SELECT a.id, a.organization_id, a.slug, a.failures_to_open,"
      " a.hits_to_close, a.severity, a.no_data_timeout_seconds, a.created_at,"
      " s.failure_streak, s.hit_streak, s.quiet_since, " +
      kIncidentColumns +
      ", (SELECT x.id FROM incidents x WHERE x.application_id = a.id"
      " AND x.alert_key IS NOT NULL AND x.status <> 'resolved'"
      " ORDER BY x.opened_at, x.id LIMIT 1),"
      " a.schedule_period_seconds, a.schedule_cron, a.schedule_timezone,"
      " a.grace_seconds, a.max_runtime_seconds, s.last_report_at"
      " FROM applications a"
      " LEFT JOIN application_states s ON s.application_id = a.id"
      " LEFT JOIN incidents i ON i.id = s.open_incident_id";
  return sql;
}

TrackedApplication ToTracked(const Row& r) {
  TrackedApplication t;
  t.app.id = r.Text(0);
  t.app.organization_id = r.Text(1);
  t.app.slug = r.Text(2);
  t.app.rules = IncidentRules{r.Int(3), r.Int(4), r.Text(5), r.Int(6)};
  t.app.created_at = r.Int(7);
  t.state.failure_streak = r.Int(8);
  t.state.hit_streak = r.Int(9);
  t.state.quiet_since = r.IsNull(10) ? t.app.created_at : r.Int(10);
  if (!r.IsNull(11)) {
    Incident open = IncidentAt(r, 11);
    if (open.open()) t.state.open = std::move(open);
  }
  constexpr size_t kSchedule = 12 + kIncidentColumnCount;
  ReadSchedule(r, kSchedule, t.app.rules);
  if (!r.IsNull(kSchedule + 5)) t.state.last_report_at = r.Int(kSchedule + 5);
  return t;
}

}  // namespace

Result<TrackedApplication> LoadTracked(Connection& c,
                                       const std::string& app_id) {
  auto rows = c.Query(TrackedSelect() + " WHERE a.id = ?", {app_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("application not found");
  TrackedApplication tracked = ToTracked(rows->front());
  // Its oldest open alert's incident, read only when it has one.
  auto open_alert_id = OptText(rows->front(), 11 + kIncidentColumnCount);
  if (!open_alert_id) return tracked;
  auto alert = IncidentById(c, tracked.app.organization_id, *open_alert_id);
  if (!alert.ok()) return alert.status();
  tracked.open_alert = std::move(alert).value();
  return tracked;
}

Result<std::vector<LockedTracked>> LoadTrackedMany(
    Connection& c, const std::vector<std::string>& app_ids, int64_t at) {
  std::vector<LockedTracked> out;
  if (app_ids.empty()) return out;
  // The tracked columns (with the id of the oldest open alert's incident),
  // then whether the application has open runs, its ring's next slot,
  // number and whether it is full, and whether it is in maintenance at `at`.
  // The alerts' incidents are read after, by id, only when there are any:
  // joined here, PostgreSQL could plan the join as a hash of every incident
  // (seen with statistics taken while the table was small).
  static const std::string kSelect = [] {
    const std::string& tracked = TrackedSelect();
    size_t from = tracked.find(" FROM applications a");
    return tracked.substr(0, from) +
           ", EXISTS (SELECT 1 FROM runs r WHERE r.application_id = a.id"
           " AND r.finished_at IS NULL), h.next_slot, h.ring, " +
           RingIsFull("h") + ", " + kInMaintenanceAt + tracked.substr(from) +
           " LEFT JOIN hit_rings h ON h.application_id = a.id WHERE a.id IN ";
  }();
  sql::Params params = {at, at, at, at};
  std::string sql = kSelect + InList(app_ids, params) + " ORDER BY a.id";
  auto rows = c.Query(sql, params);
  if (!rows.ok()) return rows.status();
  constexpr size_t kAlertId = 11 + kIncidentColumnCount;
  constexpr size_t kRuns = kAlertId + 7;
  std::vector<std::string> alert_ids;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    LockedTracked t;
    t.tracked = ToTracked(r);
    if (auto alert = OptText(r, kAlertId)) alert_ids.push_back(*alert);
    t.has_open_runs = r.Int(kRuns) != 0;
    t.next_slot = r.IsNull(kRuns + 1) ? 0 : r.Int(kRuns + 1);
    t.ring = r.IsNull(kRuns + 2) ? 0 : r.Int(kRuns + 2);
    t.ring_full = r.Int(kRuns + 3) != 0;
    t.tracked.in_maintenance = r.Int(kRuns + 4) != 0;
    out.push_back(std::move(t));
  }
  if (alert_ids.empty()) return out;
  sql::Params alert_params;
  auto alerts = QueryAll<Incident>(
      c, IncidentSelect() + " WHERE i.id IN " + InList(alert_ids, alert_params),
      alert_params, ToIncident);
  if (!alerts.ok()) return alerts.status();
  for (LockedTracked& t : out) {
    for (Incident& alert : *alerts) {
      if (alert.application_id == t.tracked.app.id) {
        t.tracked.open_alert = alert;
      }
    }
  }
  return out;
}

Status SaveTrackedState(Connection& c, const std::string& app_id,
                        const TrackedState& s) {
  return c.Send(
      "INSERT INTO application_states (application_id, failure_streak,"
      " hit_streak, quiet_since, open_incident_id, last_report_at)"
      " VALUES (?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (application_id) DO UPDATE SET"
      " failure_streak = excluded.failure_streak,"
      " hit_streak = excluded.hit_streak, quiet_since = excluded.quiet_since,"
      " open_incident_id = excluded.open_incident_id,"
      " last_report_at = excluded.last_report_at",
      {app_id, s.failure_streak, s.hit_streak, s.quiet_since,
       s.open ? sql::Value(s.open->id) : sql::Value(), Opt(s.last_report_at)});
}

Status WriteIncidents(Connection& c, const std::vector<IncidentWrite>& writes) {
  static const std::vector<std::string_view> kColumns = {
      "id",
      "organization_id",
      "application_id",
      "kind",
      "severity",
      "status",
      "cause",
      "opened_at",
      "acknowledged_at",
      "acknowledged_by",
      "resolved_at",
      "resolved_by",
      "alert_key",
      "alert_source",
      "alert_details",
      "alert_triggers",
      "alert_last_triggered_at"};
  std::vector<sql::Params> opened;
  for (const IncidentWrite& w : writes) {
    const Incident& i = *w.incident;
    sql::Value triggers, last_triggered_at;
    if (i.alert) {
      triggers = i.alert->triggers;
      last_triggered_at = i.alert->last_triggered_at;
    }
    // The incidents outlive the statements: their text is viewed.
    if (w.opened) {
      auto alert_text = [&](const std::string AlertRecord::*field) {
        return i.alert ? sql::View((*i.alert).*field) : sql::Value();
      };
      opened.push_back(
          {sql::View(i.id), sql::View(i.organization_id),
           sql::View(i.application_id), sql::View(i.kind),
           sql::View(i.severity), sql::View(i.status), sql::View(i.cause),
           i.opened_at, Opt(i.acknowledged_at), sql::View(i.acknowledged_by),
           Opt(i.resolved_at), sql::View(i.resolved_by),
           alert_text(&AlertRecord::key), alert_text(&AlertRecord::source),
           alert_text(&AlertRecord::details), triggers, last_triggered_at});
      continue;
    }
    // An update names a row: the inserts before it go first.
    HW_RETURN_IF_ERROR(
        sql::InsertRows(c, "incidents", kColumns, std::move(opened)));
    opened.clear();
    HW_RETURN_IF_ERROR(ExecuteOne(
        c,
        "UPDATE incidents SET status = ?, acknowledged_at = ?,"
        " acknowledged_by = ?, resolved_at = ?, resolved_by = ?,"
        " alert_triggers = ?, alert_last_triggered_at = ? WHERE id = ?",
        {i.status, Opt(i.acknowledged_at), Opt(i.acknowledged_by),
         Opt(i.resolved_at), Opt(i.resolved_by), triggers, last_triggered_at,
         i.id},
        "incident"));
  }
  return sql::InsertRows(c, "incidents", kColumns, std::move(opened));
}

Result<std::optional<Incident>> OpenAlertIncident(
    Connection& c, const std::vector<std::string>& application_ids,
    const std::string& key) {
  std::optional<Incident> found;
  for (const std::string& app_id : application_ids) {
    auto rows =
        QueryAll<Incident>(c,
                           IncidentSelect() +
                               " WHERE i.application_id = ? AND i.alert_key = ?"
                               " AND i.status <> 'resolved'",
                           {app_id, key}, ToIncident);
    if (!rows.ok()) return rows.status();
    for (Incident& i : *rows) {
      if (!found || i.opened_at > found->opened_at) found = std::move(i);
    }
  }
  return found;
}

Result<std::vector<Incident>> ListIncidentsOfApplications(
    Connection& c, const ApplicationSet& apps, int64_t from,
    int64_t opened_before) {
  return QueryAll<Incident>(
      c,
      IncidentSelect() + " WHERE " + apps.Of("i.application_id") +
          " AND i.opened_at < ?"
          " AND (i.resolved_at IS NULL OR i.resolved_at >= ?)"
          " ORDER BY i.application_id, i.opened_at, i.id",
      apps.With({opened_before, from}), ToIncident);
}

}  // namespace sql_store_internal

using namespace sql_store_internal;  // NOLINT

Result<std::vector<Incident>> SqlStore::ListIncidents(std::string_view org_id,
                                                      const IncidentQuery& q) {
  SqlFilter filter = IncidentFilter(org_id, q, /*page=*/true);
  std::string sql = IncidentSelect() + filter.where + filter.order + " LIMIT ?";
  filter.params.emplace_back(int64_t{q.limit});
  return InTransaction<std::vector<Incident>>(*db_, false, [&](Connection& c) {
    return QueryAll<Incident>(c, sql, filter.params, ToIncident);
  });
}

Result<Incident> SqlStore::GetIncident(std::string_view org_id,
                                       std::string_view id) {
  return InTransaction<Incident>(
      *db_, false, [&](Connection& c) { return IncidentById(c, org_id, id); });
}

Result<std::vector<std::string>> SqlStore::NoDataCandidates(int64_t now) {
  return InTransaction<std::vector<std::string>>(
      *db_, false, [&](Connection& c) {
        return QueryAll<std::string>(
            c,
            "SELECT a.id FROM applications a"
            " LEFT JOIN application_states s ON s.application_id = a.id"
            " WHERE a.no_data_timeout_seconds > 0"
            " AND s.open_incident_id IS NULL"
            " AND COALESCE(s.quiet_since, a.created_at) +"
            " a.no_data_timeout_seconds * 1000 <= ?"
            " ORDER BY a.id",
            {now}, [](const Row& row) { return row.Text(0); });
      });
}

Result<std::vector<TrackedApplication>> SqlStore::ScheduledApplications() {
  return InTransaction<std::vector<TrackedApplication>>(
      *db_, false, [&](Connection& c) {
        return QueryAll<TrackedApplication>(
            c,
            TrackedSelect() +
                " WHERE (a.schedule_period_seconds > 0"
                " OR a.schedule_cron IS NOT NULL)"
                " AND s.open_incident_id IS NULL ORDER BY a.id",
            {}, ToTracked);
      });
}

Result<std::vector<std::string>> SqlStore::OverdueRunCandidates(int64_t now) {
  return InTransaction<std::vector<std::string>>(
      *db_, false, [&](Connection& c) {
        return QueryAll<std::string>(
            c,
            "SELECT DISTINCT a.id FROM runs r"
            " JOIN applications a ON a.id = r.application_id"
            " WHERE r.finished_at IS NULL AND r.overdue = 0"
            " AND a.max_runtime_seconds IS NOT NULL"
            " AND r.started_at + a.max_runtime_seconds * 1000 <= ?"
            " ORDER BY a.id",
            {now}, [](const Row& row) { return row.Text(0); });
      });
}

Result<std::vector<std::string>> SqlStore::FlappingApplications() {
  return InTransaction<std::vector<std::string>>(
      *db_, false, [&](Connection& c) {
        return QueryAll<std::string>(
            c,
            "SELECT DISTINCT application_id FROM channel_flapping"
            " WHERE flapping = 1 ORDER BY application_id",
            {}, [](const Row& row) { return row.Text(0); });
      });
}

Status SqlStore::WithIncident(
    std::string_view org_id, std::string_view incident_id,
    const std::function<Status(UnitOfWork&, Incident&)>& work) {
  return db_->Write([&](Connection& c) -> Status {
    auto incident = LockedIncident(c, org_id, incident_id);
    if (!incident.ok()) return incident.status();
    SqlUnitOfWork unit(c);
    HW_RETURN_IF_ERROR(work(unit, *incident));
    return unit.Finish();
  });
}

}  // namespace hookwarden
