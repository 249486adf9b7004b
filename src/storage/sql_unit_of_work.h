// The unit of work (storage/unit_of_work.h) over one SQL transaction.
// Internal to src/storage.
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/sql_helpers.h"
#include "storage/sql_store_outbox.h"
#include "storage/unit_of_work.h"

namespace hookwarden::sql_store_internal {

class SqlUnitOfWork final : public UnitOfWork {
 public:
  // `c` is in a write transaction and must outlive the unit.
  explicit SqlUnitOfWork(Connection& c)
      : c_(c), outbox_(c, [this] { return SendCredentialUses(); }) {}
  SqlUnitOfWork(const SqlUnitOfWork&) = delete;
  SqlUnitOfWork& operator=(const SqlUnitOfWork&) = delete;

  // Sends what is left to send; call once the work succeeded, before the
  // commit.
  Status Finish() { return SendCredentialUses(); }

  Result<std::vector<TrackedApplication>> LockApplications(
      std::vector<std::string> application_ids, int64_t at) override;
  Status SaveTrackedState(const std::string& application_id,
                          const TrackedState& state) override;
  Result<std::vector<bool>> ClaimIdempotencyKeys(
      const std::vector<IdempotencyClaim>& claims) override;
  Status KeepEvents(const std::vector<const Event*>& events) override;
  Status AddCounts(const std::vector<MinuteCounts>& counts) override;
  Status RecordCredentialUses(const std::vector<CredentialUse>& uses) override;
  Result<std::pair<Deploy, bool>> UpsertDeploy(const Deploy& deploy) override;
  Result<std::optional<Incident>> OpenAlertIncident(
      const std::vector<std::string>& application_ids,
      const std::string& key) override;
  Result<std::vector<Run>> OpenRunsOf(
      const std::string& application_id) override;
  Status InsertRun(const Run& run) override;
  Status FinishRun(const std::string& id, int64_t finished_at,
                   int64_t duration_ms, bool failed,
                   std::optional<int64_t> exit_code) override;
  Status DeleteRun(const std::string& id) override;
  Status MarkRunOverdue(const std::string& id) override;
  Status WriteIncident(const Incident& incident, bool opened) override;
  Status WriteIncidents(const std::vector<IncidentWrite>& writes) override;
  Status RecordAudit(const AuditEntry& audit) override;
  Result<bool> ClaimMaintenanceNotice(const std::string& window_id,
                                      bool end) override;
  Result<std::vector<BurnFiring>> BurnFiringOf(
      const std::string& application_id) override;
  Status SaveBurnFiring(const std::string& org_id,
                        const std::string& application_id,
                        const std::vector<BurnFiring>& firing) override;
  OutboxWriter& Outbox() override { return outbox_; }

 private:
  Status SendCredentialUses();

  Connection& c_;
  SqlOutboxWriter outbox_;
  // Applications locked by this unit that had no open run then, and have
  // had none started since: OpenRunsOf answers them without a read.
  std::set<std::string, std::less<>> without_open_runs_;
  // Each application's ring (table hit_rings): its number, and its next
  // slot as this unit moves it. Read with the application's lock (no other
  // writer moves it while the lock is held), or when its hits are first
  // kept.
  struct Ring {
    int64_t number = 0;  // 0: not read yet.
    int64_t next_slot = 0;
    bool full = false;  // Every slot holds a hit.
  };
  std::map<std::string, Ring, std::less<>> rings_;
  // Credentials' uses not sent yet. They go last, just before COMMIT, so
  // that a credential's row, which every node's commits for its
  // applications update, stays locked only that long; but before any
  // outbox row when there is one, because regenerating a credential locks
  // its row and then the outbox's sequence.
  std::vector<CredentialUse> uses_;
};

}  // namespace hookwarden::sql_store_internal
