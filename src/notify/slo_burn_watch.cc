#include "notify/slo_burn_watch.h"

#include "metrics/slo_report.h"
#include "services/notifications.h"

namespace hookwarden::notify {

SloBurnWatch::SloBurnWatch(UnitStore& units, EventStore& events,
                           const Clock& clock, Logger& logger,
                           std::chrono::milliseconds interval,
                           std::function<void()> wake)
    : units_(units),
      events_(events),
      clock_(clock),
      logger_(logger),
      wake_(std::move(wake)),
      // CheckNow logs its own failure; the next tick tries again.
      task_("hw-slo-burn", interval, [this] { (void)CheckNow(); }) {}

Result<int> SloBurnWatch::CheckOne(const SloCandidate& c, int64_t now) {
  SloReport report;
  if (c.slo) {
    auto read = metrics::ReadSloReport(events_, c.application_id, *c.slo, now);
    if (!read.ok()) return read.status();
    report = std::move(read).value();
  }
  const Slo* slo = c.slo ? &*c.slo : nullptr;
  // Decided without the lock first: most checks change nothing. In
  // maintenance nothing starts, so the unlocked guess may only overstate.
  BurnTransitions guess = NextBurnFiring(c.firing, slo, report, now, false);
  if (guess.started.empty() && guess.stopped.empty()) return 0;
  int told = 0;
  HW_RETURN_IF_ERROR(units_.InUnitOfWork([&](UnitOfWork& unit) -> Status {
    told = 0;
    auto locked = unit.LockApplications({c.application_id}, now);
    if (!locked.ok()) return locked.status();
    if (locked->empty()) return Status::Ok();  // Deleted meanwhile.
    auto firing = unit.BurnFiringOf(c.application_id);
    if (!firing.ok()) return firing.status();
    BurnTransitions t = NextBurnFiring(*firing, slo, report, now,
                                       locked->front().in_maintenance);
    if (t.started.empty() && t.stopped.empty()) return Status::Ok();
    for (const BurnFiring& f : t.started) {
      HW_RETURN_IF_ERROR(NotifySloBurn(unit.Outbox(), c.organization_id,
                                       c.application_id, c.slo, report, f,
                                       std::nullopt, now));
    }
    for (const BurnFiring& f : t.stopped) {
      HW_RETURN_IF_ERROR(NotifySloBurn(unit.Outbox(), c.organization_id,
                                       c.application_id, c.slo, report, f, now,
                                       now));
    }
    told = static_cast<int>(t.started.size() + t.stopped.size());
    return unit.SaveBurnFiring(c.organization_id, c.application_id, t.firing);
  }));
  return told;
}

Result<int> SloBurnWatch::CheckNow() {
  const int64_t now = clock_.NowMillis();
  int told = 0;
  Status done = Status::Ok();
  std::string after;
  while (true) {
    auto page = units_.SloCandidates(after, kApplicationsPerPage);
    if (!page.ok()) {
      if (done.ok()) done = page.status();
      break;
    }
    // One application that cannot be checked (a statement timeout on a
    // large one) holds up none of the others: the first failure is kept for
    // the answer, and the sweep goes on.
    for (const SloCandidate& c : *page) {
      auto one = CheckOne(c, now);
      if (!one.ok()) {
        if (done.ok()) done = one.status();
        continue;
      }
      told += *one;
    }
    if (static_cast<int>(page->size()) < kApplicationsPerPage) break;
    after = page->back().application_id;
  }
  if (told > 0) wake_();
  if (!done.ok()) {
    logger_.Warn("slo burn-rate check failed", {{"error", done.message()}});
    return done;
  }
  return told;
}

}  // namespace hookwarden::notify
