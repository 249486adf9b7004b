// SqlStore: maintenance windows with the applications and products they
// name.
#include "storage/sql_store_maintenance.h"

#include "storage/sql_store.h"
#include "storage/sql_unit_of_work.h"

namespace hookwarden {
namespace sql_store_internal {

Result<std::vector<std::pair<std::string, Span>>> MaintenanceSpans(
    Connection& c, const ApplicationSet& apps, int64_t from, int64_t to) {
  // The windows naming the application, or its product.
  auto rows = c.Query(
      "SELECT a.id, w.starts_at, w.ends_at FROM applications a JOIN"
      " maintenance_windows w ON (w.id IN (SELECT window_id FROM"
      " maintenance_applications WHERE application_id = a.id) OR w.id IN"
      " (SELECT window_id FROM maintenance_products WHERE product_id ="
      " a.product_id)) WHERE " +
          apps.Of("a.id") + " AND w.ends_at > ? AND w.starts_at < ?",
      apps.With({from, to}));
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<std::string, Span>> spans;
  for (const Row& r : *rows) {
    spans.emplace_back(r.Text(0), Span{r.Int(1), r.Int(2)});
  }
  return spans;
}

Result<bool> SqlUnitOfWork::ClaimMaintenanceNotice(const std::string& window_id,
                                                   bool end) {
  auto changed =
      c_.Execute(end ? "UPDATE maintenance_windows SET ended_told = 1"
                       " WHERE id = ? AND ended_told = 0"
                     : "UPDATE maintenance_windows SET started_told = 1"
                       " WHERE id = ? AND started_told = 0",
                 {window_id});
  if (!changed.ok()) return changed.status();
  return *changed > 0;
}

}  // namespace sql_store_internal

namespace {

using namespace sql_store_internal;  // NOLINT

const std::string kWindowSelect =
    "SELECT w.id, w.organization_id, w.reason, w.starts_at, w.ends_at,"
    " w.created_by, w.created_at, w.updated_at, w.started_told,"
    " w.ended_told FROM maintenance_windows w";

MaintenanceWindow ToWindow(const Row& r) {
  MaintenanceWindow w;
  w.id = r.Text(0);
  w.organization_id = r.Text(1);
  w.reason = r.Text(2);
  w.starts_at = r.Int(3);
  w.ends_at = r.Int(4);
  w.created_by = r.Text(5);
  w.created_at = r.Int(6);
  w.updated_at = r.Int(7);
  return w;
}

MaintenanceTarget ToTarget(const Row& r) { return {r.Text(0), r.Text(1)}; }

// Fills the window's applications and products, by slug.
Status ReadTargets(Connection& c, MaintenanceWindow& w) {
  auto apps = QueryAll<MaintenanceTarget>(
      c,
      "SELECT a.id, a.slug FROM maintenance_applications m JOIN applications"
      " a ON a.id = m.application_id WHERE m.window_id = ? ORDER BY a.slug",
      {w.id}, ToTarget);
  if (!apps.ok()) return apps.status();
  w.applications = std::move(apps).value();
  auto products = QueryAll<MaintenanceTarget>(
      c,
      "SELECT p.id, p.slug FROM maintenance_products m JOIN products p ON"
      " p.id = m.product_id WHERE m.window_id = ? ORDER BY p.slug",
      {w.id}, ToTarget);
  if (!products.ok()) return products.status();
  w.products = std::move(products).value();
  return Status::Ok();
}

Result<MaintenanceWindow> WindowById(Connection& c, std::string_view org_id,
                                     std::string_view id) {
  auto w = QueryOne<MaintenanceWindow>(
      c, kWindowSelect + " WHERE w.organization_id = ? AND w.id = ?",
      {S(org_id), S(id)}, ToWindow, "maintenance window");
  if (!w.ok()) return w;
  HW_RETURN_IF_ERROR(ReadTargets(c, *w));
  return w;
}

Status WriteTargets(Connection& c, const MaintenanceWindow& w) {
  HW_RETURN_IF_ERROR(Done(c.Execute(
      "DELETE FROM maintenance_applications WHERE window_id = ?", {w.id})));
  HW_RETURN_IF_ERROR(Done(c.Execute(
      "DELETE FROM maintenance_products WHERE window_id = ?", {w.id})));
  for (const MaintenanceTarget& a : w.applications) {
    HW_RETURN_IF_ERROR(Done(c.Execute(
        "INSERT INTO maintenance_applications (window_id, application_id)"
        " VALUES (?, ?) ON CONFLICT DO NOTHING",
        {w.id, a.id})));
  }
  for (const MaintenanceTarget& p : w.products) {
    HW_RETURN_IF_ERROR(Done(
        c.Execute("INSERT INTO maintenance_products (window_id, product_id)"
                  " VALUES (?, ?) ON CONFLICT DO NOTHING",
                  {w.id, p.id})));
  }
  return Status::Ok();
}

}  // namespace

Result<MaintenanceWindow> SqlStore::CreateMaintenanceWindow(
    const MaintenanceWindow& w, const AuditEntry& audit) {
  return InTransaction<MaintenanceWindow>(
      *db_, true, [&](Connection& c) -> Result<MaintenanceWindow> {
        HW_RETURN_IF_ERROR(LockOrganization(c, w.organization_id));
        auto count = c.Query(
            "SELECT COUNT(*) FROM maintenance_windows WHERE organization_id "
            "= ?",
            {w.organization_id});
        if (!count.ok()) return count.status();
        if (count->front().Int(0) >= kMaxMaintenanceWindows) {
          return Status::Conflict(
              "the organization keeps " +
              std::to_string(kMaxMaintenanceWindows) +
              " maintenance windows already: delete past ones first");
        }
        HW_RETURN_IF_ERROR(Done(c.Execute(
            "INSERT INTO maintenance_windows (id, organization_id, reason,"
            " starts_at, ends_at, created_by, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {w.id, w.organization_id, w.reason, w.starts_at, w.ends_at,
             w.created_by, w.created_at, w.updated_at})));
        HW_RETURN_IF_ERROR(WriteTargets(c, w));
        HW_RETURN_IF_ERROR(InsertAudit(c, WithTarget(audit, w.id)));
        return WindowById(c, w.organization_id, w.id);
      });
}

