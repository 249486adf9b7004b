// SqlStore: applications, with the links to their credentials and their
// deploy tokens.
#include "storage/sql_helpers.h"
#include "storage/sql_store.h"
#include "storage/sql_store_incidents.h"
#include "storage/sql_store_tokens.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

// With the application's open incident, if any (columns from 18 on): the
// one its rules opened, else its oldest open alert.
const std::string kApplicationSelect =
    "SELECT a.id, a.organization_id, a.product_id, p.slug, a.name, a.slug,"
    " a.failures_to_open, a.hits_to_close, a.severity,"
    " a.no_data_timeout_seconds, a.created_at, a.updated_at,"
    " h.id, h.name, h.deleted_at, d.id, d.name, d.deleted_at, " +
    IncidentColumns("oi", "a") +
    ", a.schedule_period_seconds, a.schedule_cron, a.schedule_timezone,"
    " a.grace_seconds, a.max_runtime_seconds, st.quiet_since,"
    " st.last_report_at, a.slo_objective_percent, a.slo_window_days,"
    " a.slo_indicator" +
    " FROM applications a JOIN products p ON p.id = a.product_id"
    " LEFT JOIN integration_tokens h ON h.id = a.hits_failure_credential_id"
    " LEFT JOIN integration_tokens d ON d.id = a.deploy_credential_id"
    " LEFT JOIN application_states st ON st.application_id = a.id"
    " LEFT JOIN incidents oi ON oi.id = COALESCE(st.open_incident_id,"
    " (SELECT x.id FROM incidents x WHERE x.application_id = a.id"
    " AND x.alert_key IS NOT NULL AND x.status <> 'resolved'"
    " ORDER BY x.opened_at, x.id LIMIT 1))";

std::optional<CredentialLink> LinkAt(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return CredentialLink{r.Text(i), r.Text(i + 1), !r.IsNull(i + 2)};
}

Application ToApplication(const Row& r) {
  Application a;
  a.id = r.Text(0);
  a.organization_id = r.Text(1);
  a.product_id = r.Text(2);
  a.product_slug = r.Text(3);
  a.name = r.Text(4);
  a.slug = r.Text(5);
  a.rules = IncidentRules{r.Int(6), r.Int(7), r.Text(8), r.Int(9)};
  a.created_at = r.Int(10);
  a.updated_at = r.Int(11);
  a.hits_failure_credential = LinkAt(r, 12);
  a.deploy_credential = LinkAt(r, 15);
  if (!r.IsNull(18)) {
    Incident open = IncidentAt(r, 18);
    if (open.open()) a.open_incident = std::move(open);
  }
  ReadSchedule(r, 36, a.rules);
  a.watched_since = r.IsNull(41) ? a.created_at : r.Int(41);
  if (!r.IsNull(42)) a.last_report_at = r.Int(42);
  if (!r.IsNull(43)) a.slo = Slo{r.Double(43), r.Int(44), r.Text(45)};
  return a;
}

Result<Application> ApplicationByRef(Connection& c, std::string_view org_id,
                                     std::string_view ref) {
  return QueryOne<Application>(
      c,
      kApplicationSelect +
          " WHERE a.organization_id = ? AND (a.id = ? OR a.slug = ?)",
      {S(org_id), S(ref), S(ref)}, ToApplication, "application");
}

// The SLO's three columns, null without one.
sql::Value SloObjective(const Application& a) {
  if (!a.slo) return std::monostate{};
  return a.slo->objective_percent;
}
sql::Value SloWindow(const Application& a) {
  if (!a.slo) return std::monostate{};
  return a.slo->window_days;
}
sql::Value SloIndicator(const Application& a) {
  if (!a.slo) return std::monostate{};
  return a.slo->indicator;
}

sql::Value IdOrNull(const std::optional<CredentialLink>& link) {
  if (!link) return std::monostate{};
  return link->id;
}

// Gives the application a deploy token under `credential_id` (if any),
// ending its previous one.
Status ReplaceDeployToken(Connection& c, const Application& a,
                          const std::optional<CredentialLink>& credential,
                          int64_t now, const TokenMinter& mint) {
  HW_RETURN_IF_ERROR(Done(c.Execute(
      "DELETE FROM issued_tokens WHERE application_id = ? AND kind = 'deploy'",
      {a.id})));
  if (!credential) return Status::Ok();
  auto generation =
      c.Query("SELECT generation FROM integration_tokens WHERE id = ?",
              {credential->id});
  if (!generation.ok()) return generation.status();
  if (generation->empty()) return Status::NotFound("credential not found");
  return InsertIssuedToken(c, mint(auth::TokenKind::kDeploy, credential->id,
                                   generation->front().Int(0), a.id));
}

}  // namespace

