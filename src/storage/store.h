// The Store: everything hookwarden keeps, behind one interface so that the
// embedded SQLite backend and a PostgreSQL backend serve the same callers.
//
// Contracts shared by every method:
// - Thread-safe; calls may block on the disk, so the network threads never
//   call them (the HTTP server runs handlers on its worker pool), but for
//   UnitStore::InUnitOfWorkWithoutWaiting, which runs only when nothing
//   waits.
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
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/audit_store.h"
#include "storage/credential_store.h"
#include "storage/event_store.h"
#include "storage/incident_store.h"
#include "storage/invitation_store.h"
#include "storage/maintenance_store.h"
#include "storage/organization_store.h"
#include "storage/outbox_store.h"
#include "storage/sealed_store.h"
#include "storage/slo_store.h"
#include "storage/status_page_store.h"
#include "storage/unit_of_work.h"
#include "storage/user_store.h"

namespace hookwarden {

// Everything hookwarden keeps. Each consumer takes only the part it uses
// (storage/*_store.h); the backends implement them all.
class Store : public UserStore,
              public OrganizationStore,
              public InvitationStore,
              public CredentialStore,
              public SealedStore,
              public OutboxStore,
              public EventStore,
              public IncidentStore,
              public AuditStore,
              public MaintenanceStore,
              public StatusPageStore,
              public SloStore,
              public UnitStore {
 public:
  virtual ~Store() = default;

  // Ok when the database answers a trivial query.
  virtual Status Ping() = 0;
};

}  // namespace hookwarden
