#include "domain/role.h"

namespace hookwarden {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kOwner:
      return "owner";
    case Role::kAdmin:
      return "admin";
    case Role::kMember:
      break;
  }
  return "member";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "owner") return Role::kOwner;
  if (name == "admin") return Role::kAdmin;
  if (name == "member") return Role::kMember;
  return std::nullopt;
}

}  // namespace hookwarden
