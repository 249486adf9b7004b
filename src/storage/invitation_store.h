// The store's part for invitations to organizations. The contracts of
// storage/store.h hold for every method: thread-safe, may block (never on a
// network thread), one transaction each, failures as NotFound, Conflict,
// Unavailable or Internal. An invitation whose expires_at is not after `now`
// is treated exactly as one that does not exist.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/audit_entry.h"
#include "domain/invitation.h"
#include "domain/organization.h"
#include "domain/user.h"

namespace hookwarden {

class InvitationStore {
 public:
  virtual ~InvitationStore() = default;

  // Stores `invitation` (pending until invitation.expires_at), addressed
  // to the account that has its username (compared without case) once
  // `new_user` is handled; when no account has it, the invitation stays
  // pending but nobody can accept it (an account created later under that
  // name does not inherit it). When `new_user` is given, creates that user
  // in the same transaction unless its username is taken, in which case
  // the existing account is left as it is and nothing tells the two apart.
  // Drops the organization's expired invitations first. Conflict (field
  // "username") when the username is already a member or already has a
  // pending invitation to the organization; Conflict (field "invitations")
  // when the organization has `max_pending` pending invitations already.
  // Returns what was stored, with invited_by_username filled.
  virtual Result<Invitation> CreateInvitation(const Invitation& invitation,
                                              const User* new_user,
                                              int64_t max_pending,
                                              const AuditEntry& audit) = 0;
  // The organization's pending invitations at `now`, oldest first.
  virtual Result<std::vector<Invitation>> ListOrganizationInvitations(
      std::string_view org_id, int64_t now) = 0;
  // Withdraws a pending invitation of the organization. NotFound when there
  // is none with this id. An empty audit.target_name is filled with the
  // invited username.
  virtual Status CancelInvitation(std::string_view org_id,
                                  std::string_view invitation_id, int64_t now,
                                  const AuditEntry& audit) = 0;

  // The pending invitations addressed to the user `user_id` at `now`,
  // oldest first.
  virtual Result<std::vector<ReceivedInvitation>> ListReceivedInvitations(
      std::string_view user_id, int64_t now) = 0;
  // Makes `user` a member of the invitation's organization with its role
  // and removes the invitation. NotFound unless a pending invitation with
  // this id is addressed to user.id; Conflict when the user is a
  // member already (the invitation stays). `audit` gets the invitation's
  // organization id (and, if empty, the user's id as target).
  virtual Result<Membership> AcceptInvitation(const User& user,
                                              std::string_view invitation_id,
                                              int64_t now,
                                              const AuditEntry& audit) = 0;
  // Removes the invitation without a membership. NotFound as for
  // AcceptInvitation.
  virtual Status DeclineInvitation(const User& user,
                                   std::string_view invitation_id, int64_t now,
                                   const AuditEntry& audit) = 0;
};

}  // namespace hookwarden
