// Roles within an organization: member reads, admin also changes products
// and applications (and later credentials, secrets, channels), owner also
// manages members.
#pragma once

#include <optional>
#include <string_view>

namespace hookwarden {

enum class Role { kMember = 0, kAdmin = 1, kOwner = 2 };

// "member", "admin" or "owner".
std::string_view RoleName(Role role);
// The Role named by `name`, or nullopt for anything else.
std::optional<Role> ParseRole(std::string_view name);
// True when `held` grants everything `needed` does.
inline bool RoleAllows(Role held, Role needed) {
  return static_cast<int>(held) >= static_cast<int>(needed);
}

}  // namespace hookwarden
