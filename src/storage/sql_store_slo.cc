// SqlStore: the burn-rate rules of applications' SLOs that fire.
#include "storage/sql_store.h"
#include "storage/sql_unit_of_work.h"

namespace hookwarden {
namespace sql_store_internal {

namespace {

// Rule names sort in kBurnRules order.
constexpr const char* kFiringOrder = " ORDER BY application_id, rule";

BurnFiring ToFiring(const Row& r) { return BurnFiring{r.Text(0), r.Int(1)}; }

}  // namespace

Result<std::vector<BurnFiring>> SqlUnitOfWork::BurnFiringOf(
    const std::string& application_id) {
  return QueryAll<BurnFiring>(
      c_,
      std::string("SELECT rule, since, application_id FROM slo_burn_alerts"
                  " WHERE application_id = ?") +
          kFiringOrder,
      {application_id}, ToFiring);
}

Status SqlUnitOfWork::SaveBurnFiring(const std::string& org_id,
                                     const std::string& application_id,
                                     const std::vector<BurnFiring>& firing) {
  HW_RETURN_IF_ERROR(
      Done(c_.Execute("DELETE FROM slo_burn_alerts WHERE application_id = ?",
                      {application_id})));
  for (const BurnFiring& f : firing) {
    HW_RETURN_IF_ERROR(Done(c_.Execute(
        "INSERT INTO slo_burn_alerts (application_id, organization_id, rule,"
        " since) VALUES (?, ?, ?, ?)",
        {application_id, org_id, f.rule, f.since})));
  }
  return Status::Ok();
}

}  // namespace sql_store_internal

using namespace sql_store_internal;  // NOLINT

Result<std::vector<SloCandidate>> SqlStore::SloCandidates(
    const std::string& after, int limit) {
  return InTransaction<std::vector<SloCandidate>>(
      *db_, false, [&](Connection& c) -> Result<std::vector<SloCandidate>> {
        auto candidates = QueryAll<SloCandidate>(
            c,
            "SELECT a.id, a.organization_id, a.slo_objective_percent,"
            " a.slo_window_days, a.slo_indicator FROM applications a"
            " WHERE a.id > ? AND (a.slo_objective_percent IS NOT NULL OR"
            " EXISTS (SELECT 1 FROM slo_burn_alerts b"
            " WHERE b.application_id = a.id)) ORDER BY a.id LIMIT ?",
            {after, static_cast<int64_t>(limit)}, [](const Row& r) {
              SloCandidate candidate;
              candidate.application_id = r.Text(0);
              candidate.organization_id = r.Text(1);
              if (!r.IsNull(2)) {
                candidate.slo = Slo{r.Double(2), r.Int(3), r.Text(4)};
              }
              return candidate;
            });
        if (!candidates.ok() || candidates->empty()) return candidates;
        auto rows =
            c.Query(std::string("SELECT rule, since, application_id FROM"
                                " slo_burn_alerts WHERE application_id > ? AND"
                                " application_id <= ?") +
                        kFiringOrder,
                    {after, candidates->back().application_id});
        if (!rows.ok()) return rows.status();
        auto next = candidates->begin();
        for (const Row& r : *rows) {
          while (next != candidates->end() &&
                 next->application_id < r.Text(2)) {
            ++next;
          }
          if (next == candidates->end()) break;
          if (next->application_id == r.Text(2)) {
            next->firing.push_back(ToFiring(r));
          }
        }
        return candidates;
      });
}

Result<std::map<std::string, std::vector<BurnFiring>>> SqlStore::BurnFiringIn(
    std::string_view org_id) {
  using Firing = std::map<std::string, std::vector<BurnFiring>>;
  return InTransaction<Firing>(
      *db_, false, [&](Connection& c) -> Result<Firing> {
        auto rows = c.Query(
            std::string(
                "SELECT rule, since, application_id FROM slo_burn_alerts"
                " WHERE organization_id = ?") +
                kFiringOrder,
            {S(org_id)});
        if (!rows.ok()) return rows.status();
        Firing out;
        for (const Row& r : *rows) out[r.Text(2)].push_back(ToFiring(r));
        return out;
      });
}

}  // namespace hookwarden
