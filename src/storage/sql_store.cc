#include "storage/sql_store.h"

#include <optional>
#include <utility>

#include "domain/naming.h"
#include "storage/sql_helpers.h"

namespace hookwarden {
namespace {

using namespace sql_store_internal;  // NOLINT
using sql::Connection;
using sql::Row;

constexpr const char* kUserColumns = "id, username, password_hash, created_at";
User ToUser(const Row& r) {
  return User{r.Text(0), r.Text(1), r.Text(2), r.Int(3)};
}

constexpr const char* kApiKeyColumns =
    "id, user_id, name, token_hash, hint, created_at, last_used_at";
ApiKey ToApiKey(const Row& r) {
  ApiKey k{r.Text(0), r.Text(1), r.Text(2),   r.Text(3),
           r.Text(4), r.Int(5),  std::nullopt};
  if (!r.IsNull(6)) k.last_used_at = r.Int(6);
  return k;
}

constexpr const char* kMemberSelect =
    "SELECT u.id, u.username, m.role, m.created_at"
    " FROM memberships m JOIN users u ON u.id = m.user_id";
Member ToMember(const Row& r) {
  return Member{r.Text(0), r.Text(1),
                ParseRole(r.Text(2)).value_or(Role::kMember), r.Int(3)};
}

constexpr const char* kProductColumns =
    "id, organization_id, name, slug, created_at, updated_at";
Product ToProduct(const Row& r) {
  return Product{r.Text(0), r.Text(1), r.Text(2),
                 r.Text(3), r.Int(4),  r.Int(5)};
}

constexpr const char* kAuditColumns =
    "id, organization_id, at, actor_user_id, actor_username, action, "
    "target_type,"
    " target_id, target_name, address, details";
AuditEntry ToAuditEntry(const Row& r) {
  return AuditEntry{r.Int(0),  r.Text(1), r.Int(2),  r.Text(3),
                    r.Text(4), r.Text(5), r.Text(6), r.Text(7),
                    r.Text(8), r.Text(9), r.Text(10)};
}

Result<Member> MemberByUsername(Connection& c, std::string_view org_id,
                                std::string_view username) {
  return QueryOne<Member>(
      c,
      S(kMemberSelect) +
          " WHERE m.organization_id = ? AND lower(u.username) = ?",
      {S(org_id), UsernameKey(username)}, ToMember, "member");
}

Result<Product> ProductByRef(Connection& c, std::string_view org_id,
                             std::string_view ref) {
  return QueryOne<Product>(
      c,
      "SELECT " + S(kProductColumns) +
          " FROM products WHERE organization_id = ? AND (id = ? OR slug = ?)",
      {S(org_id), S(ref), S(ref)}, ToProduct, "product");
}

Result<int64_t> CountOwners(Connection& c, std::string_view org_id) {
  auto rows = c.Query(
      "SELECT COUNT(*) FROM memberships WHERE organization_id = ? AND role = "
      "'owner'",
      {S(org_id)});
  if (!rows.ok()) return rows.status();
  return rows->front().Int(0);
}

}  // namespace

Status SqlStore::Ping() {
  return db_->Read([](Connection& c) {
    auto rows = c.Query("SELECT 1");
    return rows.ok() ? Status::Ok() : rows.status();
  });
}

Result<std::string> SqlStore::GetOrInsertSetting(std::string_view key,
                                                 std::string_view value) {
  return InTransaction<std::string>(
      *db_, true, [&](Connection& c) -> Result<std::string> {
        // No lock needed: an insert of the same key waits for the other
        // writer to end, and the SELECT after it sees the winner's row.
        auto inserted = c.Execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
            "DO NOTHING",
            {S(key), S(value)});
        if (!inserted.ok()) return inserted.status();
        auto rows =
            c.Query("SELECT value FROM settings WHERE key = ?", {S(key)});
        if (!rows.ok()) return rows.status();
        return rows->front().Text(0);
      });
}

// --- Users.

Result<int64_t> SqlStore::CountUsers() {
  return InTransaction<int64_t>(
      *db_, false, [&](Connection& c) -> Result<int64_t> {
        auto rows = c.Query("SELECT COUNT(*) FROM users");
        if (!rows.ok()) return rows.status();
        return rows->front().Int(0);
      });
}

namespace {
Status InsertUser(Connection& c, const User& u) {
  auto r = c.Execute(
      "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, "
      "?, ?, ?)",
      {u.id, u.username, u.password_hash, u.created_at});
  if (!r.ok() && r.status().code() == ErrorCode::kConflict) {
    return Status::Conflict("the username '" + u.username + "' is taken",
                            "username");
  }
  return Done(r);
}
}  // namespace

