// The burn-rate alerts' clock on each backend, on traces written by hand
// with the clock set by the test: a burst pages once and stops once, a slow
// burn opens a ticket, maintenance starts nothing, and neither a second
// server nor a restarted one fires a change again.
#include "notify/slo_burn_watch.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <memory>

#include "ingest/report_committer.h"
#include "storage/store_test_fixture.h"

namespace hookwarden::notify {
namespace {

namespace json = boost::json;

constexpr int64_t kMin = 60'000;
constexpr int64_t kT0 = 10 * 24 * 60 * kMin;

class SloBurnWatchTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    if (HasFatalFailure()) return;
    IncidentRules rules;
    rules.failures_to_open = 1000;  // No incident in the way.
    ASSERT_NO_FATAL_FAILURE(CreateWebApp(rules));
    SetSlo(Slo{99, 30, "events"});
    Channel ch;
    ch.id = "chn_pager";
    ch.organization_id = "org_a";
    ch.name = "Pager";
    ch.url = "https://example.com/pager";
    ch.events = {std::string(kEventSloBurnRate)};
    ch.signing_secret_sealed = "sealed";
    ASSERT_TRUE(store_->CreateChannel(ch, Audit("org_a", "c")).ok());
  }

  void SetSlo(std::optional<Slo> slo) {
    auto app = store_->GetApplication("org_a", "app_1");
    ASSERT_TRUE(app.ok()) << app.status().message();
    app->slo = std::move(slo);
    ASSERT_TRUE(
        store_->UpdateApplication(*app, mint_, Audit("org_a", "u")).ok());
  }

  // A hit every 5 minutes over the 3 days before `end` (the first at
  // end − 5 min), and a failure at each of `failures`.
  void Trace(int64_t end, const std::vector<int64_t>& failures) {
    std::vector<Event> events;
    for (int i = 1; i <= 864; ++i)
      events.push_back(Report(false, end - i * 5 * kMin));
    for (int64_t at : failures) events.push_back(Report(true, at));
    Commit(events);
  }
  void Commit(const std::vector<Event>& events) {
    auto done = ingest::CommitEvents(*store_, events);
    ASSERT_TRUE(done.ok()) << done.status().message();
  }

  // What the channel was sent, oldest first: "rule status".
  std::vector<std::string> Sent() {
    auto list = store_->ListDeliveries("org_a", "chn_pager", 100);
    EXPECT_TRUE(list.ok()) << list.status().message();
    std::vector<std::string> out;
    if (!list.ok()) return out;
    for (auto it = list->rbegin(); it != list->rend(); ++it) {
      EXPECT_EQ(it->event_type, kEventSloBurnRate);
      json::value v = json::parse(it->payload);
      const json::object& alert = v.at("data").at("burn_alert").as_object();
      out.push_back(std::string(alert.at("rule").as_string()) + " " +
                    std::string(alert.at("status").as_string()));
    }
    return out;
  }

  int Check(SloBurnWatch& watch) {
    auto told = watch.CheckNow();
    EXPECT_TRUE(told.ok()) << told.status().message();
    return told.ok() ? *told : -1;
  }

  std::unique_ptr<SloBurnWatch> Watch(const Clock& clock) {
    return std::make_unique<SloBurnWatch>(*store_, *store_, clock, logger_,
                                          std::chrono::hours(1));
  }

  Logger logger_;
};

// Four failures two minutes before T0 against a hit every 5 minutes: the
// last hour burns 4 / 16 = 25 % against the 1 % allowed (25 > 14.4) and the
// last 5 minutes 4 / 5 (80 > 14.4), so the 1 h / 5 m page holds; the 6 h
// span burns 4 / 76 (5.26 < 6) and 3 days 4 / 868 (0.46 < 1): nothing else.
TEST_P(SloBurnWatchTest, ABurstPagesOnceAndStopsOnce) {
  Trace(kT0, {kT0 - 2 * kMin, kT0 - 2 * kMin, kT0 - 2 * kMin, kT0 - 2 * kMin});
  ManualClock clock(kT0);
  auto watch = Watch(clock);
  EXPECT_EQ(Check(*watch), 1);
  EXPECT_EQ(Sent(), std::vector<std::string>{"page_1h_5m firing"});
  auto list = store_->ListDeliveries("org_a", "chn_pager", 1);
  json::value first = json::parse(list->front().payload);
  const json::value& data = first.at("data");
  EXPECT_EQ(data.at("burn_alert").at("severity"), "page");
  EXPECT_NEAR(data.at("burn_alert").at("threshold").as_double(), 14.4, 1e-9);
  EXPECT_NEAR(data.at("burn_alert").at("long_rate").as_double(), 25, 1e-9);
  EXPECT_NEAR(data.at("burn_alert").at("short_rate").as_double(), 80, 1e-9);
  EXPECT_EQ(data.at("application").at("slug"), "api");
  EXPECT_TRUE(data.at("error_budget").at("remaining_percent").is_double());
  auto firing = store_->BurnFiringIn("org_a");
  ASSERT_TRUE(firing.ok());
  EXPECT_EQ((*firing)["app_1"], (std::vector<BurnFiring>{{"page_1h_5m", kT0}}));

  // Still burning a minute later: nothing new.
  clock.Set(kT0 + kMin);
  EXPECT_EQ(Check(*watch), 0);
  // Hits again: the last 5 minutes burn nothing, and the page stops, once.
  std::vector<Event> hits;
  for (int i = 0; i < 5; ++i) hits.push_back(Report(false, kT0 + i * kMin));
  Commit(hits);
  clock.Set(kT0 + 6 * kMin);
  EXPECT_EQ(Check(*watch), 1);
  clock.Set(kT0 + 7 * kMin);
  EXPECT_EQ(Check(*watch), 0);
  EXPECT_EQ(Sent(), (std::vector<std::string>{"page_1h_5m firing",
                                              "page_1h_5m resolved"}));
  firing = store_->BurnFiringIn("org_a");
  ASSERT_TRUE(firing.ok());
  EXPECT_TRUE(firing->empty());
}

