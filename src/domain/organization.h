// The tenant: everything else belongs to exactly one organization.
#pragma once

#include <cstdint>
#include <string>

#include "domain/role.h"

namespace hookwarden {

struct Organization {
  std::string id;  // "org_..."
  std::string name;
  std::string slug;
  int64_t created_at = 0;
};

// An organization as one user sees it: with that user's role in it.
struct Membership {
  Organization organization;
  Role role = Role::kMember;
};

// A user as an organization's member list shows them.
struct Member {
  std::string user_id;
  std::string username;
  Role role = Role::kMember;
  int64_t created_at = 0;  // When they joined.
};

}  // namespace hookwarden