Status SqlStore::CreateUser(const User& user) {
  return db_->Write([&](Connection& c) { return InsertUser(c, user); });
}

Result<User> SqlStore::FindUserByUsername(std::string_view username) {
  return InTransaction<User>(*db_, false, [&](Connection& c) {
    return QueryOne<User>(
        c,
        "SELECT " + S(kUserColumns) + " FROM users WHERE lower(username) = ?",
        {UsernameKey(username)}, ToUser, "user");
  });
}

Result<User> SqlStore::GetUser(std::string_view user_id) {
  return InTransaction<User>(*db_, false, [&](Connection& c) {
    return QueryOne<User>(
        c, "SELECT " + S(kUserColumns) + " FROM users WHERE id = ?",
        {S(user_id)}, ToUser, "user");
  });
}

Result<std::vector<User>> SqlStore::ListUsers() {
  return InTransaction<std::vector<User>>(*db_, false, [&](Connection& c) {
    return QueryAll<User>(
        c, "SELECT " + S(kUserColumns) + " FROM users ORDER BY username", {},
        ToUser);
  });
}

Status SqlStore::SetPasswordHash(std::string_view user_id,
                                 std::string_view password_hash) {
  return db_->Write([&](Connection& c) -> Status {
    HW_RETURN_IF_ERROR(
        ExecuteOne(c, "UPDATE users SET password_hash = ? WHERE id = ?",
                   {S(password_hash), S(user_id)}, "user"));
    return Done(c.Execute("DELETE FROM login_sessions WHERE user_id = ?",
                          {S(user_id)}));
  });
}

// --- Login sessions.

