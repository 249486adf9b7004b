#include "domain/maintenance_window.h"

namespace hookwarden {
namespace {

// Characters of valid UTF-8 text: the bytes that start one.
size_t Characters(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

bool Blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string_view MaintenanceStatus(const MaintenanceWindow& w, int64_t now) {
  if (now < w.starts_at) return "planned";
  if (now < w.ends_at) return "active";
  return "ended";
}

Status CheckMaintenanceTimes(int64_t starts_at, int64_t ends_at, int64_t now,
                             bool fixed_start) {
  if (!fixed_start && starts_at < now - kMaintenanceStartSkewMillis) {
    return Status::Invalid("starts_at",
                           "starts_at may not be in the past: a window starts "
                           "now at the earliest");
  }
  if (ends_at <= starts_at) {
    return Status::Invalid("ends_at", "ends_at must be after starts_at");
  }
  if (fixed_start && ends_at < now) {
    return Status::Invalid("ends_at",
                           "ends_at may not be in the past: end the window "
                           "now instead");
  }
  if (ends_at - starts_at > kMaxMaintenanceMillis) {
    return Status::Invalid("ends_at",
                           "a maintenance window lasts at most 30 days");
  }
  return Status::Ok();
}

Status CheckMaintenanceContent(std::string_view reason,
                               size_t application_count, size_t product_count) {
  if (Blank(reason) || Characters(reason) > kMaxMaintenanceReasonLength) {
    return Status::Invalid(
        "reason", "reason must be 1 to 500 characters, not only blanks");
  }
  if (application_count + product_count == 0) {
    return Status::Invalid("applications",
                           "name at least one application or product");
  }
  if (application_count + product_count > kMaxMaintenanceTargets) {
    return Status::Invalid(
        application_count > product_count ? "applications" : "products",
        "a window names at most 100 applications and products together");
  }
  return Status::Ok();
}

}  // namespace hookwarden