Result<std::vector<Application>> SqlStore::ListApplications(
    std::string_view org_id, std::optional<std::string_view> product_id) {
  return InTransaction<std::vector<Application>>(
      *db_, false, [&](Connection& c) {
        if (product_id) {
          return QueryAll<Application>(
              c,
              kApplicationSelect +
                  " WHERE a.organization_id = ? AND a.product_id = ?"
                  " ORDER BY a.name, a.id",
              {S(org_id), S(*product_id)}, ToApplication);
        }
        return QueryAll<Application>(
            c,
            kApplicationSelect +
                " WHERE a.organization_id = ? ORDER BY a.name, a.id",
            {S(org_id)}, ToApplication);
      });
}

Result<Application> SqlStore::GetApplication(std::string_view org_id,
                                             std::string_view app_ref) {
  return InTransaction<Application>(*db_, false, [&](Connection& c) {
    return ApplicationByRef(c, org_id, app_ref);
  });
}

Result<Application> SqlStore::CreateApplication(Application a,
                                                bool slug_is_explicit,
                                                const TokenMinter& mint,
                                                const AuditEntry& audit) {
  return Bump(InTransaction<Application>(
      *db_, true, [&](Connection& c) -> Result<Application> {
        // The slug found free, the product and the deploy credential's
        // generation stay as read until this commits.
        HW_RETURN_IF_ERROR(LockOrganization(c, a.organization_id));
        auto slug = ChooseSlug(c, "applications", a.organization_id, a.slug,
                               slug_is_explicit, a.id);
        if (!slug.ok()) return slug.status();
        a.slug = *slug;
        HW_RETURN_IF_ERROR(Done(c.Execute(
            "INSERT INTO applications (id, organization_id, product_id, name,"
            " slug, failures_to_open, hits_to_close, severity,"
            " no_data_timeout_seconds, created_at, updated_at,"
            " hits_failure_credential_id, deploy_credential_id,"
            " schedule_period_seconds, schedule_cron, schedule_timezone,"
            " grace_seconds, max_runtime_seconds, slo_objective_percent,"
            " slo_window_days, slo_indicator)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?)",
            {a.id,
             a.organization_id,
             a.product_id,
             a.name,
             a.slug,
             a.rules.failures_to_open,
             a.rules.hits_to_close,
             a.rules.severity,
             a.rules.no_data_timeout_seconds,
             a.created_at,
             a.updated_at,
             IdOrNull(a.hits_failure_credential),
             IdOrNull(a.deploy_credential),
             SchedulePeriod(a.rules),
             ScheduleCron(a.rules),
             ScheduleZone(a.rules),
             a.rules.grace_seconds,
             MaxRuntime(a.rules),
             SloObjective(a),
             SloWindow(a),
             SloIndicator(a)})));
        // Its ring of hits, numbered now: a group commit finds the number
        // with the application's lock.
        HW_RETURN_IF_ERROR(Done(c.Execute(
            "INSERT INTO hit_rings (application_id, next_slot) VALUES (?, 0)",
            {a.id})));
        if (a.deploy_credential) {
          HW_RETURN_IF_ERROR(ReplaceDeployToken(c, a, a.deploy_credential,
                                                a.created_at, mint));
        }
        HW_RETURN_IF_ERROR(db_->NotifyCredentialsChanged(c));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return ApplicationByRef(c, a.organization_id, a.id);
      }));
}

