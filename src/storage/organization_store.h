// The store's part for organizations, their members, products and
// applications.
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/application.h"
#include "domain/audit_entry.h"
#include "domain/integration_token.h"
#include "domain/organization.h"
#include "domain/product.h"
#include "domain/role.h"
#include "domain/user.h"

namespace hookwarden {

class OrganizationStore {
 public:
  virtual ~OrganizationStore() = default;

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
  // The organization with this id, for callers that are not users (a token
  // holder). NotFound when absent.
  virtual Result<Organization> GetOrganization(std::string_view org_id) = 0;
  // The user's organizations, ordered by slug.
  virtual Result<std::vector<Membership>> ListMemberships(
      std::string_view user_id) = 0;

  // --- Members of an organization, ordered by username (they join by
  // accepting an invitation: storage/invitation_store.h).
  virtual Result<std::vector<Member>> ListMembers(std::string_view org_id) = 0;
  // NotFound when not a member; Conflict when it would leave no owner. An
  // empty audit.target_id is filled with the member's user id.
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
  // As CreateProduct (names need not be unique). The credential links are
  // written by id (the caller checked that they are live credentials of the
  // organization and of the right type); with a deploy credential, `mint`
  // makes the application's deploy token in the same transaction.
  virtual Result<Application> CreateApplication(Application app,
                                                bool slug_is_explicit,
                                                const TokenMinter& mint,
                                                const AuditEntry& audit) = 0;
  // Writes every mutable field of the application with `app.id`. When the
  // deploy credential changes, the old deploy token stops working at once
  // and `mint` makes a new one under the new credential.
  virtual Result<Application> UpdateApplication(const Application& app,
                                                const TokenMinter& mint,
                                                const AuditEntry& audit) = 0;
  // Also removes its deploy token and everything it reported: events,
  // aggregates, deploys, incidents.
  virtual Status DeleteApplication(std::string_view org_id,
                                   std::string_view app_id,
                                   const AuditEntry& audit) = 0;
};

}  // namespace hookwarden
