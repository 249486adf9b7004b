// The store's part for the public status page (domain/status_page.h): an
// organization's settings, its badge key (by keyed hash only) and what its
// admins publish about incidents.
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/audit_entry.h"
#include "domain/status_page.h"

namespace hookwarden {

class StatusPageStore {
 public:
  virtual ~StatusPageStore() = default;

  // The organization's settings, with its slug and name and the products
  // (slug and name) in the order saved; DefaultStatusPage when it never
  // saved any. NotFound when the organization does not exist.
  virtual Result<StatusPage> GetStatusPage(std::string_view org_id) = 0;
  // Writes enabled, title, description, products (by id: the caller checked
  // they are the organization's), updated_by and updated_at of the
  // organization `page.organization_id`, keeping its badge key. Returns the
  // settings as read back.
  virtual Result<StatusPage> PutStatusPage(const StatusPage& page,
                                           const AuditEntry& audit) = 0;
  // Replaces the organization's badge key by the one with `key_hash` (the
  // TokenHasher's) and `hint`: the old key stops opening badges at once.
  // An empty `key_hash` removes the key (no hint, no date): no key opens the
  // badges until a new one is made. Keeps the other settings (the defaults
  // when there were none).
  virtual Result<StatusPage> ReplaceBadgeKey(std::string_view org_id,
                                             std::string_view key_hash,
                                             std::string_view hint, int64_t now,
                                             const AuditEntry& audit) = 0;
  // The settings of the organization with slug `org_slug`, enabled or not;
  // NotFound when there is no such organization.
  virtual Result<StatusPage> FindStatusPage(std::string_view org_slug) = 0;
  // The settings of the organization whose current badge key has this
  // hash; NotFound when none has.
  virtual Result<StatusPage> FindStatusPageByBadgeKey(
      std::string_view key_hash) = 0;

  // --- What admins publish about incidents.
  // Writes the incident's publication; NotFound unless the organization has
  // the incident.
  virtual Status PublishIncident(std::string_view org_id,
                                 std::string_view incident_id,
                                 const IncidentPublication& publication,
                                 const AuditEntry& audit) = 0;
  // The publications of those of `incident_ids` the organization has that
  // have one, by incident id (at most 1000 ids a call).
  virtual Result<std::map<std::string, IncidentPublication>>
  IncidentPublications(std::string_view org_id,
                       const std::vector<std::string>& incident_ids) = 0;
};

}  // namespace hookwarden