Result<std::vector<MaintenanceWindow>> SqlStore::ListMaintenanceWindows(
    std::string_view org_id, const MaintenanceQuery& q) {
  return InTransaction<std::vector<MaintenanceWindow>>(
      *db_, false,
      [&](Connection& c) -> Result<std::vector<MaintenanceWindow>> {
        std::string sql = kWindowSelect + " WHERE w.organization_id = ?";
        sql::Params params{S(org_id)};
        if (q.active_at) {
          sql += " AND w.starts_at <= ? AND w.ends_at > ?";
          params.push_back(*q.active_at);
          params.push_back(*q.active_at);
        }
        if (q.after) {
          AppendBefore(sql, params, "w.starts_at", "w.id", q.after->first,
                       q.after->second);
        }
        sql += " ORDER BY w.starts_at DESC, w.id DESC LIMIT ?";
        params.push_back(int64_t{q.limit});
        auto windows = QueryAll<MaintenanceWindow>(c, sql, params, ToWindow);
        if (!windows.ok()) return windows;
        for (MaintenanceWindow& w : *windows) {
          HW_RETURN_IF_ERROR(ReadTargets(c, w));
        }
        return windows;
      });
}

Result<MaintenanceWindow> SqlStore::GetMaintenanceWindow(
    std::string_view org_id, std::string_view window_id) {
  return InTransaction<MaintenanceWindow>(*db_, false, [&](Connection& c) {
    return WindowById(c, org_id, window_id);
  });
}

