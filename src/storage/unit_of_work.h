// The narrow unit of work through which the data plane and the incident
// actions write: what one transaction may read and write about
// applications' tracked state, events, deploys, incidents and the outbox.
// The store opens the transaction (UnitStore::InUnitOfWork), lends the unit
// to the caller's code, and commits or rolls back. The rules that decide
// what to write (domain/incident_tracker.h, domain/incident_actions.h,
// services/notifications.h) run in the caller's code: the unit only
// persists.
//
// A unit is valid only inside the callback that received it, on that
// thread. Its failures are the store's: Unavailable when the database
// cannot be reached, Internal otherwise; the transaction is then rolled
// back whatever the callback returns.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/application.h"
#include "domain/audit_entry.h"
#include "domain/burn_alerts.h"
#include "domain/channel.h"
#include "domain/channel_route.h"
#include "domain/deploy.h"
#include "domain/envelope.h"
#include "domain/event.h"
#include "domain/event_counts.h"
#include "domain/flapping.h"
#include "domain/incident.h"
#include "domain/incident_tracker.h"
#include "domain/integration_token.h"
#include "domain/maintenance_window.h"
#include "domain/organization.h"
#include "domain/run.h"

namespace hookwarden {

// An application's rules (with the fields an incident copies) and what its
// rules remember.
struct TrackedApplication {
  Application app;
  TrackedState state;
  // Its oldest open incident of kind "alert", if any: the application is in
  // incident while it is open, whatever its rules say.
  std::optional<Incident> open_alert;
  // In a maintenance window (its own or its product's) at the time given
  // to LockApplications; only LockApplications fills it (false elsewhere).
  bool in_maintenance = false;
};

// Counts to add to an application's minute (and to the hour that holds it).
struct MinuteCounts {
  std::string_view application_id;  // Valid for the call that takes it.
  int64_t minute = 0;               // Start of the minute, epoch millis.
  EventCounts counts;
};

// An idempotency key to claim (UnitOfWork::ClaimIdempotencyKeys).
struct IdempotencyClaim {
  std::string_view application_id;  // Valid for the call that takes it.
  std::string_view key;
  int64_t at = 0;
};

// An incident to write (UnitOfWork::WriteIncidents): inserted when opened,
// else its row updated.
struct IncidentWrite {
  const Incident* incident = nullptr;  // Valid for the call that takes it.
  bool opened = false;
};

// What one channel remembers of one application's incidents.
struct ChannelFlapState {
  std::string channel_id;
  std::string organization_id;
  FlapState state;
};

// An application whose SLO the burn-rate check looks at: it has an SLO, or
// rules that fire (`slo` null once the SLO was taken away).
struct SloCandidate {
  std::string application_id;
  std::string organization_id;
  std::optional<Slo> slo;
  // Its rules that fire, as remembered (read again under its lock).
  std::vector<BurnFiring> firing;
};

// Queuing notification deliveries inside the transaction of the change
// that causes them.
class OutboxWriter {
 public:
  virtual ~OutboxWriter() = default;
  // The organization's channels, by id. Read once per organization and
  // unit: asking again is free.
  virtual Result<std::vector<ChannelRoute>> ChannelRoutes(
      const std::string& org_id) = 0;
  // NotFound when absent.
  virtual Result<Organization> OrganizationById(const std::string& org_id) = 0;
  // The application as events name it; NotFound when it is gone.
  virtual Result<EventApplication> EventApplicationById(
      const std::string& application_id) = 0;
  // Queues the deliveries, due at their next_attempt_at, in this order.
  virtual Status Enqueue(const std::vector<Delivery>& deliveries) = 0;
  // Gives the delivery of `channel_id` in group `group_key` that waits for
  // its group window (pending, due after `now`, never tried, held by no
  // worker) the event `event_id` of `type` with `payload` instead of its
  // own. False (and nothing changes) when no delivery of the group waits.
  virtual Result<bool> Regroup(const std::string& channel_id,
                               const std::string& group_key,
                               const std::string& event_id,
                               std::string_view type,
                               const std::string& payload, int64_t now) = 0;
  // What the channel remembers of the application (an empty state when
  // nothing), and storing it.
  virtual Result<FlapState> FlapStateOf(const std::string& channel_id,
                                        const std::string& application_id) = 0;
  virtual Status SaveFlapState(const std::string& org_id,
                               const std::string& channel_id,
                               const std::string& application_id,
                               const FlapState& state) = 0;
  // The channels for which the application is flapping, with their state.
  virtual Result<std::vector<ChannelFlapState>> FlappingFor(
      const std::string& application_id) = 0;
};

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;

  // Takes the write lock of each application (one writer per application
  // at a time, also across servers sharing a database; always in the
  // order of their ids, so that two units never wait for each other) and
  // reads its rules and tracked state, and whether it is in maintenance at
  // `at`. Applications that do not exist (any more) are left out of the
  // answer; the others come in the order of ids. One round trip for all.
  virtual Result<std::vector<TrackedApplication>> LockApplications(
      std::vector<std::string> application_ids, int64_t at) = 0;
  // Stores the tracked state of a locked application.
  virtual Status SaveTrackedState(const std::string& application_id,
                                  const TrackedState& state) = 0;

