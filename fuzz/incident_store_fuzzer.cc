// Random sequences of hits, failures and deploys for one application,
// committed in random groups through the ReportCommitter (the group-commit
// writer's unit of work) on a scratch SQLite store, with random incident
// rules and out-of-order timestamps. After every group, the incident
// tracker's invariants hold in what the store kept: at most one open
// incident of a kind per application, none resolved before it opened, and
// an application's open incident is the one listed as open.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "auth/random.h"
#include "common/clock.h"
#include "domain/application.h"
#include "fuzz_check.h"
#include "ingest/report_committer.h"
#include "storage/open_store.h"

namespace hw = hookwarden;

namespace {

constexpr int64_t kStart = 1'790'000'000'000;

// One store for the whole run: each input reports for an application of
// its own, so inputs do not see each other's incidents.
struct Scratch {
  Scratch() {
    hw::auth::EnsureSodium();
    dir = std::filesystem::temp_directory_path() /
          ("hookwarden-fuzz-" + hw::auth::NewId("s"));
    auto opened = hw::OpenStore(hw::StoreOptions{"", dir, false}, kStart);
    FUZZ_CHECK(opened.ok());
    store = std::move(opened.value());
    hw::AuditEntry audit;
    audit.organization_id = "org_f";
    FUZZ_CHECK(store->CreateUser(hw::User{"usr_f", "fuzz", "h", 0}).ok());
    FUZZ_CHECK(store
                   ->CreateOrganization(hw::Organization{"org_f", "F", "f", 0},
                                        "usr_f", audit)
                   .ok());
    FUZZ_CHECK(
        store
            ->CreateProduct(hw::Product{"prd_f", "org_f", "P", "p", 0, 0}, true,
                            audit)
            .ok());
  }
  std::filesystem::path dir;
  std::unique_ptr<hw::Store> store;
  int apps = 0;
};

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  uint8_t Next() { return at_ < size_ ? data_[at_++] : 0; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

void CheckInvariants(hw::Store& store, const std::string& app_id) {
  hw::IncidentStore::IncidentQuery query;
  query.application_id = app_id;
  query.limit = 10000;
  auto incidents = store.ListIncidents("org_f", query);
  FUZZ_CHECK(incidents.ok());
  std::map<std::string, int> open_by_kind;
  for (const hw::Incident& incident : *incidents) {
    FUZZ_CHECK(incident.application_id == app_id);
    if (incident.open()) {
      FUZZ_CHECK(!incident.resolved_at.has_value());
      FUZZ_CHECK(++open_by_kind[incident.kind] == 1);
    } else {
      FUZZ_CHECK(incident.resolved_at.has_value());
      FUZZ_CHECK(*incident.resolved_at >= incident.opened_at);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Scratch* scratch = new Scratch();  // Lives as long as the run.
  if (size < 2 || size > 4096) return 0;
  Bytes in(data, size);
  hw::Store& store = *scratch->store;

  hw::Application app;
  app.id = "app_" + std::to_string(++scratch->apps);
  app.organization_id = "org_f";
  app.product_id = "prd_f";
  app.name = "App " + std::to_string(scratch->apps);
  app.slug = "app-" + std::to_string(scratch->apps);
  app.rules.failures_to_open = 1 + in.Next() % 4;
  app.rules.hits_to_close = 1 + in.Next() % 4;
  hw::AuditEntry audit;
  audit.organization_id = "org_f";
  FUZZ_CHECK(store.CreateApplication(app, true, hw::TokenMinter(), audit).ok());

  hw::ManualClock clock(kStart);
  hw::ingest::ReportCommitter committer(store, clock);
  int deploys = 0;
  while (!in.empty()) {
    // A group of 1 to 4 reports of up to 8 events each.
    std::vector<hw::ingest::Report> reports(1 + in.Next() % 4);
    for (hw::ingest::Report& report : reports) {
      report.credential_id = "itk_f";
      report.from = "127.0.0.1";
      uint8_t shape = in.Next();
      if (shape % 16 == 0) {
        hw::Deploy deploy;
        deploy.id = "dep-" + std::to_string(++deploys % 3);  // Some repeat.
        deploy.organization_id = "org_f";
        deploy.application_id = app.id;
        deploy.version = std::to_string(in.Next());
        deploy.created_at = deploy.updated_at = clock.NowMillis();
        report.deploy = std::make_unique<hw::Deploy>(std::move(deploy));
        continue;
      }
      for (int n = 1 + shape % 8; n > 0 && !in.empty(); --n) {
        uint8_t b = in.Next();
        hw::Event event;
        event.organization_id = "org_f";
        event.application_id = app.id;
        event.failure = b & 1;
        event.received_at = clock.NowMillis();
        // Up to about 2 minutes in the past: events come out of order.
        event.at = event.received_at - (b >> 1) * 1000;
        if (b & 0x80) event.idempotency_key = "k" + std::to_string(b % 5);
        if (event.failure) event.message = "failed";
        report.events.push_back(std::move(event));
      }
    }
    std::vector<hw::ingest::Report*> group;
    for (auto& r : reports) group.push_back(&r);
    auto outcomes = committer.Commit(group, {});
    FUZZ_CHECK(outcomes.ok());
    FUZZ_CHECK(outcomes->size() == reports.size());
    for (size_t i = 0; i < reports.size(); ++i) {
      FUZZ_CHECK((*outcomes)[i].refused.ok());
      FUZZ_CHECK((*outcomes)[i].events.size() == reports[i].events.size());
    }
    CheckInvariants(store, app.id);
    clock.Advance(1 + in.Next() * 1000);
  }
  return 0;
}