Result<MaintenanceWindow> SqlStore::UpdateMaintenanceWindow(
    const MaintenanceWindow& w, int64_t now, const AuditEntry& audit) {
  return InTransaction<MaintenanceWindow>(
      *db_, true, [&](Connection& c) -> Result<MaintenanceWindow> {
        HW_RETURN_IF_ERROR(ExecuteOne(
            c,
            "UPDATE maintenance_windows SET reason = ?, starts_at = ?,"
            " ends_at = ?, updated_at = ?,"
            " started_told = CASE WHEN ? > ? THEN 0 ELSE started_told END,"
            " ended_told = CASE WHEN ? > ? THEN 0 ELSE ended_told END"
            " WHERE organization_id = ? AND id = ?",
            {w.reason, w.starts_at, w.ends_at, w.updated_at, w.starts_at, now,
             w.ends_at, now, w.organization_id, w.id},
            "maintenance window"));
        HW_RETURN_IF_ERROR(WriteTargets(c, w));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return WindowById(c, w.organization_id, w.id);
      });
}

Status SqlStore::DeleteMaintenanceWindow(std::string_view org_id,
                                         std::string_view window_id,
                                         const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    HW_RETURN_IF_ERROR(ExecuteOne(
        c,
        "DELETE FROM maintenance_windows WHERE organization_id = ? AND id = ?",
        {S(org_id), S(window_id)}, "maintenance window"));
    return InsertAudit(c, audit);
  });
}

Result<std::set<std::string>> SqlStore::ApplicationsInMaintenance(
    std::string_view org_id, int64_t at) {
  return InTransaction<std::set<std::string>>(
      *db_, false, [&](Connection& c) -> Result<std::set<std::string>> {
        auto rows = c.Query(
            "SELECT m.application_id FROM maintenance_applications m JOIN"
            " maintenance_windows w ON w.id = m.window_id"
            " WHERE w.organization_id = ? AND w.starts_at <= ? AND"
            " w.ends_at > ?"
            " UNION SELECT a.id FROM applications a JOIN maintenance_products"
            " m ON m.product_id = a.product_id JOIN maintenance_windows w ON"
            " w.id = m.window_id WHERE w.organization_id = ? AND"
            " w.starts_at <= ? AND w.ends_at > ?",
            {S(org_id), at, at, S(org_id), at, at});
        if (!rows.ok()) return rows.status();
        std::set<std::string> ids;
        for (const Row& r : *rows) ids.insert(r.Text(0));
        return ids;
      });
}

Result<std::vector<MaintenanceNotice>> SqlStore::DueMaintenanceNotices(
    int64_t now, int limit) {
  return InTransaction<std::vector<MaintenanceNotice>>(
      *db_, false,
      [&](Connection& c) -> Result<std::vector<MaintenanceNotice>> {
        auto rows =
            c.Query(kWindowSelect +
                        " WHERE (w.started_told = 0 AND w.starts_at <= ?)"
                        " OR (w.ended_told = 0 AND w.ends_at <= ?)"
                        " ORDER BY w.starts_at, w.id LIMIT ?",
                    {now, now, int64_t{limit}});
        if (!rows.ok()) return rows.status();
        std::vector<MaintenanceNotice> due;
        for (const Row& r : *rows) {
          MaintenanceNotice n;
          n.window = ToWindow(r);
          n.started_told = r.Int(8) != 0;
          n.ended_told = r.Int(9) != 0;
          HW_RETURN_IF_ERROR(ReadTargets(c, n.window));
          auto apps = c.Query(
              "SELECT m.application_id FROM maintenance_applications m"
              " WHERE m.window_id = ? UNION SELECT a.id FROM applications a"
              " JOIN maintenance_products m ON m.product_id = a.product_id"
              " WHERE m.window_id = ? ORDER BY 1",
              {n.window.id, n.window.id});
          if (!apps.ok()) return apps.status();
          for (const Row& a : *apps) n.application_ids.push_back(a.Text(0));
          due.push_back(std::move(n));
        }
        return due;
      });
}

}  // namespace hookwarden