Status SqlStore::CreateLoginSession(const LoginSession& s) {
  return db_->Write([&](Connection& c) {
    return Done(c.Execute(
        "INSERT INTO login_sessions (id_hash, user_id, csrf_token, created_at, "
        "expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        {s.id_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at}));
  });
}

Result<LoginSession> SqlStore::FindLoginSession(std::string_view id_hash,
                                                int64_t now) {
  return InTransaction<LoginSession>(*db_, false, [&](Connection& c) {
    return QueryOne<LoginSession>(
        c,
        "SELECT id_hash, user_id, csrf_token, created_at, expires_at FROM "
        "login_sessions"
        " WHERE id_hash = ? AND expires_at > ?",
        {S(id_hash), now},
        [](const Row& r) {
          return LoginSession{r.Text(0), r.Text(1), r.Text(2), r.Int(3),
                              r.Int(4)};
        },
        "session");
  });
}

Status SqlStore::DeleteLoginSession(std::string_view id_hash) {
  return db_->Write([&](Connection& c) {
    return Done(c.Execute("DELETE FROM login_sessions WHERE id_hash = ?",
                          {S(id_hash)}));
  });
}

Result<int64_t> SqlStore::DeleteExpiredLoginSessions(int64_t now) {
  return InTransaction<int64_t>(*db_, true, [&](Connection& c) {
    return c.Execute("DELETE FROM login_sessions WHERE expires_at <= ?", {now});
  });
}

// --- Personal API keys.

Status SqlStore::CreateApiKey(const ApiKey& k) {
  return db_->Write([&](Connection& c) {
    return Done(c.Execute(
        "INSERT INTO api_keys (id, user_id, name, token_hash, hint, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        {k.id, k.user_id, k.name, k.token_hash, k.hint, k.created_at}));
  });
}

Result<ApiKey> SqlStore::FindApiKeyByHash(std::string_view token_hash) {
  return InTransaction<ApiKey>(*db_, false, [&](Connection& c) {
    return QueryOne<ApiKey>(
        c,
        "SELECT " + S(kApiKeyColumns) + " FROM api_keys WHERE token_hash = ?",
        {S(token_hash)}, ToApiKey, "api key");
  });
}

Result<std::vector<ApiKey>> SqlStore::ListApiKeys(std::string_view user_id) {
  return InTransaction<std::vector<ApiKey>>(*db_, false, [&](Connection& c) {
    return QueryAll<ApiKey>(
        c,
        "SELECT " + S(kApiKeyColumns) +
            " FROM api_keys WHERE user_id = ? ORDER BY created_at, id",
        {S(user_id)}, ToApiKey);
  });
}

Status SqlStore::DeleteApiKey(std::string_view user_id,
                              std::string_view key_id) {
  return db_->Write([&](Connection& c) {
    return ExecuteOne(c, "DELETE FROM api_keys WHERE id = ? AND user_id = ?",
                      {S(key_id), S(user_id)}, "api key");
  });
}

Status SqlStore::TouchApiKey(std::string_view key_id, int64_t at) {
  return db_->Write([&](Connection& c) {
    return Done(c.Execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?",
                          {at, S(key_id)}));
  });
}

// --- Organizations and memberships.

Status SqlStore::CreateOrganization(const Organization& org,
                                    std::string_view owner_user_id,
                                    const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    auto r = c.Execute(
        "INSERT INTO organizations (id, name, slug, created_at) VALUES (?, ?, "
        "?, ?)",
        {org.id, org.name, org.slug, org.created_at});
    if (!r.ok() && r.status().code() == ErrorCode::kConflict) {
      return Status::Conflict("the slug '" + org.slug + "' is taken", "slug");
    }
    HW_RETURN_IF_ERROR(Done(r));
    HW_RETURN_IF_ERROR(Done(c.Execute(
        "INSERT INTO memberships (organization_id, user_id, role, created_at)"
        " VALUES (?, ?, 'owner', ?)",
        {org.id, S(owner_user_id), org.created_at})));
    return InsertAudit(c, audit);
  });
}

Result<Membership> SqlStore::FindMembership(std::string_view user_id,
                                            std::string_view org_ref) {
  return InTransaction<Membership>(*db_, false, [&](Connection& c) {
    return QueryOne<Membership>(
        c,
        S(kMembershipSelect) +
            " WHERE m.user_id = ? AND (o.id = ? OR o.slug = ?)",
        {S(user_id), S(org_ref), S(org_ref)}, ToMembership, "organization");
  });
}

Result<Organization> SqlStore::GetOrganization(std::string_view org_id) {
  return InTransaction<Organization>(*db_, false, [&](Connection& c) {
    return QueryOne<Organization>(
        c, "SELECT id, name, slug, created_at FROM organizations WHERE id = ?",
        {S(org_id)},
        [](const Row& r) {
          return Organization{r.Text(0), r.Text(1), r.Text(2), r.Int(3)};
        },
        "organization");
  });
}

Result<std::vector<Membership>> SqlStore::ListMemberships(
    std::string_view user_id) {
  return InTransaction<std::vector<Membership>>(
      *db_, false, [&](Connection& c) {
        return QueryAll<Membership>(
            c, S(kMembershipSelect) + " WHERE m.user_id = ? ORDER BY o.slug",
            {S(user_id)}, ToMembership);
      });
}

// --- Members.

Result<std::vector<Member>> SqlStore::ListMembers(std::string_view org_id) {
  return InTransaction<std::vector<Member>>(*db_, false, [&](Connection& c) {
    return QueryAll<Member>(
        c,
        S(kMemberSelect) + " WHERE m.organization_id = ? ORDER BY u.username",
        {S(org_id)}, ToMember);
  });
}

Result<Member> SqlStore::UpdateMemberRole(std::string_view org_id,
                                          std::string_view username, Role role,
                                          const AuditEntry& audit) {
  return InTransaction<Member>(
      *db_, true, [&](Connection& c) -> Result<Member> {
        // The owners counted below stay owners until this commits.
        HW_RETURN_IF_ERROR(LockOrganization(c, org_id));
        auto member = MemberByUsername(c, org_id, username);
        if (!member.ok()) return member.status();
        HW_RETURN_IF_ERROR(
            Done(c.Execute("UPDATE memberships SET role = ? WHERE "
                           "organization_id = ? AND user_id = ?",
                           {S(RoleName(role)), S(org_id), member->user_id})));
        auto owners = CountOwners(c, org_id);
        if (!owners.ok()) return owners.status();
        if (*owners == 0) {
          return Status::Conflict(
              "an organization must keep at least one owner", "role");
        }
        HW_RETURN_IF_ERROR(InsertAudit(c, WithTarget(audit, member->user_id)));
        member->role = role;
        return member;
      });
}

Status SqlStore::RemoveMember(std::string_view org_id,
                              std::string_view username,
                              const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    HW_RETURN_IF_ERROR(LockOrganization(c, org_id));
    auto member = MemberByUsername(c, org_id, username);
    if (!member.ok()) return member.status();
    HW_RETURN_IF_ERROR(Done(c.Execute(
        "DELETE FROM memberships WHERE organization_id = ? AND user_id = ?",
        {S(org_id), member->user_id})));
    auto owners = CountOwners(c, org_id);
    if (!owners.ok()) return owners.status();
    if (*owners == 0) {
      return Status::Conflict("an organization must keep at least one owner",
                              "username");
    }
    return InsertAudit(c, WithTarget(audit, member->user_id));
  });
}

// --- Products.

