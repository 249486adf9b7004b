#include "notify/test_send_limits.h"

#include <gtest/gtest.h>

namespace hookwarden::notify {
namespace {

TEST(TestSendLimitsTest, AChannelPastItsQuotaWaitsAndOthersDoNot) {
  ManualClock clock(1'000'000);
  TestSendLimits limits(
      clock, {.per_channel_per_minute = 3, .per_organization_per_minute = 10});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limits.Take("org_a", "chn_1").ok());
  Status refused = limits.Take("org_a", "chn_1");
  EXPECT_EQ(refused.code(), ErrorCode::kRateLimited);
  EXPECT_EQ(refused.retry_after_seconds(), 20);
  EXPECT_TRUE(limits.Take("org_a", "chn_2").ok());
  clock.Advance(20'000);
  EXPECT_TRUE(limits.Take("org_a", "chn_1").ok());
}

TEST(TestSendLimitsTest, AnOrganizationPastItsQuotaWaitsAcrossChannels) {
  ManualClock clock(1'000'000);
  TestSendLimits limits(
      clock, {.per_channel_per_minute = 5, .per_organization_per_minute = 4});
  EXPECT_TRUE(limits.Take("org_a", "chn_1").ok());
  EXPECT_TRUE(limits.Take("org_a", "chn_2").ok());
  EXPECT_TRUE(limits.Take("org_a", "chn_3").ok());
  EXPECT_TRUE(limits.Take("org_a", "chn_4").ok());
  EXPECT_EQ(limits.Take("org_a", "chn_5").code(), ErrorCode::kRateLimited);
  EXPECT_TRUE(limits.Take("org_b", "chn_6").ok());
}

}  // namespace
}  // namespace hookwarden::notify