  // Claims each idempotency key of its application at its time: true when
  // it was not seen within the kept window (and is now), false for a
  // duplicate (also of a claim earlier in the list). One answer per claim,
  // in order; one round trip for all.
  virtual Result<std::vector<bool>> ClaimIdempotencyKeys(
      const std::vector<IdempotencyClaim>& claims) = 0;
  // Keeps accepted events as rows: every failure and log message, and the
  // newest kKeptEventsPerApplication hits of each application, as a ring
  // that the next hits overwrite in place.
  virtual Status KeepEvents(const std::vector<const Event*>& events) = 0;
  // Adds the counts to their per-minute and per-hour aggregates.
  virtual Status AddCounts(const std::vector<MinuteCounts>& counts) = 0;
  // Counts the credentials' uses (requests, throttled, last use). Call it
  // before anything goes to the outbox: regenerating a credential locks its
  // row and then the outbox's sequence, so the unit writes the uses before
  // its first outbox row, or else last, just before the commit (where a
  // credential's row, shared by its applications, stays locked least).
  virtual Status RecordCredentialUses(
      const std::vector<CredentialUse>& uses) = 0;

  // Stores the deploy, or updates the one with the same application and
  // id (keeping its first created_at). Returns it as stored, and whether it
  // was created.
  virtual Result<std::pair<Deploy, bool>> UpsertDeploy(
      const Deploy& deploy) = 0;

  // The open incident of kind "alert" of `key` in one of the applications
  // (the most recently opened if several), or nullopt. Read without
  // locking: read it again once its application is locked.
  virtual Result<std::optional<Incident>> OpenAlertIncident(
      const std::vector<std::string>& application_ids,
      const std::string& key) = 0;
  // The application's open runs, oldest first.
  virtual Result<std::vector<Run>> OpenRunsOf(
      const std::string& application_id) = 0;
  // Stores a run just started.
  virtual Status InsertRun(const Run& run) = 0;
  // Records that the run `id` finished at `finished_at`, lasting
  // `duration_ms`, failed or not, with the finishing report's exit code.
  virtual Status FinishRun(const std::string& id, int64_t finished_at,
                           int64_t duration_ms, bool failed,
                           std::optional<int64_t> exit_code) = 0;
  // Forgets an open run (dropped for the bound, or started again).
  virtual Status DeleteRun(const std::string& id) = 0;
  // Records that the open run `id` was considered for run_too_long.
  virtual Status MarkRunOverdue(const std::string& id) = 0;

  // Inserts an opened incident, or writes any other change of one.
  virtual Status WriteIncident(const Incident& incident, bool opened) = 0;
  // WriteIncident for each, in order; the opened ones inserted together (a
  // group of flapping events opens many).
  virtual Status WriteIncidents(const std::vector<IncidentWrite>& writes) = 0;
  // Writes an audit entry with the change it describes.
  virtual Status RecordAudit(const AuditEntry& audit) = 0;

  // Records that the channels are told of the window's start (or, with
  // `end`, of its end): true when this unit is the first to, false when it
  // was told already (or the window is gone).
  virtual Result<bool> ClaimMaintenanceNotice(const std::string& window_id,
                                              bool end) = 0;

  // The application's burn-rate rules that fire, as remembered, and
  // replacing them (domain/burn_alerts.h).
  virtual Result<std::vector<BurnFiring>> BurnFiringOf(
      const std::string& application_id) = 0;
  virtual Status SaveBurnFiring(const std::string& org_id,
                                const std::string& application_id,
                                const std::vector<BurnFiring>& firing) = 0;

  // The outbox, in this same transaction.
  virtual OutboxWriter& Outbox() = 0;
};

using UnitWork = std::function<Status(UnitOfWork&)>;

class UnitStore {
 public:
  virtual ~UnitStore() = default;
  // Runs `work` inside one write transaction and commits when it returns
  // Ok; otherwise rolls back and returns its failure. Thread-safe; blocks
  // on the database.
  virtual Status InUnitOfWork(const UnitWork& work) = 0;
  // As InUnitOfWork, but only when the transaction waits for nothing
  // (sql::Database::WriteWithoutWaiting): false, and nothing run,
  // otherwise. This default never runs it.
  virtual Result<bool> InUnitOfWorkWithoutWaiting(const UnitWork& /*work*/) {
    return false;
  }
  // An incident of the organization, read with its application locked, and
  // `work` run on it in the same transaction (as InUnitOfWork). NotFound
  // when the organization has no such incident.
  virtual Status WithIncident(
      std::string_view org_id, std::string_view incident_id,
      const std::function<Status(UnitOfWork&, Incident&)>& work) = 0;
  // The applications whose no-data deadline (IncidentTracker::
  // NoDataDeadline) is at or before `now`, by id: candidates, to be
  // checked again under their lock.
  virtual Result<std::vector<std::string>> NoDataCandidates(int64_t now) = 0;
  // The applications with a schedule and no incident open by their rules,
  // by id, as they are now (not locked): the watch finds those whose late
  // deadline (IncidentTracker::LateDeadline) has come, and checks them again
  // under their lock.
  virtual Result<std::vector<TrackedApplication>> ScheduledApplications() = 0;
  // The applications with max_runtime_seconds and an open run not yet
  // considered that started that long before `now`, by id: candidates, checked
  // again under their lock.
  virtual Result<std::vector<std::string>> OverdueRunCandidates(
      int64_t now) = 0;
  // The applications some channel holds for flapping, by id: candidates
  // for the check that they stopped, made under their lock.
  virtual Result<std::vector<std::string>> FlappingApplications() = 0;
  // At most `limit` windows whose start or end has come by `now` and was
  // not told to the channels yet, earliest first, with the applications
  // they cover: candidates, claimed under ClaimMaintenanceNotice.
  virtual Result<std::vector<MaintenanceNotice>> DueMaintenanceNotices(
      int64_t now, int limit) = 0;
  // At most `limit` applications with an SLO or with burn-rate rules that
  // fire, by id after `after` (empty: from the first), as they are now (not
  // locked): the burn-rate check's candidates.
  virtual Result<std::vector<SloCandidate>> SloCandidates(
      const std::string& after, int limit) = 0;
};

}  // namespace hookwarden
