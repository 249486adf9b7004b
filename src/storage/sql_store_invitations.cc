// SqlStore: invitations to organizations.
#include <string>

#include "domain/naming.h"
#include "storage/sql_helpers.h"
#include "storage/sql_store.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

constexpr const char* kInvitationSelect =
    "SELECT i.id, i.organization_id, i.username, i.role, i.invited_by,"
    " COALESCE(u.username, ''), i.created_at, i.expires_at,"
    " o.name, o.slug, o.created_at"
    " FROM invitations i JOIN organizations o ON o.id = i.organization_id"
    " LEFT JOIN users u ON u.id = i.invited_by";

Invitation ToInvitation(const Row& r) {
  return Invitation{r.Text(0), r.Text(1),
                    r.Text(2), ParseRole(r.Text(3)).value_or(Role::kMember),
                    r.Text(4), r.Text(5),
                    r.Int(6),  r.Int(7)};
}

ReceivedInvitation ToReceived(const Row& r) {
  Invitation i = ToInvitation(r);
  Organization o{i.organization_id, r.Text(8), r.Text(9), r.Int(10)};
  return ReceivedInvitation{std::move(i), std::move(o)};
}

// The pending invitation `id` addressed to `user`, or NotFound.
Result<Invitation> ReceivedById(Connection& c, const User& user,
                                std::string_view id, int64_t now) {
  return QueryOne<Invitation>(
      c,
      S(kInvitationSelect) +
          " WHERE i.id = ? AND i.user_id = ? AND i.expires_at > ?",
      {S(id), user.id, now}, ToInvitation, "invitation");
}

// `audit` in the invitation's organization, with the caller's details
// or, when it has none, the invitation's role.
AuditEntry InOrganizationOf(AuditEntry audit, const Invitation& invitation) {
  audit.organization_id = invitation.organization_id;
  if (audit.details.empty() || audit.details == "{}") {
    audit.details = "{\"invitation_id\":\"" + invitation.id + "\",\"role\":\"" +
                    S(RoleName(invitation.role)) + "\"}";
  }
  return audit;
}

// The pending invitations at `now` whose `column` is `value`, oldest first.
template <class T>
Result<std::vector<T>> ListPending(sql::Database& db, const char* column,
                                   std::string_view value, int64_t now,
                                   T (*convert)(const Row&)) {
  return InTransaction<std::vector<T>>(db, false, [&](Connection& c) {
    return QueryAll<T>(c,
                       S(kInvitationSelect) + " WHERE i." + column +
                           " = ? AND i.expires_at > ?"
                           " ORDER BY i.created_at, i.id",
                       {S(value), now}, convert);
  });
}

Status DeleteInvitation(Connection& c, std::string_view id) {
  return ExecuteOne(c, "DELETE FROM invitations WHERE id = ?", {S(id)},
                    "invitation");
}

}  // namespace

Result<Invitation> SqlStore::CreateInvitation(const Invitation& inv,
                                              const User* new_user,
                                              int64_t max_pending,
                                              const AuditEntry& audit) {
  const std::string key = UsernameKey(inv.username);
  return InTransaction<Invitation>(
      *db_, true, [&](Connection& c) -> Result<Invitation> {
        // The pending invitations counted below stay the only ones.
        HW_RETURN_IF_ERROR(LockOrganization(c, inv.organization_id));
        HW_RETURN_IF_ERROR(Done(
            c.Execute("DELETE FROM invitations WHERE organization_id = ? AND "
                      "expires_at <= ?",
                      {inv.organization_id, inv.created_at})));
        if (new_user != nullptr) {
          // A taken username keeps its account as it is.
          HW_RETURN_IF_ERROR(Done(c.Execute(
              "INSERT INTO users (id, username, password_hash, created_at)"
              " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
              {new_user->id, new_user->username, new_user->password_hash,
               new_user->created_at})));
        }
        Status error;
        if (Exists(c,
                   "SELECT 1 FROM memberships m JOIN users u ON u.id = "
                   "m.user_id WHERE m.organization_id = ? AND "
                   "lower(u.username) = ?",
                   {inv.organization_id, key}, &error)) {
          return Status::Conflict(
              "'" + inv.username + "' is a member of the organization already",
              "username");
        }
        HW_RETURN_IF_ERROR(error);
        if (Exists(c,
                   "SELECT 1 FROM invitations WHERE organization_id = ? AND "
                   "username_key = ?",
                   {inv.organization_id, key}, &error)) {
          return Status::Conflict(
              "'" + inv.username +
                  "' has a pending invitation to the organization already; "
                  "cancel it to invite again",
              "username");
        }
        HW_RETURN_IF_ERROR(error);
        auto pending = c.Query(
            "SELECT COUNT(*) FROM invitations WHERE organization_id = ?",
            {inv.organization_id});
        if (!pending.ok()) return pending.status();
        if (pending->front().Int(0) >= max_pending) {
          return Status::Conflict(
              "the organization has " + std::to_string(max_pending) +
                  " pending invitations, the most it may have; cancel some "
                  "or wait until they expire",
              "invitations");
        }
        // Addressed to the account that has the name now, if any: one
        // created later under that name does not inherit it.
        auto account =
            c.Query("SELECT id FROM users WHERE lower(username) = ?", {key});
        if (!account.ok()) return account.status();
        sql::Value user_id;  // NULL
        if (!account->empty()) user_id = account->front().Text(0);
        HW_RETURN_IF_ERROR(Done(
            c.Execute("INSERT INTO invitations (id, organization_id, username,"
                      " username_key, role, user_id, invited_by, created_at,"
                      " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      {inv.id, inv.organization_id, inv.username, key,
                       S(RoleName(inv.role)), user_id, inv.invited_by_user_id,
                       inv.created_at, inv.expires_at})));
        HW_RETURN_IF_ERROR(InsertAudit(c, WithTarget(audit, inv.id)));
        return QueryOne<Invitation>(c, S(kInvitationSelect) + " WHERE i.id = ?",
                                    {inv.id}, ToInvitation, "invitation");
      });
}

