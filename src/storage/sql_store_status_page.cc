// SqlStore: the public status page's settings, its badge key and what
// admins publish about incidents.
#include "storage/sql_events.h"
#include "storage/sql_store.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

// The organization with its settings, if any (columns 3 on are null
// without them).
const std::string kPageSelect =
    "SELECT o.id, o.slug, o.name, s.organization_id, s.enabled, s.title,"
    " s.description, s.badge_key_hint, s.badge_key_created_at,"
    " s.updated_by, s.updated_at FROM organizations o"
    " LEFT JOIN status_pages s ON s.organization_id = o.id";

StatusPage ToPage(const Row& r) {
  StatusPage page = DefaultStatusPage(r.Text(0), r.Text(1), r.Text(2));
  if (r.IsNull(3)) return page;
  page.enabled = r.Int(4) != 0;
  page.title = r.Text(5);
  if (!r.IsNull(6)) page.description = r.Text(6);
  if (!r.IsNull(7)) page.badge_key_hint = r.Text(7);
  if (!r.IsNull(8)) page.badge_key_created_at = r.Int(8);
  page.updated_by = r.Text(9);
  page.updated_at = r.Int(10);
  return page;
}

StatusPageProduct ToProduct(const Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2)};
}

// The page of the one organization `where` (on o) selects, with its
// products.
Result<StatusPage> ReadPage(Connection& c, const std::string& where,
                            const sql::Params& params) {
  auto page = QueryOne<StatusPage>(c, kPageSelect + " WHERE " + where, params,
                                   ToPage, "status page");
  if (!page.ok()) return page;
  auto products = QueryAll<StatusPageProduct>(
      c,
      "SELECT p.id, p.slug, p.name FROM status_page_products sp JOIN"
      " products p ON p.id = sp.product_id WHERE sp.organization_id = ?"
      " ORDER BY sp.position",
      {page->organization_id}, ToProduct);
  if (!products.ok()) return products.status();
  page->products = std::move(products).value();
  return page;
}

// Makes sure the organization has a settings row (the defaults when new).
Status EnsurePageRow(Connection& c, const StatusPage& defaults) {
  return Done(
      c.Execute("INSERT INTO status_pages (organization_id, enabled, title,"
                " updated_by, updated_at) VALUES (?, 0, ?, '', 0)"
                " ON CONFLICT (organization_id) DO NOTHING",
                {defaults.organization_id, defaults.title}));
}

}  // namespace

Result<StatusPage> SqlStore::GetStatusPage(std::string_view org_id) {
  return InTransaction<StatusPage>(*db_, false, [&](Connection& c) {
    return ReadPage(c, "o.id = ?", {S(org_id)});
  });
}

Result<StatusPage> SqlStore::PutStatusPage(const StatusPage& page,
                                           const AuditEntry& audit) {
  return InTransaction<StatusPage>(
      *db_, true, [&](Connection& c) -> Result<StatusPage> {
        HW_RETURN_IF_ERROR(LockOrganization(c, page.organization_id));
        auto current = ReadPage(c, "o.id = ?", {page.organization_id});
        if (!current.ok()) return current;
        HW_RETURN_IF_ERROR(EnsurePageRow(c, *current));
        HW_RETURN_IF_ERROR(ExecuteOne(
            c,
            "UPDATE status_pages SET enabled = ?, title = ?, description = ?,"
            " updated_by = ?, updated_at = ? WHERE organization_id = ?",
            {int64_t{page.enabled ? 1 : 0}, page.title,
             Optional(page.description), page.updated_by, page.updated_at,
             page.organization_id},
            "status page"));
        HW_RETURN_IF_ERROR(Done(
            c.Execute("DELETE FROM status_page_products WHERE organization_id"
                      " = ?",
                      {page.organization_id})));
        int64_t position = 0;
        for (const StatusPageProduct& p : page.products) {
          HW_RETURN_IF_ERROR(Done(
              c.Execute("INSERT INTO status_page_products (organization_id,"
                        " product_id, position) VALUES (?, ?, ?)"
                        " ON CONFLICT DO NOTHING",
                        {page.organization_id, p.id, position++})));
        }
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return ReadPage(c, "o.id = ?", {page.organization_id});
      });
}

