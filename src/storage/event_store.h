// The store's part for what the data plane reported: events, their
// aggregates, deploys, the figures' inputs, and retention.
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/deploy.h"
#include "domain/event.h"
#include "domain/event_counts.h"
#include "domain/incident.h"
#include "domain/run.h"
#include "domain/time_spans.h"

namespace hookwarden {

class EventStore {
 public:
  virtual ~EventStore() = default;

  // --- Events and deploys. They are written by the data plane through
  // the unit of work (storage/unit_of_work.h).
  struct EventQuery {
    std::optional<EventStatus> status;  // Only the events of this status.
    std::optional<int64_t> from, to;    // [from, to) on the event's time.
    int limit = 100;
    // Where the previous page ended: only the events before this one
    // (earlier, or at the same time with a smaller id).
    std::optional<std::pair<int64_t, int64_t>> before;  // {at, id}
  };
  // When each application of the organization last reported (the time of
  // its newest kept hit or failure; log messages are no report), by
  // application id; an application without kept events is absent.
  virtual Result<std::map<std::string, int64_t>> LastEventTimes(
      std::string_view org_id) = 0;
  // The application's kept events, newest first.
  virtual Result<std::vector<Event>> ListEvents(std::string_view org_id,
                                                std::string_view app_id,
                                                const EventQuery& query) = 0;
  // The application's deploys created in [from, to), newest first (by
  // created_at, then id); with `before` ({created_at, id} of the previous
  // page's last one), only those after it in that order.
  using DeployPosition = std::pair<int64_t, std::string>;
  virtual Result<std::vector<Deploy>> ListDeploys(
      std::string_view org_id, std::string_view app_id,
      std::optional<int64_t> from, std::optional<int64_t> to, int limit,
      const std::optional<DeployPosition>& before = std::nullopt) = 0;
  struct Retention {
    int64_t now = 0;
    int64_t failures_millis = 30LL * 24 * 3600 * 1000;
    int64_t aggregates_millis = 400LL * 24 * 3600 * 1000;
    int64_t idempotency_millis = 24LL * 3600 * 1000;
    int keep_events = 1000;  // Hits per application (failures all stay).
    int max_rows = 5000;     // At most this many rows go per table and call.
  };
  // Removes what is past its retention (log messages go with the failures),
  // in short transactions. Returns how
  // many rows went; call again while it returns max_rows or more.
  virtual Result<int64_t> PruneEvents(const Retention& retention) = 0;

  // --- Inputs of the reliability figures (metrics/figures.h).
  struct ReliabilityQuery {
    std::string application_id;
    int64_t from = 0, to = 0;  // Whole minutes.
    // Only minute slices; otherwise whole UTC hours inside [from, to) come
    // as hour slices, and the minutes around them as minute slices.
    bool minutes_only = false;
    // Incidents that open up to here are read too (for change failures).
    int64_t incidents_opened_before = 0;
  };
  struct ReliabilityData {
    std::vector<AggregateSlice> aggregates;  // In [from, to), by start.
    // Incidents opened before incidents_opened_before and not resolved
    // before `from`, by opened_at.
    std::vector<Incident> incidents;
    std::vector<Deploy> deploys;            // Deployed in [from, to).
    std::optional<int64_t> next_deploy_at;  // The first deploy at or after to.
    // The maintenance windows covering the application that overlap
    // [from, to), any order.
    std::vector<Span> maintenance;
    std::vector<FinishedRun> runs;  // Finished in [from, to).
  };
  // One application's data for the figures, read in one snapshot.
  virtual Result<ReliabilityData> ReadReliabilityData(
      const ReliabilityQuery& query) = 0;
  // Every application's data of the organization for the figures, as
  // ReadReliabilityData reads it for `query` (whose application_id is not
  // read), all in one snapshot: `each` is called once for each application,
  // in ascending order of id, with its data, which it may move from (when
  // the database has the read run again, from the first application: a
  // caller keeps the last call's data of each). The
  // applications are read a bounded batch at a time, one statement per
  // table for each batch, so that only one batch's data is held at once.
  // `each` runs inside the read transaction: it must not call the store.
  // Stops at `each`'s first failure and returns it.
  using EachReliabilityData = std::function<Status(
      const std::string& application_id, ReliabilityData& data)>;
  virtual Status ReadOrganizationReliabilityData(
      std::string_view org_id, const ReliabilityQuery& query,
      const EachReliabilityData& each) = 0;
};

}  // namespace hookwarden