Result<std::vector<Invitation>> SqlStore::ListOrganizationInvitations(
    std::string_view org_id, int64_t now) {
  return ListPending(*db_, "organization_id", org_id, now, ToInvitation);
}

Status SqlStore::CancelInvitation(std::string_view org_id,
                                  std::string_view invitation_id, int64_t now,
                                  const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    auto invitation = QueryOne<Invitation>(
        c,
        S(kInvitationSelect) +
            " WHERE i.organization_id = ? AND i.id = ? AND i.expires_at > ?",
        {S(org_id), S(invitation_id), now}, ToInvitation, "invitation");
    if (!invitation.ok()) return invitation.status();
    HW_RETURN_IF_ERROR(DeleteInvitation(c, invitation->id));
    AuditEntry entry = WithTarget(audit, invitation->id);
    if (entry.target_name.empty()) entry.target_name = invitation->username;
    return InsertAudit(c, entry);
  });
}

Result<std::vector<ReceivedInvitation>> SqlStore::ListReceivedInvitations(
    std::string_view user_id, int64_t now) {
  return ListPending(*db_, "user_id", user_id, now, ToReceived);
}

Result<Membership> SqlStore::AcceptInvitation(const User& user,
                                              std::string_view invitation_id,
                                              int64_t now,
                                              const AuditEntry& audit) {
  return InTransaction<Membership>(
      *db_, true, [&](Connection& c) -> Result<Membership> {
        auto invitation = ReceivedById(c, user, invitation_id, now);
        if (!invitation.ok()) return invitation.status();
        HW_RETURN_IF_ERROR(LockOrganization(c, invitation->organization_id));
        auto joined = c.Execute(
            "INSERT INTO memberships (organization_id, user_id, role, "
            "created_at) VALUES (?, ?, ?, ?)",
            {invitation->organization_id, user.id,
             S(RoleName(invitation->role)), now});
        if (!joined.ok() && joined.status().code() == ErrorCode::kConflict) {
          return Status::Conflict(
              "you are a member of this organization already", "invitation");
        }
        HW_RETURN_IF_ERROR(Done(joined));
        HW_RETURN_IF_ERROR(DeleteInvitation(c, invitation->id));
        HW_RETURN_IF_ERROR(InsertAudit(
            c, WithTarget(InOrganizationOf(audit, *invitation), user.id)));
        return QueryOne<Membership>(
            c, S(kMembershipSelect) + " WHERE m.user_id = ? AND o.id = ?",
            {user.id, invitation->organization_id}, ToMembership,
            "organization");
      });
}

Status SqlStore::DeclineInvitation(const User& user,
                                   std::string_view invitation_id, int64_t now,
                                   const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    auto invitation = ReceivedById(c, user, invitation_id, now);
    if (!invitation.ok()) return invitation.status();
    HW_RETURN_IF_ERROR(DeleteInvitation(c, invitation->id));
    return InsertAudit(
        c, WithTarget(InOrganizationOf(audit, *invitation), invitation->id));
  });
}

}  // namespace hookwarden
