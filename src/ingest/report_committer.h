// The rules of one group commit: what a group of reports does to the
// events, aggregates, deploys, incidents and outbox, decided here and
// written through the store's unit of work (storage/unit_of_work.h), all in
// one transaction.
//
// For a group, in order: the applications of all its reports are locked and
// their tracked state read once (a report naming an application deleted
// meanwhile is refused alone); idempotency keys are claimed (a key seen
// within the kept window makes a duplicate, neither stored nor counted);
// accepted events are kept as rows (every failure, the newest hits) and
// counted in their minutes and hours (by the report's tallies, made on its
// network thread, when none of its events is a duplicate); each accepted event
// goes through its application's incident rules (domain/incident_tracker.h) in
// the order of the group, opening and resolving incidents and notifying
// channels; each alert opens, acknowledges or resolves its key's incident of
// kind "alert" (domain/alert_rules.h), notifying channels as events' incidents
// do; deploys are stored (and a new one notified); starts open runs, which
// the next matching accepted event finishes (domain/run.h), and count as
// reports for the application's watches; log messages are kept as rows and
// do nothing else; last, the credentials' uses are counted.
//
// Round trips (PostgreSQL): the unit sends what it only writes without
// waiting for answers (sql::Connection::Send), so a group of events costs
// one round trip for BEGIN, the locks and the tracked state, one for the
// maintenance windows, one for the idempotency keys (when any), one for
// the event rows' ring slots, and one for everything else with COMMIT.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "domain/incident_tracker.h"
#include "ingest/report.h"
#include "storage/unit_of_work.h"

namespace hookwarden::ingest {

struct GroupApplication;  // ingest/group_applications.h
// The application of each event of each report of a group, in order
// (null: not in the group).
using AppsOfEvents = std::vector<std::vector<GroupApplication*>>;

// Commits groups of reports. The group-commit writer calls it from its one
// thread; tests call it directly.
class GroupCommitter {
 public:
  virtual ~GroupCommitter() = default;
  // Commits `reports` and the rate limiter's refusals (`throttled`, by
  // credential) in one transaction: one outcome per report, in order; or,
  // when nothing was committed, why.
  virtual Result<std::vector<ReportOutcome>> Commit(
      const std::vector<Report*>& reports,
      const std::map<std::string, int64_t>& throttled) = 0;
  // As Commit, but only when the transaction waits for nothing
  // (UnitStore::InUnitOfWorkWithoutWaiting): nullopt, and nothing done,
  // otherwise. This default never commits.
  virtual Result<std::optional<std::vector<ReportOutcome>>>
  CommitWithoutWaiting(const std::vector<Report*>& /*reports*/,
                       const std::map<std::string, int64_t>& /*throttled*/) {
    return std::optional<std::vector<ReportOutcome>>();
  }
};

class ReportCommitter final : public GroupCommitter {
 public:
  // `store` and `clock` must outlive the committer.
  ReportCommitter(UnitStore& store, const Clock& clock);

  Result<std::vector<ReportOutcome>> Commit(
      const std::vector<Report*>& reports,
      const std::map<std::string, int64_t>& throttled) override;
  Result<std::optional<std::vector<ReportOutcome>>> CommitWithoutWaiting(
      const std::vector<Report*>& reports,
      const std::map<std::string, int64_t>& throttled) override;

 private:
  // The work of a unit that commits `reports`, filling `outcomes`.
  UnitWork Work(const std::vector<Report*>& reports,
                const std::map<std::string, int64_t>& throttled,
                std::vector<ReportOutcome>& outcomes) const;
  // One use per report of each credential, and the refusals counted.
  std::vector<CredentialUse> Uses(
      const std::vector<Report*>& reports,
      const std::map<std::string, int64_t>& throttled) const;
  // Names the application of each alert that names only its key (its open
  // incident's, among its candidates); those without one stay unnamed.
  static Status FindAlertApplications(UnitOfWork& unit,
                                      std::vector<Alert>& alerts);
  // Applies the reports' starts and accepted events to their applications'
  // runs in order (domain/run.h): starts are stored, finished runs written
  // and each finishing event given its run's duration.
  static Status ApplyRuns(UnitOfWork& unit, const std::vector<Report*>& reports,
                          const AppsOfEvents& app_of,
                          const std::vector<bool>& refused,
                          std::vector<ReportOutcome>& outcomes);
  // Applies one alert of the locked `app` to its key's incident, writing
  // and notifying what changed (domain/alert_rules.h). In maintenance no
  // alert opens an incident.
  Result<AlertOutcome> ApplyAlertIn(UnitOfWork& unit, const Application& app,
                                    bool in_maintenance,
                                    const Alert& alert) const;
  Status CommitIn(UnitOfWork& unit, const std::vector<Report*>& reports,
                  const std::map<std::string, int64_t>& throttled,
                  std::vector<ReportOutcome>& outcomes) const;

  UnitStore& store_;
  const Clock& clock_;
  IncidentTracker tracker_;
};

// Commits `report` alone, at the system clock's time: its outcome, or why
// it was refused or not committed.
Result<ReportOutcome> CommitReport(UnitStore& store, Report report);
// Commits `events` as one report sent by no credential, for callers that
// are not requests (seeding a store, tests): one outcome per event.
Result<std::vector<EventOutcome>> CommitEvents(UnitStore& store,
                                               std::vector<Event> events);
// Commits one deploy likewise: as stored, and whether it was created.
Result<std::pair<Deploy, bool>> CommitDeploy(UnitStore& store, Deploy deploy);

}  // namespace hookwarden::ingest
