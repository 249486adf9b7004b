#include "metrics/figures.h"

#include <algorithm>

#include "common/time_floor.h"

namespace hookwarden::metrics {
namespace {

std::optional<double> Mean(double sum, int64_t n) {
  if (n == 0) return std::nullopt;
  return sum / static_cast<double>(n);
}

std::optional<double> Median(std::vector<int64_t> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  size_t mid = v.size() / 2;
  if (v.size() % 2 == 1) return static_cast<double>(v[mid]);
  return (static_cast<double>(v[mid - 1]) + static_cast<double>(v[mid])) / 2;
}

bool In(const Window& w, int64_t t) { return t >= w.from && t < w.to; }

}  // namespace

int64_t DeployTime(const Deploy& d) {
  return d.finished_at ? *d.finished_at : d.created_at;
}

std::vector<DeployMark> MarkDeploys(std::vector<Deploy> deploys,
                                    std::optional<int64_t> next_deploy_at,
                                    const std::vector<Incident>& incidents) {
  std::sort(deploys.begin(), deploys.end(),
            [](const Deploy& a, const Deploy& b) {
              return DeployTime(a) < DeployTime(b);
            });
  std::vector<int64_t> opened;
  for (const Incident& i : incidents) opened.push_back(i.opened_at);
  std::sort(opened.begin(), opened.end());
  std::vector<DeployMark> marks;
  for (size_t k = 0; k < deploys.size(); ++k) {
    const Deploy& d = deploys[k];
    DeployMark m;
    m.at = DeployTime(d);
    std::optional<int64_t> next =
        k + 1 < deploys.size() ? DeployTime(deploys[k + 1]) : next_deploy_at;
    // The first incident that opened at or after the deploy.
    auto first = std::lower_bound(opened.begin(), opened.end(), m.at);
    bool incident_after = first != opened.end() &&
                          *first - m.at <= kChangeFailureMillis &&
                          (!next || *first < *next);
    m.failed =
        d.status == "failure" || d.status == "rollback" || incident_after;
    if (d.commit_at) m.lead_time_millis = m.at - *d.commit_at;
    marks.push_back(m);
  }
  return marks;
}

namespace {

// The runs of `w`: counts and durations (see figures.h).
Figures::Runs RunFigures(const Window& w,
                         const std::vector<Incident>& incidents,
                         const std::vector<FinishedRun>& runs) {
  Figures::Runs out;
  for (const Incident& i : incidents) {
    out.late += i.kind == kIncidentLate && In(w, i.opened_at);
  }
  std::vector<int64_t> durations;
  double sum = 0;
  for (const FinishedRun& r : runs) {
    if (!In(w, r.finished_at)) continue;
    out.failed += r.failed;
    durations.push_back(r.duration_ms);
    sum += static_cast<double>(r.duration_ms);
  }
  out.count = static_cast<int64_t>(durations.size());
  if (durations.empty()) return out;
  std::sort(durations.begin(), durations.end());
  size_t rank = (durations.size() * 95 + 99) / 100;  // ceil(0.95 n), >= 1.
  out.avg_ms = sum / static_cast<double>(durations.size());
  out.p95_ms = static_cast<double>(durations[rank - 1]);
  out.max_ms = static_cast<double>(durations.back());
  return out;
}

}  // namespace

std::vector<Span> IncidentSpans(const std::vector<Incident>& incidents,
                                int64_t now) {
  std::vector<Span> spans;
  for (const Incident& i : incidents) {
    spans.push_back({i.opened_at, i.resolved_at ? *i.resolved_at : now});
  }
  return UnionOf(std::move(spans));
}

Figures Compute(const Window& w, int64_t now,
                const std::vector<AggregateSlice>& slices,
                const std::vector<Incident>& incidents,
                const std::vector<DeployMark>& deploys,
                const std::vector<FinishedRun>& runs) {
  return Compute(w, now, slices, incidents, deploys,
                 IncidentSpans(incidents, now), {}, runs);
}

Figures Compute(const Window& w, int64_t now,
                const std::vector<AggregateSlice>& slices,
                const std::vector<Incident>& incidents,
                const std::vector<DeployMark>& deploys,
                const std::vector<Span>& down,
                const std::vector<Span>& maintenance,
                const std::vector<FinishedRun>& runs) {
  Figures f;
  f.window = w;
  EventCounts counts;
  for (const AggregateSlice& s : slices) {
    if (In(w, s.start)) counts.Merge(s.counts);
  }
  f.hits = counts.hits;
  f.failures = counts.failures;
  if (f.hits + f.failures > 0) {
    f.availability =
        static_cast<double>(f.hits) / static_cast<double>(f.hits + f.failures);
  }
  if (counts.latency_count > 0) {
    f.latency.avg = counts.latency_sum / counts.latency_count;
    f.latency.min = counts.latency_min;
    f.latency.max = counts.latency_max;
    f.latency.p95 =
        counts.latency.Quantile(0.95, *counts.latency_min, *counts.latency_max);
  }

  // Time after now is neither down nor in maintenance yet.
  const int64_t until = std::min(now, w.to);
  f.maintenance_millis = CoveredWithin(maintenance, w.from, until);
  f.downtime_millis = CoveredWithin(Without(down, maintenance), w.from, until);
  const int64_t counted = w.length() - f.maintenance_millis;
  f.uptime_percent =
      counted <= 0 ? 100.0
                   : 100.0 * (1.0 - static_cast<double>(f.downtime_millis) /
                                        static_cast<double>(counted));
  double repair_sum = 0, ack_sum = 0;
  int64_t repaired = 0, acknowledged = 0;
  for (const Incident& i : incidents) {
    if (!In(w, i.opened_at)) continue;
    ++f.outages;
    if (i.resolved_at) {
      repair_sum += static_cast<double>(*i.resolved_at - i.opened_at);
      ++repaired;
    }
    if (i.acknowledged_at) {
      ack_sum += static_cast<double>(*i.acknowledged_at - i.opened_at);
      ++acknowledged;
    }
  }
  f.mttr_millis = Mean(repair_sum, repaired);
  f.mtta_millis = Mean(ack_sum, acknowledged);
  f.mtbf_millis =
      Mean(static_cast<double>(counted - f.downtime_millis), f.outages);

  int64_t failed = 0;
  std::vector<int64_t> lead_times;
  for (const DeployMark& d : deploys) {
    if (!In(w, d.at)) continue;
    ++f.deploys.count;
    failed += d.failed;
    if (d.lead_time_millis) lead_times.push_back(*d.lead_time_millis);
  }
  f.deploys.per_day = static_cast<double>(f.deploys.count) /
                      (static_cast<double>(w.length()) / kDayMillis);
  f.deploys.change_failure_rate =
      Mean(static_cast<double>(failed), f.deploys.count);
  f.deploys.lead_time_millis = Median(std::move(lead_times));
  f.runs = RunFigures(w, incidents, runs);
  return f;
}

std::vector<Window> Buckets(const Window& w, int64_t step) {
  std::vector<Window> out;
  int64_t start = FloorTo(w.from, step);
  for (int64_t b = start; b < w.to; b += step) {
    out.push_back({std::max(b, w.from), std::min(b + step, w.to)});
  }
  return out;
}

}  // namespace hookwarden::metrics
