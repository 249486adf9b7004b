#include "services/invitations.h"

#include "auth/password.h"
#include "auth/random.h"

namespace hookwarden {

Result<Invitation> Invite(InvitationStore& store,
                          const InvitationRequest& request, int64_t now,
                          const AuditEntry& audit) {
  std::optional<User> new_user;
  if (request.password) {
    HW_RETURN_IF_ERROR(auth::ValidateNewPassword(*request.password));
    auto hash = auth::HashPassword(*request.password);
    if (!hash.ok()) return hash.status();
    new_user = User{auth::NewId("usr"), request.username, *hash, now};
  }
  Invitation invitation{auth::NewId("inv"),
                        request.organization_id,
                        request.username,
                        request.role,
                        request.invited_by_user_id,
                        "",
                        now,
                        now + kInvitationLifetimeMillis};
  return store.CreateInvitation(invitation, new_user ? &*new_user : nullptr,
                                kMaxPendingInvitations, audit);
}

}  // namespace hookwarden
