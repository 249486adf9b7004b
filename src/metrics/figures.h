// The reliability figures of a window, computed from the per-minute (and
// per-hour) aggregates, the incidents and the deploys: the definitions the
// API documents, in one place. Pure functions of their inputs.
//
// For the window W = [from, to):
// - hits, failures: events whose timestamp is in W; availability =
//   hits / (hits + failures), null when both are 0.
// - maintenance: the time in W (up to now) inside maintenance windows
//   (for several applications together: the time all of them were).
// - downtime: the time in W covered by incidents (an open one runs to
//   min(now, to)), overlapping incidents counted once, leaving out the
//   time the incident's application was in maintenance; uptime_percent =
//   100 · (1 − downtime / (|W| − maintenance)), 100 when maintenance
//   covers all of W.
// - outages: incidents opened in W; mttr: mean of (resolved − opened) over
//   those resolved; mtta: mean of (acknowledged − opened) over those
//   acknowledged; mtbf = (|W| − maintenance − downtime) / outages, null
//   without outages.
// - latency: avg, min and max exact over the hits and failures that gave a
//   latency; p95 the nearest-rank 95th percentile within 5 %.
// - deploys with their time (finished_at, else when received) in W: count,
//   per_day = count / (|W| in days), change_failure_rate = share that failed
//   (see MarkDeploys), lead_time = median of (time − commit_at) over those
//   that gave commit_at.
// - runs finished in W: count, failed (finished by a failure), and their
//   duration_ms avg, max and p95 (nearest rank: the smallest duration at
//   least 95 % of them do not exceed), exact; late = incidents of kind
//   "late" opened in W (runs not reported in time).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/deploy.h"
#include "domain/event_counts.h"
#include "domain/incident.h"
#include "domain/run.h"
#include "domain/time_spans.h"

namespace hookwarden::metrics {

inline constexpr int64_t kMinuteMillis = 60'000;
inline constexpr int64_t kHourMillis = 3'600'000;
inline constexpr int64_t kDayMillis = 86'400'000;
// How long after a deploy an incident makes it a failed change.
inline constexpr int64_t kChangeFailureMillis = kHourMillis;

struct Window {
  int64_t from = 0, to = 0;  // Milliseconds, [from, to).
  int64_t length() const { return to - from; }
};

// A deploy as the figures see it.
struct DeployMark {
  int64_t at = 0;  // finished_at, else when it was received.
  bool failed = false;
  std::optional<int64_t> lead_time_millis;
};

struct Figures {
  Window window;
  int64_t hits = 0, failures = 0;
  std::optional<double> availability;
  int64_t maintenance_millis = 0;
  int64_t downtime_millis = 0;
  double uptime_percent = 100;
  int64_t outages = 0;
  std::optional<double> mttr_millis, mtta_millis, mtbf_millis;
  struct Latency {
    std::optional<double> avg, min, max, p95;
  } latency;
  struct Deploys {
    int64_t count = 0;
    double per_day = 0;
    std::optional<double> change_failure_rate;
    std::optional<double> lead_time_millis;
  } deploys;
  struct Runs {
    int64_t count = 0, failed = 0, late = 0;
    std::optional<double> avg_ms, p95_ms, max_ms;
  } runs;
};

// The time a deploy counts at: finished_at, else when it was received.
int64_t DeployTime(const Deploy& d);

// Marks each of one application's deploys (any order) as failed when its
// status is "failure" or "rollback", or when one of the application's
// `incidents` opened at or after it, at most kChangeFailureMillis after it,
// and before the application's next deploy. `next_deploy_at` is the time of
// the deploy that follows the last of `deploys`, if any.
std::vector<DeployMark> MarkDeploys(std::vector<Deploy> deploys,
                                    std::optional<int64_t> next_deploy_at,
                                    const std::vector<Incident>& incidents);

// The time the incidents cover up to `now` (an open one runs to `now`).
std::vector<Span> IncidentSpans(const std::vector<Incident>& incidents,
                                int64_t now);

// The figures of `w` at time `now`. `slices` may hold slices outside `w`:
// only those starting in it count (the caller makes slices that lie inside
// the window or outside it). Incidents and deploys outside `w` are ignored
// as the definitions say; so are runs finished outside it. `down` is the
// time charged as downtime (the incidents' spans without maintenance) and
// `maintenance` the time in maintenance, both cut to `w` and to `now` here.
Figures Compute(const Window& w, int64_t now,
                const std::vector<AggregateSlice>& slices,
                const std::vector<Incident>& incidents,
                const std::vector<DeployMark>& deploys,
                const std::vector<Span>& down,
                const std::vector<Span>& maintenance,
                const std::vector<FinishedRun>& runs = {});
// The same without maintenance: every incident's time is downtime.
Figures Compute(const Window& w, int64_t now,
                const std::vector<AggregateSlice>& slices,
                const std::vector<Incident>& incidents,
                const std::vector<DeployMark>& deploys,
                const std::vector<FinishedRun>& runs = {});

// The UTC-aligned buckets of `step` (kMinuteMillis, kHourMillis or
// kDayMillis) that cover `w`, each cut to `w`.
std::vector<Window> Buckets(const Window& w, int64_t step);

}  // namespace hookwarden::metrics
