// The flapping rule's clock on each backend: once an application that was
// flapping calms down, the watch's check queues one
// application.flapping_stopped to the channel that held it; none before its
// window has passed, and none again after.
#include "notify/flapping_watch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>

#include "ingest/report_committer.h"
#include "storage/store_test_fixture.h"

namespace hookwarden::notify {
namespace {

class FlappingWatchTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    if (HasFatalFailure()) return;
    CreateWebApp();
  }

  // How many deliveries of `type` the channel has.
  long Sent(std::string_view type) {
    auto list = store_->ListDeliveries("org_a", "chn_pager", 100);
    EXPECT_TRUE(list.ok()) << list.status().message();
    if (!list.ok()) return -1;
    return std::count_if(list->begin(), list->end(), [&](const Delivery& d) {
      return d.event_type == type;
    });
  }
};

TEST_P(FlappingWatchTest, ACalmedApplicationIsNotifiedOnceThatItStopped) {
  Channel ch;
  ch.id = "chn_pager";
  ch.organization_id = "org_a";
  ch.name = "Pager";
  ch.url = "https://example.com/pager";
  ch.events = {"incident.opened", "incident.resolved"};
  ch.signing_secret_sealed = "sealed";
  ch.notices.group_seconds = 0;
  ch.notices.flapping_incidents = 2;
  ch.notices.flapping_minutes = 1;
  ASSERT_TRUE(store_->CreateChannel(ch, Audit("org_a", "c")).ok());
  // Three incidents opened and resolved within the minute (the default
  // rules: a failure opens, a hit resolves): it flaps from the third.
  for (int64_t at : {1000, 3000, 5000}) {
    ASSERT_TRUE(ingest::CommitEvents(
                    *store_, {Report(true, at), Report(false, at + 1000)})
                    .ok());
  }
  ASSERT_EQ(Sent(kEventFlappingStarted), 1);
  ASSERT_EQ(Sent(kEventFlappingStopped), 0);

  ManualClock clock(30000);
  Logger logger;
  int queued = 0;
  FlappingWatch watch(*store_, clock, logger, std::chrono::hours(1),
                      [&] { ++queued; });
  // Within the window of its last opening (5000): still flapping.
  ASSERT_TRUE(watch.CheckNow().ok());
  EXPECT_EQ(Sent(kEventFlappingStopped), 0);
  auto held = store_->FlappingApplications();
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(*held, std::vector<std::string>{"app_1"});

  // Past it: stopped, notified once.
  clock.Set(5000 + 60000 + 1);
  ASSERT_TRUE(watch.CheckNow().ok());
  EXPECT_EQ(Sent(kEventFlappingStopped), 1);
  EXPECT_GE(queued, 1) << "the delivery worker is woken";
  auto list = store_->ListDeliveries("org_a", "chn_pager", 1);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().event_type, kEventFlappingStopped);
  EXPECT_EQ(list->front().created_at, 5000 + 60000 + 1);
  auto envelope = boost::json::parse(list->front().payload);
  EXPECT_EQ(envelope.at("data").at("application").at("slug"), "api");
  held = store_->FlappingApplications();
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(held->empty());

  clock.Advance(60000);
  ASSERT_TRUE(watch.CheckNow().ok());
  EXPECT_EQ(Sent(kEventFlappingStopped), 1) << "once";
  watch.Stop();
}

INSTANTIATE_TEST_SUITE_P(Backends, FlappingWatchTest,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace hookwarden::notify
