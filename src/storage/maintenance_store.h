// The store's part for maintenance windows (domain/maintenance_window.h).
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/audit_entry.h"
#include "domain/maintenance_window.h"

namespace hookwarden {

class MaintenanceStore {
 public:
  virtual ~MaintenanceStore() = default;

  // Stores the window with its applications and products by id (the caller
  // checked that they are the organization's). Conflict when the
  // organization keeps kMaxMaintenanceWindows windows already. Returns it as
  // read back (with slugs).
  virtual Result<MaintenanceWindow> CreateMaintenanceWindow(
      const MaintenanceWindow& window, const AuditEntry& audit) = 0;

  struct MaintenanceQuery {
    // Only the windows active at this time.
    std::optional<int64_t> active_at;
    int limit = 100;
    // The position of the last window of the previous page.
    std::optional<std::pair<int64_t, std::string>> after;  // (starts_at, id)
  };
  // The organization's windows, latest start first (then by id, descending).
  virtual Result<std::vector<MaintenanceWindow>> ListMaintenanceWindows(
      std::string_view org_id, const MaintenanceQuery& query) = 0;
  virtual Result<MaintenanceWindow> GetMaintenanceWindow(
      std::string_view org_id, std::string_view window_id) = 0;
  // Writes reason, times, applications, products and updated_at of the
  // window with `window.id`. A start or end moved past `now` is told to the
  // channels again when it comes.
  virtual Result<MaintenanceWindow> UpdateMaintenanceWindow(
      const MaintenanceWindow& window, int64_t now,
      const AuditEntry& audit) = 0;
  virtual Status DeleteMaintenanceWindow(std::string_view org_id,
                                         std::string_view window_id,
                                         const AuditEntry& audit) = 0;
  // The organization's applications in an active window at `at`, by id.
  virtual Result<std::set<std::string>> ApplicationsInMaintenance(
      std::string_view org_id, int64_t at) = 0;
};

}  // namespace hookwarden
