// How long the figures of a 30-day window take for one application: the
// store read (hour slices inside, minute slices around, incidents, deploys)
// and the computation, as GET .../applications/{app}/metrics does them.
//
//   build/figures_benchmark
//
// The store is a fresh SQLite file holding 30 days of one event per minute
// (with latencies), an incident a day and five deploys a day.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "ingest/report_committer.h"
#include "metrics/inputs.h"
#include "storage/open_store.h"

namespace hookwarden {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 86'400'000;
constexpr int kDays = 30;
// A Monday, 00:00 UTC.
constexpr int64_t kStart = 1'767'571'200'000;

// The fixture cannot be built without its data: stop at once, saying why.
void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "figures_benchmark: %s: %s\n", what,
                 s.message().c_str());
    std::exit(2);
  }
}

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<Store> store;

  Fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("hw-figures-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    store = std::move(OpenStore(StoreOptions{"", dir, false}, kStart).value());
    AuditEntry audit;
    audit.organization_id = "org_1";
    Check(store->CreateUser(User{"usr_1", "alice", "hash", kStart}), "user");
    Check(store->CreateOrganization(Organization{"org_1", "Org", "org", kStart},
                                    "usr_1", audit),
          "organization");
    Check(store
              ->CreateProduct(
                  Product{"prd_1", "org_1", "Web", "web", kStart, kStart}, true,
                  audit)
              .status(),
          "product");
    Application app;
    app.id = "app_1";
    app.organization_id = "org_1";
    app.product_id = "prd_1";
    app.name = app.slug = "api";
    app.created_at = app.updated_at = kStart;
    TokenMinter no_tokens = [](auto, auto&, auto, auto&) {
      return IssuedToken();
    };
    Check(store->CreateApplication(app, true, no_tokens, audit).status(),
          "application");
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
  ~Fixture() {
    store.reset();
    std::filesystem::remove_all(dir);
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