Result<StatusPage> SqlStore::ReplaceBadgeKey(std::string_view org_id,
                                             std::string_view key_hash,
                                             std::string_view hint, int64_t now,
                                             const AuditEntry& audit) {
  return InTransaction<StatusPage>(
      *db_, true, [&](Connection& c) -> Result<StatusPage> {
        HW_RETURN_IF_ERROR(LockOrganization(c, org_id));
        auto current = ReadPage(c, "o.id = ?", {S(org_id)});
        if (!current.ok()) return current;
        HW_RETURN_IF_ERROR(EnsurePageRow(c, *current));
        const bool removed = key_hash.empty();
        HW_RETURN_IF_ERROR(ExecuteOne(
            c,
            "UPDATE status_pages SET badge_key_hash = ?, badge_key_hint = ?,"
            " badge_key_created_at = ? WHERE organization_id = ?",
            {removed ? sql::Value() : S(key_hash),
             removed ? sql::Value() : S(hint),
             removed ? sql::Value() : sql::Value(now), S(org_id)},
            "status page"));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return ReadPage(c, "o.id = ?", {S(org_id)});
      });
}

Result<StatusPage> SqlStore::FindStatusPage(std::string_view org_slug) {
  return InTransaction<StatusPage>(*db_, false, [&](Connection& c) {
    return ReadPage(c, "o.slug = ?", {S(org_slug)});
  });
}

Result<StatusPage> SqlStore::FindStatusPageByBadgeKey(
    std::string_view key_hash) {
  return InTransaction<StatusPage>(*db_, false, [&](Connection& c) {
    return ReadPage(c, "s.badge_key_hash = ?", {S(key_hash)});
  });
}

Status SqlStore::PublishIncident(std::string_view org_id,
                                 std::string_view incident_id,
                                 const IncidentPublication& p,
                                 const AuditEntry& audit) {
  return InTransaction<bool>(
             *db_, true,
             [&](Connection& c) -> Result<bool> {
               Status error;
               if (!Exists(c,
                           "SELECT 1 FROM incidents WHERE organization_id = ?"
                           " AND id = ?",
                           {S(org_id), S(incident_id)}, &error)) {
                 if (!error.ok()) return error;
                 return Status::NotFound("incident not found");
               }
               HW_RETURN_IF_ERROR(Done(c.Execute(
                   "INSERT INTO incident_publications (incident_id,"
                   " organization_id, public_note, publish_cause, updated_by,"
                   " updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (incident_id) DO UPDATE SET public_note ="
                   " excluded.public_note, publish_cause ="
                   " excluded.publish_cause, updated_by = excluded.updated_by,"
                   " updated_at = excluded.updated_at",
                   {S(incident_id), S(org_id), Optional(p.public_note),
                    int64_t{p.publish_cause ? 1 : 0}, p.updated_by,
                    p.updated_at})));
               HW_RETURN_IF_ERROR(InsertAudit(c, audit));
               return true;
             })
      .status();
}

Result<std::map<std::string, IncidentPublication>>
SqlStore::IncidentPublications(std::string_view org_id,
                               const std::vector<std::string>& incident_ids) {
  if (incident_ids.size() > 1000) {
    return Status::Internal("at most 1000 incidents a call");
  }
  return InTransaction<std::map<std::string, IncidentPublication>>(
      *db_, false,
      [&](Connection& c) -> Result<std::map<std::string, IncidentPublication>> {
        std::map<std::string, IncidentPublication> out;
        if (incident_ids.empty()) return out;
        std::string sql =
            "SELECT incident_id, public_note, publish_cause, updated_by,"
            " updated_at FROM incident_publications WHERE organization_id = ?"
            " AND incident_id IN (";
        sql::Params params{S(org_id)};
        for (size_t i = 0; i < incident_ids.size(); ++i) {
          sql += i ? ", ?" : "?";
          params.emplace_back(incident_ids[i]);
        }
        sql += ")";
        auto rows = c.Query(sql, params);
        if (!rows.ok()) return rows.status();
        for (const Row& r : *rows) {
          IncidentPublication p;
          if (!r.IsNull(1)) p.public_note = r.Text(1);
          p.publish_cause = r.Int(2) != 0;
          p.updated_by = r.Text(3);
          p.updated_at = r.Int(4);
          out.emplace(r.Text(0), std::move(p));
        }
        return out;
      });
}

}  // namespace hookwarden
