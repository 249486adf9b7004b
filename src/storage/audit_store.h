// The store's part for the audit log.
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/audit_entry.h"

namespace hookwarden {

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Writes an audit entry that goes with no change (a token value shown).
  virtual Status RecordAuditEntry(const AuditEntry& audit) = 0;
  // --- Audit log, newest first: at most `limit` entries with id < `before`.
  virtual Result<std::vector<AuditEntry>> ListAuditEntries(
      std::string_view org_id, int limit, std::optional<int64_t> before) = 0;
};

}  // namespace hookwarden
