// An invitation to join an organization: an owner names a username and a
// role; the account with that username (compared without regard to case)
// when the invitation is made accepts or declines it when it next logs in.
// Until then it is not a member. The owner sees only the username, so the
// answer is the same whether or not such an account exists; an invitation
// that found no account stays pending, and nobody can accept it.
#pragma once

#include <cstdint>
#include <string>

#include "domain/organization.h"
#include "domain/role.h"

namespace hookwarden {

// How long an invitation waits for its answer.
inline constexpr int64_t kInvitationLifetimeMillis = 14LL * 86'400'000;
// The most invitations one organization may have waiting at once.
inline constexpr int64_t kMaxPendingInvitations = 1000;

struct Invitation {
  std::string id;  // "inv_..."
  std::string organization_id;
  std::string username;  // As the owner typed it.
  Role role = Role::kMember;
  std::string invited_by_user_id;
  std::string invited_by_username;  // Filled when read.
  int64_t created_at = 0;           // Epoch milliseconds.
  int64_t expires_at = 0;
};

// An invitation as the invited user sees it: with the organization it
// opens.
struct ReceivedInvitation {
  Invitation invitation;
  Organization organization;
};

}  // namespace hookwarden