// A failure every 2 hours against a hit every 5 minutes: 36 / 900 = 4 %
// over 3 days and 3 / 75 = 4 % over 6 hours, 4 times the budget's pace (a
// ticket, > 1), but under 6 for 6 h and at most 1 / 13 (7.7 < 14.4) for
// an hour: no page.
TEST_P(SloBurnWatchTest, ASlowBurnOpensATicket) {
  std::vector<int64_t> failures;
  for (int i = 0; i < 36; ++i)
    failures.push_back(kT0 - 7 * kMin - i * 120 * kMin);
  Trace(kT0, failures);
  ManualClock clock(kT0);
  auto watch = Watch(clock);
  EXPECT_EQ(Check(*watch), 1);
  EXPECT_EQ(Sent(), std::vector<std::string>{"ticket_3d_6h firing"});
}

// The same burst inside a maintenance window counts for nothing; after it,
// a burst while the application is in a window starts no rule, and one that
// fired before the window may still stop during it.
TEST_P(SloBurnWatchTest, MaintenanceStartsNothing) {
  MaintenanceWindow w;
  w.id = "mnt_1";
  w.organization_id = "org_a";
  w.reason = "upgrade";
  w.starts_at = kT0 - 3 * kMin;
  w.ends_at = kT0 - kMin;
  w.applications.push_back({"app_1", ""});
  w.created_by = "alice";
  ASSERT_TRUE(store_->CreateMaintenanceWindow(w, Audit("org_a", "m")).ok());
  Trace(kT0, {kT0 - 2 * kMin, kT0 - 2 * kMin, kT0 - 2 * kMin, kT0 - 2 * kMin});
  ManualClock clock(kT0);
  auto watch = Watch(clock);
  EXPECT_EQ(Check(*watch), 0);

  // A burst just before a window that is on now: it holds, but starts
  // nothing until the window ends.
  w.id = "mnt_2";
  w.starts_at = kT0 + kMin;
  w.ends_at = kT0 + 20 * kMin;
  ASSERT_TRUE(store_->CreateMaintenanceWindow(w, Audit("org_a", "m")).ok());
  std::vector<Event> burst(4, Report(true, kT0));
  Commit(burst);
  clock.Set(kT0 + 2 * kMin);
  EXPECT_EQ(Check(*watch), 0);
  EXPECT_TRUE(Sent().empty());
}

TEST_P(SloBurnWatchTest, NeitherASecondServerNorARestartFiresAgain) {
  Trace(kT0, {kT0 - 2 * kMin, kT0 - 2 * kMin, kT0 - 2 * kMin, kT0 - 2 * kMin});
  ManualClock clock(kT0);
  auto one = Watch(clock);
  auto two = Watch(clock);
  EXPECT_EQ(Check(*one) + Check(*two), 1);
  // A server started afresh on the same database.
  one.reset();
  auto restarted = Watch(clock);
  clock.Set(kT0 + kMin);
  EXPECT_EQ(Check(*restarted), 0);
  EXPECT_EQ(Sent(), std::vector<std::string>{"page_1h_5m firing"});
  // Taking the SLO away stops what fires, once.
  SetSlo(std::nullopt);
  EXPECT_EQ(Check(*restarted), 1);
  EXPECT_EQ(Check(*two), 0);
  EXPECT_EQ(Sent(), (std::vector<std::string>{"page_1h_5m firing",
                                              "page_1h_5m resolved"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, SloBurnWatchTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden::notify
