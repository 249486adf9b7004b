// What the per-minute and per-hour aggregates count of an application's
// events: hits, failures, and the latencies of the events that gave one.
// The figures of any window are sums of these.
#pragma once

#include <cstdint>
#include <optional>

#include "domain/event.h"
#include "domain/latency_histogram.h"

namespace hookwarden {

struct EventCounts {
  int64_t hits = 0;
  int64_t failures = 0;
  int64_t latency_count = 0;  // Events that gave a latency.
  double latency_sum = 0;
  std::optional<double> latency_min, latency_max;
  LatencyHistogram latency;

  void Add(const Event& e);
  void Merge(const EventCounts& other);
};

// The counts of the events whose timestamps fall in [start, start + length):
// one row of the per-minute or per-hour aggregates.
struct AggregateSlice {
  int64_t start = 0;
  int64_t length = 0;
  EventCounts counts;
};

}  // namespace hookwarden
