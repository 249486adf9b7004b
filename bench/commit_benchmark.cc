// The writer's share of an event: what one group commit of the ingestion
// writer costs on the SQLite store, with no network and no other thread in
// the way (the ReportCommitter, as EventWriter::CommitGroup calls it).
//
//   build/commit_benchmark
//
// BM_BatchGroup: a group of 32 reports of 1,000 events each, every 10th a
// failure (bench/ingest's batches at -c32): each failure opens an incident
// that the next hit resolves. BM_SingleGroup: a group of 16 reports of one
// hit each (bench/ingest's single events). The store is a fresh SQLite file
// (synchronous=NORMAL, as `serve` runs it); the counter `events` is per
// second of the benchmark thread's CPU time.
#include <benchmark/benchmark.h>

#include "auth/random.h"
#include "bench/bench_store.h"
#include "ingest/report_committer.h"

namespace hookwarden {
namespace {

constexpr int64_t kStart = 1'767'571'200'000;

// A clock that the benchmark moves: a millisecond per group.
class StepClock : public Clock {
 public:
  int64_t NowMillis() const override { return now; }
  int64_t now = kStart;
};

struct Fixture : bench::OneApplicationStore {
  Fixture() : Fixture(auth::NewId("org"), auth::NewId("app")) {}
  Fixture(const std::string& organization, const std::string& application)
      : OneApplicationStore(organization, application, kStart),
        organization_id(organization),
        application_id(application) {}

  std::string organization_id;
  std::string application_id;
  std::string credential_id = auth::NewId("itk");

  // `reports` reports of `events` events each, as the network threads hand
  // them over (tallied); every `failure_every`th event a failure (0: none).
  std::vector<ingest::Report> Group(int reports, int events, int failure_every,
                                    int64_t at) const {
    std::vector<ingest::Report> group(reports);
    int n = 0;
    for (ingest::Report& r : group) {
      r.credential_id = credential_id;
      r.from = "127.0.0.1";
      for (int k = 0; k < events; ++k, ++n) {
        Event e;
        e.organization_id = organization_id;
        e.application_id = application_id;
        e.at = e.received_at = at;
        e.failure = failure_every > 0 && n % failure_every == failure_every - 1;
        e.latency_ms = 5 + (n * 37 % 400);
        e.message = "ok";
        r.events.push_back(std::move(e));
      }
      ingest::TallyEvents(r);
    }
    return group;
  }
};

void RunGroups(benchmark::State& state, int reports, int events,
               int failure_every) {
  Fixture fixture;
  StepClock clock;
  ingest::ReportCommitter committer(*fixture.store, clock);
  int64_t committed = 0;
  // Made and freed outside the timing, as the network threads do.
  std::vector<ingest::Report> group;
  std::vector<ingest::Report*> pointers;
  for (auto _ : state) {
    state.PauseTiming();
    clock.now += 1;
    group = fixture.Group(reports, events, failure_every, clock.now);
    pointers.clear();
    for (ingest::Report& r : group) pointers.push_back(&r);
    state.ResumeTiming();
    auto outcomes = committer.Commit(pointers, {});
    if (!outcomes.ok()) {
      state.SkipWithError(outcomes.status().message().c_str());
      break;
    }
    committed += int64_t{reports} * events;
  }
  state.counters["events"] = benchmark::Counter(static_cast<double>(committed),
                                                benchmark::Counter::kIsRate);
}

void BM_BatchGroup(benchmark::State& state) { RunGroups(state, 32, 1000, 10); }
BENCHMARK(BM_BatchGroup)->Unit(benchmark::kMillisecond)->MinTime(3);

void BM_SingleGroup(benchmark::State& state) { RunGroups(state, 16, 1, 0); }
BENCHMARK(BM_SingleGroup)->Unit(benchmark::kMicrosecond)->MinTime(3);

}  // namespace
}  // namespace hookwarden

BENCHMARK_MAIN();
