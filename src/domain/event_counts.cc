#include "domain/event_counts.h"

#include <algorithm>

namespace hookwarden {
namespace {

void KeepMin(std::optional<double>& into, const std::optional<double>& v) {
  if (v && (!into || *v < *into)) into = v;
}
void KeepMax(std::optional<double>& into, const std::optional<double>& v) {
  if (v && (!into || *v > *into)) into = v;
}

}  // namespace

void EventCounts::Add(const Event& e) {
  ++(e.failure ? failures : hits);
  if (!e.latency_ms) return;
  ++latency_count;
  latency_sum += *e.latency_ms;
  KeepMin(latency_min, e.latency_ms);
  KeepMax(latency_max, e.latency_ms);
  latency.Add(*e.latency_ms);
}

void EventCounts::Merge(const EventCounts& o) {
  hits += o.hits;
  failures += o.failures;
  latency_count += o.latency_count;
  latency_sum += o.latency_sum;
  KeepMin(latency_min, o.latency_min);
  KeepMax(latency_max, o.latency_max);
  latency.Merge(o.latency);
}

}  // namespace hookwarden