Result<Application> SqlStore::UpdateApplication(const Application& a,
                                                const TokenMinter& mint,
                                                const AuditEntry& audit) {
  return Bump(InTransaction<Application>(
      *db_, true, [&](Connection& c) -> Result<Application> {
        // As CreateApplication; and the application's state, whose quiet
        // time a new no-data timeout resets, waits for this.
        HW_RETURN_IF_ERROR(LockOrganization(c, a.organization_id));
        HW_RETURN_IF_ERROR(LockApplication(c, a.id));
        auto before = ApplicationByRef(c, a.organization_id, a.id);
        if (!before.ok()) return before.status();
        auto slug = ChooseSlug(c, "applications", a.organization_id, a.slug,
                               true, a.id);
        if (!slug.ok()) return slug.status();
        HW_RETURN_IF_ERROR(ExecuteOne(
            c,
            "UPDATE applications SET product_id = ?, name = ?, slug = ?,"
            " failures_to_open = ?, hits_to_close = ?, severity = ?,"
            " no_data_timeout_seconds = ?, updated_at = ?,"
            " hits_failure_credential_id = ?, deploy_credential_id = ?,"
            " schedule_period_seconds = ?, schedule_cron = ?,"
            " schedule_timezone = ?, grace_seconds = ?,"
            " max_runtime_seconds = ?, slo_objective_percent = ?,"
            " slo_window_days = ?, slo_indicator = ?"
            " WHERE id = ? AND organization_id = ?",
            {a.product_id,
             a.name,
             a.slug,
             a.rules.failures_to_open,
             a.rules.hits_to_close,
             a.rules.severity,
             a.rules.no_data_timeout_seconds,
             a.updated_at,
             IdOrNull(a.hits_failure_credential),
             IdOrNull(a.deploy_credential),
             SchedulePeriod(a.rules),
             ScheduleCron(a.rules),
             ScheduleZone(a.rules),
             a.rules.grace_seconds,
             MaxRuntime(a.rules),
             SloObjective(a),
             SloWindow(a),
             SloIndicator(a),
             a.id,
             a.organization_id},
            "application"));
        std::string old_deploy =
            before->deploy_credential ? before->deploy_credential->id : "";
        std::string new_deploy =
            a.deploy_credential ? a.deploy_credential->id : "";
        if (old_deploy != new_deploy) {
          HW_RETURN_IF_ERROR(ReplaceDeployToken(c, a, a.deploy_credential,
                                                a.updated_at, mint));
        }
        // A new no-data timeout or schedule watches from now, not from an
        // old silence.
        if (before->rules.no_data_timeout_seconds !=
                a.rules.no_data_timeout_seconds ||
            before->rules.schedule != a.rules.schedule ||
            before->rules.grace_seconds != a.rules.grace_seconds) {
          HW_RETURN_IF_ERROR(Done(c.Execute(
              "INSERT INTO application_states (application_id,"
              " failure_streak, hit_streak, quiet_since) VALUES (?, 0, 0, ?)"
              " ON CONFLICT (application_id) DO UPDATE SET"
              " quiet_since = excluded.quiet_since",
              {a.id, a.updated_at})));
        }
        HW_RETURN_IF_ERROR(db_->NotifyCredentialsChanged(c));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return ApplicationByRef(c, a.organization_id, a.id);
      }));
}

Status SqlStore::DeleteApplication(std::string_view org_id,
                                   std::string_view app_id,
                                   const AuditEntry& audit) {
  return Bump(db_->Write([&](Connection& c) -> Status {
    HW_RETURN_IF_ERROR(LockOrganization(c, org_id));
    HW_RETURN_IF_ERROR(LockApplication(c, app_id));
    HW_RETURN_IF_ERROR(ExecuteOne(
        c, "DELETE FROM applications WHERE id = ? AND organization_id = ?",
        {S(app_id), S(org_id)}, "application"));
    // Everything the application reported goes with it: its ring's slots
    // (named by the ring's number) before its ring.
    static const std::string kDeleteSlots = [] {
      const std::string first = "(SELECT ring * " +
                                std::to_string(kSlotIdsPerRing) +
                                " FROM hit_rings WHERE application_id = ?)";
      return "DELETE FROM hit_ring WHERE slot_id >= " + first +
             " AND slot_id < " + first + " + " +
             std::to_string(kSlotIdsPerRing);
    }();
    HW_RETURN_IF_ERROR(Done(c.Execute(kDeleteSlots, {S(app_id), S(app_id)})));
    for (const char* table :
         {"issued_tokens", "application_states", "incidents", "events",
          "idempotency_keys", "minute_aggregates", "hour_aggregates", "deploys",
          "hit_rings", "runs"}) {
      HW_RETURN_IF_ERROR(Done(
          c.Execute(S("DELETE FROM ") + table + " WHERE application_id = ?",
                    {S(app_id)})));
    }
    HW_RETURN_IF_ERROR(db_->NotifyCredentialsChanged(c));
    return InsertAudit(c, audit);
  }));
}

}  // namespace hookwarden
