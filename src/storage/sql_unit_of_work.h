// The unit of work (storage/unit_of_work.h) over one SQL transaction.
// Internal to src/storage.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/sql_helpers.h"
#include "storage/sql_store_outbox.h"
#include "storage/unit_of_work.h"

namespace hookwarden::sql_store_internal {

// How many hit rows each application stored since its hits were last
// trimmed (by this store: a hint, not a count every server shares). Shared
// by the units of one store, which may run concurrently. Thread-safe.
class HitTrimSchedule {
 public:
  // Counts `rows` new hit rows of the application; true when it is time to
  // trim its hits (and the count starts again).
  bool Due(const std::string& application_id, int64_t rows);

 private:
  static constexpr int64_t kTrimEveryRows = 256;
  std::mutex mutex_;
  std::unordered_map<std::string, int64_t> rows_;  // Guarded by mutex_.
};

class SqlUnitOfWork final : public UnitOfWork {
 public:
  // `c` is in a write transaction; both must outlive the unit.
  SqlUnitOfWork(Connection& c, HitTrimSchedule& trims)
      : c_(c), trims_(trims), outbox_(c) {}

  Result<std::vector<TrackedApplication>> LockApplications(
      std::vector<std::string> application_ids) override;
  Status SaveTrackedState(const std::string& application_id,
                          const TrackedState& state) override;
  Result<bool> ClaimIdempotencyKey(const std::string& application_id,
                                   const std::string& key, int64_t at) override;
  Status KeepEvents(const std::vector<const Event*>& events) override;
  Status AddCounts(const std::vector<MinuteCounts>& counts) override;
  Status RecordCredentialUses(const std::vector<CredentialUse>& uses) override;
  Result<std::pair<Deploy, bool>> UpsertDeploy(const Deploy& deploy) override;
  Status WriteIncident(const Incident& incident, bool opened) override;
  Status RecordAudit(const AuditEntry& audit) override;
  OutboxWriter& Outbox() override { return outbox_; }

 private:
  Connection& c_;
  HitTrimSchedule& trims_;
  SqlOutboxWriter outbox_;
};

}  // namespace hookwarden::sql_store_internal
