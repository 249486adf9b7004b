// One line of an organization's audit log: who changed what, when, from where.
// `details` is a JSON object and never holds a secret value.
#pragma once

#include <cstdint>
#include <string>

namespace hookwarden {

struct AuditEntry {
  int64_t id = 0;  // Assigned by the store; increases with time.
  std::string organization_id;
  int64_t at = 0;
  std::string actor_user_id;
  std::string actor_username;
  std::string action;  // "product.created", ...
  std::string target_type;
  std::string target_id;
  std::string target_name;
  std::string address;         // The client's IP address.
  std::string details = "{}";  // JSON object text.
};

}  // namespace hookwarden