Result<std::vector<Product>> SqlStore::ListProducts(std::string_view org_id) {
  return InTransaction<std::vector<Product>>(*db_, false, [&](Connection& c) {
    return QueryAll<Product>(
        c,
        "SELECT " + S(kProductColumns) +
            " FROM products WHERE organization_id = ? ORDER BY name, id",
        {S(org_id)}, ToProduct);
  });
}

Result<Product> SqlStore::GetProduct(std::string_view org_id,
                                     std::string_view product_ref) {
  return InTransaction<Product>(*db_, false, [&](Connection& c) {
    return ProductByRef(c, org_id, product_ref);
  });
}

namespace {
// Conflict when another product of the organization has `name`.
Status CheckProductNameFree(Connection& c, const Product& p) {
  Status error;
  bool taken = Exists(c,
                      "SELECT 1 FROM products WHERE organization_id = ? AND "
                      "name = ? AND id <> ?",
                      {p.organization_id, p.name, p.id}, &error);
  if (!error.ok()) return error;
  if (taken)
    return Status::Conflict("a product named '" + p.name + "' exists", "name");
  return Status::Ok();
}
}  // namespace

Result<Product> SqlStore::CreateProduct(Product p, bool slug_is_explicit,
                                        const AuditEntry& audit) {
  return InTransaction<Product>(
      *db_, true, [&](Connection& c) -> Result<Product> {
        // The name and the slug found free stay free until this commits.
        HW_RETURN_IF_ERROR(LockOrganization(c, p.organization_id));
        HW_RETURN_IF_ERROR(CheckProductNameFree(c, p));
        auto slug = ChooseSlug(c, "products", p.organization_id, p.slug,
                               slug_is_explicit, p.id);
        if (!slug.ok()) return slug.status();
        p.slug = *slug;
        HW_RETURN_IF_ERROR(
            Done(c.Execute("INSERT INTO products (id, organization_id, name, "
                           "slug, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           {p.id, p.organization_id, p.name, p.slug,
                            p.created_at, p.updated_at})));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return p;
      });
}

Result<Product> SqlStore::UpdateProduct(const Product& p,
                                        const AuditEntry& audit) {
  return InTransaction<Product>(
      *db_, true, [&](Connection& c) -> Result<Product> {
        HW_RETURN_IF_ERROR(LockOrganization(c, p.organization_id));
        HW_RETURN_IF_ERROR(CheckProductNameFree(c, p));
        auto slug =
            ChooseSlug(c, "products", p.organization_id, p.slug, true, p.id);
        if (!slug.ok()) return slug.status();
        HW_RETURN_IF_ERROR(
            ExecuteOne(c,
                       "UPDATE products SET name = ?, slug = ?, updated_at = ? "
                       "WHERE id = ? AND organization_id = ?",
                       {p.name, p.slug, p.updated_at, p.id, p.organization_id},
                       "product"));
        HW_RETURN_IF_ERROR(InsertAudit(c, audit));
        return ProductByRef(c, p.organization_id, p.id);
      });
}

Status SqlStore::DeleteProduct(std::string_view org_id,
                               std::string_view product_id,
                               const AuditEntry& audit) {
  return db_->Write([&](Connection& c) -> Status {
    // No application joins the product until this commits.
    HW_RETURN_IF_ERROR(LockOrganization(c, org_id));
    Status error;
    bool has_apps = Exists(c,
                           "SELECT 1 FROM applications WHERE organization_id = "
                           "? AND product_id = ?",
                           {S(org_id), S(product_id)}, &error);
    if (!error.ok()) return error;
    if (has_apps) {
      return Status::Conflict(
          "the product still has applications; delete or move them first");
    }
    HW_RETURN_IF_ERROR(ExecuteOne(
        c, "DELETE FROM products WHERE id = ? AND organization_id = ?",
        {S(product_id), S(org_id)}, "product"));
    return InsertAudit(c, audit);
  });
}

// --- Audit log.

Status SqlStore::RecordAuditEntry(const AuditEntry& audit) {
  return db_->Write([&](Connection& c) { return InsertAudit(c, audit); });
}

Result<std::vector<AuditEntry>> SqlStore::ListAuditEntries(
    std::string_view org_id, int limit, std::optional<int64_t> before) {
  return InTransaction<std::vector<AuditEntry>>(
      *db_, false, [&](Connection& c) {
        return QueryAll<AuditEntry>(
            c,
            "SELECT " + S(kAuditColumns) +
                " FROM audit_log WHERE organization_id = ? AND id < ?"
                " ORDER BY id DESC LIMIT ?",
            {S(org_id), before.value_or(INT64_MAX), int64_t{limit}},
            ToAuditEntry);
      });
}

}  // namespace hookwarden
