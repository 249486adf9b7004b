// Inviting someone to an organization. The owner names a username, a role
// and, optionally, a password for the account should it not exist yet. The
// answer is the same whether or not the account exists: the request always
// ends in a pending invitation, which the person with that username accepts
// or declines when they next log in. With a password and no such account,
// the account is created with it (and is a member of nothing until it
// accepts); with a password and an existing account, the account is left as
// it is. The password is hashed in both cases, so that the answer also takes
// the same time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "domain/audit_entry.h"
#include "domain/invitation.h"
#include "domain/role.h"
#include "storage/invitation_store.h"

namespace hookwarden {

struct InvitationRequest {
  std::string organization_id;
  std::string username;  // Valid (IsValidUsername); kept as typed.
  Role role = Role::kMember;
  std::optional<std::string> password;
  std::string invited_by_user_id;
};

// Validates the password when one is given (Invalid on field "password",
// naming no part of it), then stores an invitation that expires
// kInvitationLifetimeMillis after `now`, within kMaxPendingInvitations per
// organization (see InvitationStore::CreateInvitation for the Conflicts).
// `audit` is written with it; its details must not depend on whether the
// account existed. Blocks on Argon2id and the store; thread-safe as the
// store is.
Result<Invitation> Invite(InvitationStore& store,
                          const InvitationRequest& request, int64_t now,
                          const AuditEntry& audit);

}  // namespace hookwarden
