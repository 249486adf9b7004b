// The Store: everything hookwarden keeps, behind one interface so that the
// embedded SQLite backend and a PostgreSQL backend serve the same callers.
//
// Contracts shared by every method:
// - Thread-safe; calls may block on the disk, so the network threads never
//   call them (the HTTP server runs handlers on its worker pool).
// - Each method is one transaction: it happens entirely or not at all. A
//   method that takes an AuditEntry writes it in the same transaction as the
//   change it describes.
// - Organization-scoped reads and writes take the organization's id and never
//   see rows of another organization: a row of another organization is
//   NotFound, exactly like a row that does not exist.
// - Failures: NotFound, Conflict (with the offending field), Unavailable
//   when the database cannot be reached, Internal otherwise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/api_key.h"
#include "domain/application.h"
#include "domain/audit_entry.h"
#include "domain/login_session.h"
#include "domain/organization.h"
#include "domain/product.h"
#include "domain/user.h"

namespace hookwarden {

class Store {
 public:
  virtual ~Store() = default;

  // Ok when the database answers a trivial query.
  virtual Status Ping() = 0;

  // --- Server settings: small values the server keeps for itself.
  // Returns the value stored under `key`, storing `value` first when there
  // was none (the first writer wins, also across several servers).
  virtual Result<std::string> GetOrInsertSetting(std::string_view key,
                                                 std::string_view value) = 0;

  // --- Users.
  virtual Result<int64_t> CountUsers() = 0;
  // Conflict (field "username") when the username is taken.
  virtual Status CreateUser(const User& user) = 0;
  virtual Result<User> FindUserByUsername(std::string_view username) = 0;
  virtual Result<User> GetUser(std::string_view user_id) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Sets a new password hash and ends every session of the user.
  virtual Status SetPasswordHash(std::string_view user_id,
                                 std::string_view password_hash) = 0;

  // --- Login sessions (looked up by the keyed hash of the cookie value).
  virtual Status CreateLoginSession(const LoginSession& session) = 0;
  // NotFound when absent or expired at `now`.
  virtual Result<LoginSession> FindLoginSession(std::string_view id_hash,
                                                int64_t now) = 0;
  virtual Status DeleteLoginSession(std::string_view id_hash) = 0;
  // Removes sessions that expired before `now`; returns how many.
  virtual Result<int64_t> DeleteExpiredLoginSessions(int64_t now) = 0;

  // --- Personal API keys (looked up by the keyed hash of their value).
  virtual Status CreateApiKey(const ApiKey& key) = 0;
  virtual Result<ApiKey> FindApiKeyByHash(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiKey>> ListApiKeys(std::string_view user_id) = 0;
  // NotFound unless the key exists and belongs to `user_id`.
  virtual Status DeleteApiKey(std::string_view user_id,
                              std::string_view key_id) = 0;
  virtual Status TouchApiKey(std::string_view key_id, int64_t at) = 0;

  // --- Organizations and memberships.
  // Creates the organization with `owner_user_id` as its owner. Conflict
  // (field "slug") when the slug is taken.
  virtual Status CreateOrganization(const Organization& org,
                                    std::string_view owner_user_id,
                                    const AuditEntry& audit) = 0;
  // The organization named by `org_ref` (slug or id) with the user's role in
  // it; NotFound when it does not exist or the user is not a member.
  virtual Result<Membership> FindMembership(std::string_view user_id,
                                            std::string_view org_ref) = 0;
  // The user's organizations, ordered by slug.
  virtual Result<std::vector<Membership>> ListMemberships(
      std::string_view user_id) = 0;

  // --- Members of an organization, ordered by username.
  virtual Result<std::vector<Member>> ListMembers(std::string_view org_id) = 0;
  // Adds `user_id` with `role`. When `new_user` is set, creates that user in
  // the same transaction (Conflict on "username" if the name was taken
  // meanwhile). Conflict when already a member.
  virtual Result<Member> AddMember(std::string_view org_id,
                                   const User* new_user,
                                   std::string_view user_id, Role role,
                                   int64_t at, const AuditEntry& audit) = 0;
  // NotFound when not a member; Conflict when it would leave no owner.
  virtual Result<Member> UpdateMemberRole(std::string_view org_id,
                                          std::string_view username, Role role,
                                          const AuditEntry& audit) = 0;
  virtual Status RemoveMember(std::string_view org_id,
                              std::string_view username,
                              const AuditEntry& audit) = 0;

  // --- Products, ordered by name.
  virtual Result<std::vector<Product>> ListProducts(
      std::string_view org_id) = 0;
  virtual Result<Product> GetProduct(std::string_view org_id,
                                     std::string_view product_ref) = 0;
  // Stores `product`. With `slug_is_explicit` false the slug is a base that
  // gets "-2", "-3", ... when taken; otherwise a taken slug is a Conflict.
  // A taken name is a Conflict (field "name"). Returns what was stored.
  virtual Result<Product> CreateProduct(Product product, bool slug_is_explicit,
                                        const AuditEntry& audit) = 0;
  // Writes name, slug and updated_at of the product with `product.id`.
  virtual Result<Product> UpdateProduct(const Product& product,
                                        const AuditEntry& audit) = 0;
  // Conflict while the product has applications.
  virtual Status DeleteProduct(std::string_view org_id,
                               std::string_view product_id,
                               const AuditEntry& audit) = 0;

  // --- Applications, ordered by name.
  // With `product_id` set, only that product's applications.
  virtual Result<std::vector<Application>> ListApplications(
      std::string_view org_id, std::optional<std::string_view> product_id) = 0;
  virtual Result<Application> GetApplication(std::string_view org_id,
                                             std::string_view app_ref) = 0;
  // As CreateProduct (names need not be unique).
  virtual Result<Application> CreateApplication(Application app,
                                                bool slug_is_explicit,
                                                const AuditEntry& audit) = 0;
  // Writes every mutable field of the application with `app.id`.
  virtual Result<Application> UpdateApplication(const Application& app,
                                                const AuditEntry& audit) = 0;
  virtual Status DeleteApplication(std::string_view org_id,
                                   std::string_view app_id,
                                   const AuditEntry& audit) = 0;

  // --- Audit log, newest first: at most `limit` entries with id < `before`.
  virtual Result<std::vector<AuditEntry>> ListAuditEntries(
      std::string_view org_id, int limit, std::optional<int64_t> before) = 0;
};

}  // namespace hookwarden
