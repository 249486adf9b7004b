// Maintenance windows: planned time in which an organization's chosen
// applications (named directly or through their products) are kept out of
// incidents and out of their uptime. Their events are still stored and
// counted; no incident of any kind opens for them while the window is
// active; an incident already open stays open.
//
// A window is planned before starts_at, active in [starts_at, ends_at),
// ended from ends_at on. Ending one "now" sets ends_at to the moment it is
// ended.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/time_spans.h"

namespace hookwarden {

inline constexpr int64_t kMaxMaintenanceMillis = 30LL * 86'400'000;
inline constexpr size_t kMaxMaintenanceReasonLength = 500;
// Applications plus products one window may name.
inline constexpr size_t kMaxMaintenanceTargets = 100;
// Windows an organization may keep (past ones included).
inline constexpr int64_t kMaxMaintenanceWindows = 1000;
// How far in the past a new starts_at may be, for clocks a little behind.
inline constexpr int64_t kMaintenanceStartSkewMillis = 60'000;

// An application or product a window names, as reads show it.
struct MaintenanceTarget {
  std::string id;
  std::string slug;
};

struct MaintenanceWindow {
  std::string id;  // "mnt_..."
  std::string organization_id;
  std::string reason;
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::vector<MaintenanceTarget> applications;  // Writes use only the ids.
  std::vector<MaintenanceTarget> products;
  std::string created_by;  // Username.
  int64_t created_at = 0;
  int64_t updated_at = 0;

  bool ActiveAt(int64_t at) const { return starts_at <= at && at < ends_at; }
  Span span() const { return {starts_at, ends_at}; }
};

// "planned", "active" or "ended" at `now`.
std::string_view MaintenanceStatus(const MaintenanceWindow& w, int64_t now);

// Invalid (naming the field) unless starts_at is not before now (within
// kMaintenanceStartSkewMillis), ends_at is after starts_at and the window
// lasts at most kMaxMaintenanceMillis. `fixed_start`: the window has begun,
// so its start is not checked against now, only its end (which may not be
// in the past).
Status CheckMaintenanceTimes(int64_t starts_at, int64_t ends_at, int64_t now,
                             bool fixed_start);

// Invalid (naming the field) unless the reason is 1..500 characters and the
// window names at least one and at most kMaxMaintenanceTargets applications
// and products together.
Status CheckMaintenanceContent(std::string_view reason,
                               size_t application_count, size_t product_count);

// A window about to start or end that the channels have not been told of.
struct MaintenanceNotice {
  MaintenanceWindow window;
  bool started_told = false;
  bool ended_told = false;
  // The applications it covers (named, or in a named product), by id.
  std::vector<std::string> application_ids;
};

}  // namespace hookwarden
