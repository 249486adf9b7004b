// How long the figures of a 30-day window take for one application: the
// store read (hour slices inside, minute slices around, incidents, deploys)
// and the computation, as GET .../applications/{app}/metrics does them.
//
//   build/figures_benchmark
//
// The store is a fresh SQLite file holding 30 days of one event per minute
// (with latencies), an incident a day and five deploys a day.
#include <benchmark/benchmark.h>

#include "bench/bench_store.h"
#include "ingest/report_committer.h"
#include "metrics/inputs.h"

namespace hookwarden {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 86'400'000;
constexpr int kDays = 30;
// A Monday, 00:00 UTC.
constexpr int64_t kStart = 1'767'571'200'000;

struct Fixture : bench::OneApplicationStore {
  Fixture() : OneApplicationStore("org_1", "app_1", kStart) {
    using bench::Check;
    for (int day = 0; day < kDays; ++day) {
      std::vector<Event> events;
      for (int m = 0; m < 1440; ++m) {
        Event e;
        e.organization_id = "org_1";
        e.application_id = "app_1";
        e.at = e.received_at = kStart + day * kDay + m * kMinute;
        // An incident a day: five failures at 03:00, hits close it.
        e.failure = m >= 180 && m < 185;
        e.latency_ms = 5 + (m * 37 % 400);
        events.push_back(std::move(e));
      }
      Check(ingest::CommitEvents(*store, events).status(), "events");
      for (int k = 0; k < 5; ++k) {
        Deploy d;
        d.id = "d-" + std::to_string(day) + "-" + std::to_string(k);
        d.organization_id = "org_1";
        d.application_id = "app_1";
        d.version = d.id;
        d.finished_at = kStart + day * kDay + (2 + 4 * k) * 3'600'000;
        d.commit_at = *d.finished_at - 7'200'000;
        d.created_at = d.updated_at = *d.finished_at;
        Check(ingest::CommitDeploy(*store, d).status(), "deploy");
      }
    }
  }
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

// A 30-day window that starts and ends off the hour (minutes at both ends).
const metrics::Window kWindow{kStart + 17 * kMinute,
                              kStart + kDays* kDay - 43 * kMinute};

void BM_ThirtyDayWindow(benchmark::State& state) {
  Store& store = *Shared().store;
  for (auto _ : state) {
    auto inputs = metrics::ReadInputs(store, "app_1", kWindow, false);
    metrics::Figures f = inputs->Compute(kWindow, kWindow.to);
    benchmark::DoNotOptimize(f);
    if (f.hits + f.failures != kDays * 1440 - 60) {
      state.SkipWithError("wrong event count");
    }
  }
}
BENCHMARK(BM_ThirtyDayWindow)->Unit(benchmark::kMillisecond);

void BM_ThirtyDayWindowDailySeries(benchmark::State& state) {
  Store& store = *Shared().store;
  for (auto _ : state) {
    auto inputs = metrics::ReadInputs(store, "app_1", kWindow, false);
    for (const metrics::Window& b : metrics::Buckets(kWindow, kDay)) {
      benchmark::DoNotOptimize(inputs->Compute(b, kWindow.to));
    }
  }
}
BENCHMARK(BM_ThirtyDayWindowDailySeries)->Unit(benchmark::kMillisecond);

// The same window read from minute rows only: what the hour rows save.
void BM_ThirtyDayWindowFromMinutesOnly(benchmark::State& state) {
  Store& store = *Shared().store;
  for (auto _ : state) {
    auto inputs = metrics::ReadInputs(store, "app_1", kWindow, true);
    benchmark::DoNotOptimize(inputs->Compute(kWindow, kWindow.to));
  }
}
BENCHMARK(BM_ThirtyDayWindowFromMinutesOnly)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hookwarden

BENCHMARK_MAIN();
