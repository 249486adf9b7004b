#include "ingest/report_committer.h"

#include <algorithm>
#include <unordered_set>

#include "auth/random.h"
#include "domain/alert_rules.h"
#include "domain/channel.h"
#include "ingest/group_applications.h"
#include "services/notifications.h"

namespace hookwarden::ingest {
namespace {

// Whether `tallies` can stand for `events`: there are some, each names an
// event, and together they count as many events as there are.
bool HoldsEachEvent(const std::vector<EventTally>& tallies,
                    const std::vector<Event>& events) {
  if (tallies.empty()) return false;
  size_t counted = 0;
  for (const EventTally& t : tallies) {
    if (t.event >= events.size()) return false;
    counted += static_cast<size_t>(t.counts.hits + t.counts.failures);
  }
  return counted == events.size();
}

}  // namespace

std::vector<CredentialUse> ReportCommitter::Uses(
    const std::vector<Report*>& reports,
    const std::map<std::string, int64_t>& throttled) const {
  int64_t now = clock_.NowMillis();
  std::map<std::string, CredentialUse> uses;
  for (const Report* r : reports) {
    if (r->credential_id.empty()) continue;
    CredentialUse& use = uses[r->credential_id];
    use.credential_id = r->credential_id;
    ++use.requests;
    use.last_at = now;
    use.last_from = r->from;
  }
  for (const auto& [credential, count] : throttled) {
    CredentialUse& use = uses[credential];
    use.credential_id = credential;
    use.throttled += count;
  }
  std::vector<CredentialUse> list;
  list.reserve(uses.size());
  for (auto& [id, use] : uses) list.push_back(std::move(use));
  return list;
}

ReportCommitter::ReportCommitter(UnitStore& store, const Clock& clock)
    : store_(store),
      clock_(clock),
      tracker_([] { return auth::NewOrderedId("inc"); }) {}

Result<std::vector<ReportOutcome>> ReportCommitter::Commit(
    const std::vector<Report*>& reports,
    const std::map<std::string, int64_t>& throttled) {
  std::vector<ReportOutcome> outcomes;
  Status done = store_.InUnitOfWork(Work(reports, throttled, outcomes));
  if (!done.ok()) return done;
  return outcomes;
}

Result<std::optional<std::vector<ReportOutcome>>>
ReportCommitter::CommitWithoutWaiting(
    const std::vector<Report*>& reports,
    const std::map<std::string, int64_t>& throttled) {
  std::vector<ReportOutcome> outcomes;
  auto done =
      store_.InUnitOfWorkWithoutWaiting(Work(reports, throttled, outcomes));
  if (!done.ok()) return done.status();
  if (!*done) return std::optional<std::vector<ReportOutcome>>();
  return std::optional(std::move(outcomes));
}

UnitWork ReportCommitter::Work(const std::vector<Report*>& reports,
                               const std::map<std::string, int64_t>& throttled,
                               std::vector<ReportOutcome>& outcomes) const {
  return [this, &reports, &throttled, &outcomes](UnitOfWork& unit) {
    outcomes.clear();
    outcomes.resize(reports.size());
    return CommitIn(unit, reports, throttled, outcomes);
  };
}

Status ReportCommitter::CommitIn(
    UnitOfWork& unit, const std::vector<Report*>& reports,
    const std::map<std::string, int64_t>& throttled,
    std::vector<ReportOutcome>& outcomes) const {
  // Each application's tracked state is read once, under its lock, and
  // written back once at the end. A batch names its application in every
  // item: each is listed once.
  std::unordered_set<std::string_view> named;
  std::vector<std::string> app_ids;
  auto name = [&](const std::string& id) {
    if (!app_ids.empty() && app_ids.back() == id) return;
    if (named.insert(id).second) app_ids.push_back(id);
  };
  for (Report* r : reports) {
    for (const Event& e : r->events) name(e.application_id);
    for (const Run& s : r->starts) name(s.application_id);
    for (const Event& l : r->logs) name(l.application_id);
    if (r->deploy) name(r->deploy->application_id);
    HW_RETURN_IF_ERROR(FindAlertApplications(unit, r->alerts));
    for (const Alert& a : r->alerts) {
      if (!a.application_id.empty()) name(a.application_id);
    }
  }
  auto locked = unit.LockApplications(std::move(app_ids), clock_.NowMillis());
  if (!locked.ok()) return locked.status();
  GroupApplications apps;
  for (TrackedApplication& t : *locked) {
    GroupApplication& a = apps.Add(t.app.id);
    a.tracked = &t;
    a.in_maintenance = t.in_maintenance;
    if (t.open_alert) a.open_alert = std::make_shared<Incident>(*t.open_alert);
    a.open =
        t.state.open ? std::make_shared<Incident>(*t.state.open) : a.open_alert;
  }

  // Each event's application, found once for all that follows (null: not
  // in the group).
  AppsOfEvents app_of(reports.size());
  for (size_t r = 0; r < reports.size(); ++r) {
    app_of[r].reserve(reports[r]->events.size());
    for (const Event& e : reports[r]->events) {
      app_of[r].push_back(apps.Find(e.application_id));
    }
  }

  // A report naming an application deleted since its token was granted
  // is refused alone: nothing of it is stored.
  std::vector<bool> refused(reports.size(), false);
  for (size_t r = 0; r < reports.size(); ++r) {
    auto gone = [&](const std::string& app) { return !apps.Find(app); };
    bool any_gone =
        reports[r]->deploy && gone(reports[r]->deploy->application_id);
    for (const GroupApplication* app : app_of[r])
      any_gone = any_gone || app == nullptr;
    for (const Run& s : reports[r]->starts)
      any_gone = any_gone || gone(s.application_id);
    for (const Event& l : reports[r]->logs)
      any_gone = any_gone || gone(l.application_id);
    for (const Alert& a : reports[r]->alerts)
      any_gone =
          any_gone || (!a.application_id.empty() && gone(a.application_id));
    if (!any_gone) continue;
    refused[r] = true;
    outcomes[r].refused = Status::NotFound("application not found");
  }

  // Each request counts as one use of the credential whose token sent it:
  // told to the unit before any notification (see RecordCredentialUses).
  HW_RETURN_IF_ERROR(unit.RecordCredentialUses(Uses(reports, throttled)));

  // Duplicates go no further; the others are kept and counted. The keys of
  // the whole group are claimed at once, in the order of the group.
  std::vector<IdempotencyClaim> claims;
  for (size_t r = 0; r < reports.size(); ++r) {
    if (refused[r]) continue;
    for (const Event& e : reports[r]->events) {
      if (e.idempotency_key) {
        claims.push_back({e.application_id, *e.idempotency_key, e.received_at});
      }
    }
  }
  std::vector<bool> fresh;
  if (!claims.empty()) {
    auto claimed = unit.ClaimIdempotencyKeys(claims);
    if (!claimed.ok()) return claimed.status();
    fresh = std::move(claimed).value();
  }
  size_t next_claim = 0;
  std::vector<const Event*> accepted;
  std::map<std::pair<std::string_view, int64_t>, EventCounts> minutes;
  std::pair<const std::pair<std::string_view, int64_t>, EventCounts>* minute =
      nullptr;
  const GroupApplication* minute_app = nullptr;  // minute's application
  for (size_t r = 0; r < reports.size(); ++r) {
    if (refused[r]) continue;
    const std::vector<Event>& events = reports[r]->events;
    outcomes[r].events.resize(events.size());
    size_t first_accepted = accepted.size();
    for (size_t i = 0; i < events.size(); ++i) {
      const Event& e = events[i];
      if (e.idempotency_key && !fresh.at(next_claim++)) {
        outcomes[r].events[i].duplicate = true;
        continue;
      }
      accepted.push_back(&e);
    }
    // The report's tallies hold every event: they serve when all were
    // accepted.
    const std::vector<EventTally>& tallies = reports[r]->tallies;
    if (accepted.size() - first_accepted == events.size() &&
        HoldsEachEvent(tallies, events)) {
      for (const EventTally& t : tallies) {
        minutes[{events[t.event].application_id, t.minute}].Merge(t.counts);
      }
      continue;
    }
    for (size_t a = first_accepted; a < accepted.size(); ++a) {
      const Event& e = *accepted[a];
      // A batch's items are mostly of one application and one minute.
      const GroupApplication* app = app_of[r][&e - events.data()];
      int64_t at_minute = MinuteOf(e.at);
      if (!minute || minute_app != app || minute->first.second != at_minute) {
        minute = &*minutes.try_emplace({e.application_id, at_minute}).first;
        minute_app = app;
      }
      minute->second.Add(e);
    }
  }
  HW_RETURN_IF_ERROR(ApplyRuns(unit, reports, app_of, refused, outcomes));
  std::vector<MinuteCounts> counts;
  counts.reserve(minutes.size());
  for (auto& [key, n] : minutes) {
    counts.push_back({key.first, key.second, std::move(n)});
  }
  // Log messages are kept with the accepted events, and go no further.
  std::vector<const Event*> rows = accepted;
  for (size_t r = 0; r < reports.size(); ++r) {
    if (refused[r]) continue;
    for (const Event& l : reports[r]->logs) rows.push_back(&l);
  }
  HW_RETURN_IF_ERROR(unit.KeepEvents(rows));
  HW_RETURN_IF_ERROR(unit.AddCounts(counts));

  // The incident rules, event by event in the order of the group. Each
  // incident is written once, as it is at the end: one that opens and
  // resolves within this commit (a flapping application) costs one row.
  // In the order of their first change: (the incident as it is now, opened
  // in this group).
  std::vector<std::pair<std::shared_ptr<const Incident>, bool>> written;
  size_t next_accepted = 0;
  for (size_t r = 0; r < reports.size(); ++r) {
    if (refused[r]) continue;
    for (const Run& s : reports[r]->starts) {
      GroupApplication& app = *apps.Find(s.application_id);
      app.touched = true;
      IncidentTracker::TrackStart(app.tracked->state, s.started_at);
      outcomes[r].start_open_incident = app.open;
      outcomes[r].start_in_maintenance = app.in_maintenance;
    }
    const std::vector<Event>& events = reports[r]->events;
    for (size_t i = 0; i < events.size(); ++i) {
      const Event& e = events[i];
      GroupApplication* app = app_of[r][i];
      bool is_accepted =
          next_accepted < accepted.size() && accepted[next_accepted] == &e;
      if (is_accepted) ++next_accepted;
      if (app && is_accepted) {
        app->touched = true;
        IncidentChange change = tracker_.Track(
            app->tracked->app, app->tracked->state, e, app->in_maintenance);
        if (change.kind != IncidentChange::kNone) {
          bool opened = change.kind == IncidentChange::kOpened;
          auto incident =
              std::make_shared<const Incident>(std::move(change.incident));
          // The rules change only the incident they opened: one opened in
          // this group has its row already.
          size_t& row = app->rules_incident_row;
          if (row < written.size() && written[row].first->id == incident->id) {
            written[row].first = incident;
          } else {
            written.emplace_back(incident, opened);
          }
          row = opened ? written.size() - 1 : GroupApplication::kNoRow;
          HW_RETURN_IF_ERROR(NotifyIncident(
              unit.Outbox(),
              opened ? kEventIncidentOpened : kEventIncidentResolved, *incident,
              e.received_at));
          app->open = opened ? std::move(incident) : app->open_alert;
        }
      }
      outcomes[r].events[i].open_incident = app ? app->open : nullptr;
      outcomes[r].events[i].in_maintenance = app && app->in_maintenance;
    }
  }
  // The updates first: each names an incident from before this group, so
  // the incidents opened in it go in together, after them (WriteIncidents
  // sends the inserts gathered so far before each update).
  std::stable_partition(written.begin(), written.end(),
                        [](const auto& row) { return !row.second; });
  std::vector<IncidentWrite> writes;
  writes.reserve(written.size());
  for (const auto& [incident, opened] : written) {
    writes.push_back({incident.get(), opened});
  }
  HW_RETURN_IF_ERROR(unit.WriteIncidents(writes));
  for (const GroupApplication& app : apps.all()) {
    if (!app.touched) continue;
    HW_RETURN_IF_ERROR(
        unit.SaveTrackedState(app.tracked->app.id, app.tracked->state));
  }

  // Alerts, in the order of the group: each changes its key's incident.
  for (size_t r = 0; r < reports.size(); ++r) {
    if (refused[r]) continue;
    const std::vector<Alert>& alerts = reports[r]->alerts;
    outcomes[r].alerts.resize(alerts.size());
    for (size_t i = 0; i < alerts.size(); ++i) {
      if (alerts[i].application_id.empty()) continue;
      const GroupApplication& app = *apps.Find(alerts[i].application_id);
      auto outcome =
          ApplyAlertIn(unit, app.tracked->app, app.in_maintenance, alerts[i]);
      if (!outcome.ok()) return outcome.status();
      outcomes[r].alerts[i] = std::move(outcome).value();
    }
  }

  // Deploys: stored, or updated by their id; a new one is notified.
  for (size_t r = 0; r < reports.size(); ++r) {
    if (!reports[r]->deploy || refused[r]) continue;
    const Deploy& deploy = *reports[r]->deploy;
    auto stored = unit.UpsertDeploy(deploy);
    if (!stored.ok()) return stored.status();
    if (stored->second) {
      HW_RETURN_IF_ERROR(NotifyDeployCreated(unit.Outbox(), stored->first,
                                             stored->first.created_at));
    }
    if (const GroupApplication* known = apps.Find(deploy.application_id)) {
      outcomes[r].deploy_open_incident = known->open;
      outcomes[r].deploy_in_maintenance = known->in_maintenance;
    }
    outcomes[r].deploy = std::make_unique<Deploy>(std::move(stored->first));
    outcomes[r].deploy_created = stored->second;
  }
  return Status::Ok();
}

Status ReportCommitter::ApplyRuns(UnitOfWork& unit,
                                  const std::vector<Report*>& reports,
                                  const AppsOfEvents& app_of,
                                  const std::vector<bool>& refused,
                                  std::vector<ReportOutcome>& outcomes) {
  // Each application's open runs, read when first needed.
  std::map<std::string, OpenRuns, std::less<>> runs;
  const GroupApplication* last_app = nullptr;
  OpenRuns* last = nullptr;  // last_app's, asked again by its next event
  auto runs_of = [&](const std::string& app) -> Result<OpenRuns*> {
    auto found = runs.find(app);
    if (found == runs.end()) {
      auto open = unit.OpenRunsOf(app);
      if (!open.ok()) return open.status();
      found = runs.emplace(app, OpenRuns(std::move(open).value())).first;
    }
    return &found->second;
  };
  for (size_t r = 0; r < reports.size(); ++r) {
    if (refused[r]) continue;
    for (Run& start : reports[r]->starts) {
      start.id = auth::NewOrderedId("run");
      auto open = runs_of(start.application_id);
      if (!open.ok()) return open.status();
      if (auto dropped = (*open)->Start(start)) {
        HW_RETURN_IF_ERROR(unit.DeleteRun(dropped->id));
      }
      HW_RETURN_IF_ERROR(unit.InsertRun(start));
    }
    std::vector<Event>& events = reports[r]->events;
    for (size_t i = 0; i < events.size(); ++i) {
      if (outcomes[r].events[i].duplicate) continue;
      Event& e = events[i];
      // An event's application is the one before it, mostly.
      if (last == nullptr || app_of[r][i] != last_app) {
        auto found = runs_of(e.application_id);
        if (!found.ok()) return found.status();
        last = *found;
        last_app = app_of[r][i];
      }
      auto finished = last->Finish(e.run_id);
      if (!finished) continue;
      e.duration_ms =
          std::max<int64_t>(0, e.received_at - finished->started_at);
      outcomes[r].events[i].duration_ms = e.duration_ms;
      HW_RETURN_IF_ERROR(unit.FinishRun(
          finished->id, e.received_at, *e.duration_ms, e.failure, e.exit_code));
    }
  }
  return Status::Ok();
}

Status ReportCommitter::FindAlertApplications(UnitOfWork& unit,
                                              std::vector<Alert>& alerts) {
  for (Alert& a : alerts) {
    if (!a.application_id.empty()) continue;
    auto open = unit.OpenAlertIncident(a.candidate_application_ids, a.key);
    if (!open.ok()) return open.status();
    if (*open) a.application_id = (*open)->application_id;
  }
  return Status::Ok();
}

Result<AlertOutcome> ReportCommitter::ApplyAlertIn(UnitOfWork& unit,
                                                   const Application& app,
                                                   bool in_maintenance,
                                                   const Alert& alert) const {
  // Read again under the application's lock.
  auto open = unit.OpenAlertIncident({app.id}, alert.key);
  if (!open.ok()) return open.status();
  const Incident* current = *open ? &**open : nullptr;
  IncidentChange change =
      ApplyAlert(app, current, alert, [] { return auth::NewOrderedId("inc"); });
  // In maintenance no alert opens an incident; one already open still
  // takes its acknowledgements and resolution.
  if (in_maintenance && change.kind == IncidentChange::kOpened) change = {};
  AlertOutcome outcome{change.kind, current ? current->id : ""};
  if (change.kind == IncidentChange::kNone) return outcome;
  outcome.incident_id = change.incident.id;
  bool opened = change.kind == IncidentChange::kOpened;
  HW_RETURN_IF_ERROR(unit.WriteIncident(change.incident, opened));
  std::string_view type = opened ? kEventIncidentOpened
                          : change.kind == IncidentChange::kResolved
                              ? kEventIncidentResolved
                          : change.kind == IncidentChange::kAcknowledged
                              ? kEventIncidentAcknowledged
                              : std::string_view();
  if (!type.empty()) {
    HW_RETURN_IF_ERROR(NotifyIncident(unit.Outbox(), type, change.incident,
                                      alert.received_at));
  }
  return outcome;
}

Result<ReportOutcome> CommitReport(UnitStore& store, Report report) {
  SystemClock clock;
  ReportCommitter committer(store, clock);
  auto outcomes = committer.Commit({&report}, {});
  if (!outcomes.ok()) return outcomes.status();
  if (!outcomes->front().refused.ok()) return outcomes->front().refused;
  return std::move(outcomes->front());
}

Result<std::vector<EventOutcome>> CommitEvents(UnitStore& store,
                                               std::vector<Event> events) {
  Report report;
  report.events = std::move(events);
  auto outcome = CommitReport(store, std::move(report));
  if (!outcome.ok()) return outcome.status();
  return std::move(outcome->events);
}

Result<std::pair<Deploy, bool>> CommitDeploy(UnitStore& store, Deploy deploy) {
  Report report;
  report.deploy = std::make_unique<Deploy>(std::move(deploy));
  auto outcome = CommitReport(store, std::move(report));
  if (!outcome.ok()) return outcome.status();
  return std::pair<Deploy, bool>{std::move(*outcome->deploy),
                                 outcome->deploy_created};
}

}  // namespace hookwarden::ingest
