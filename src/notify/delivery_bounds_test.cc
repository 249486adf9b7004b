#include "notify/delivery_bounds.h"

#include <gtest/gtest.h>

namespace hookwarden::notify {
namespace {

TEST(DeliveryBoundsTest, AChannelTakesNoMoreThanItsShare) {
  DeliveryBounds bounds(
      {.global = 10, .per_organization = 5, .per_channel = 2});
  EXPECT_TRUE(bounds.TryAdmit("org_a", "chn_1"));
  EXPECT_TRUE(bounds.TryAdmit("org_a", "chn_1"));
  EXPECT_FALSE(bounds.TryAdmit("org_a", "chn_1"));
  EXPECT_EQ(bounds.FullChannels(), std::vector<std::string>{"chn_1"});
  EXPECT_TRUE(bounds.FullOrganizations().empty());
  // Another channel of the same organization, and another organization,
  // still go.
  EXPECT_TRUE(bounds.TryAdmit("org_a", "chn_2"));
  EXPECT_TRUE(bounds.TryAdmit("org_b", "chn_3"));
  EXPECT_EQ(bounds.in_flight(), 4);
  bounds.Release("org_a", "chn_1");
  EXPECT_TRUE(bounds.FullChannels().empty());
  EXPECT_TRUE(bounds.TryAdmit("org_a", "chn_1"));
}

TEST(DeliveryBoundsTest, AnOrganizationTakesNoMoreThanItsShare) {
  DeliveryBounds bounds(
      {.global = 10, .per_organization = 3, .per_channel = 2});
  EXPECT_TRUE(bounds.TryAdmit("org_a", "chn_1"));
  EXPECT_TRUE(bounds.TryAdmit("org_a", "chn_2"));
  EXPECT_TRUE(bounds.TryAdmit("org_a", "chn_3"));
  EXPECT_FALSE(bounds.TryAdmit("org_a", "chn_4"));
  EXPECT_EQ(bounds.FullOrganizations(), std::vector<std::string>{"org_a"});
  EXPECT_TRUE(bounds.TryAdmit("org_b", "chn_5"));
}

TEST(DeliveryBoundsTest, NoMoreThanTheGlobalBoundInAll) {
  DeliveryBounds bounds({.global = 2, .per_organization = 8, .per_channel = 2});
  EXPECT_TRUE(bounds.TryAdmit("org_a", "chn_1"));
  EXPECT_TRUE(bounds.TryAdmit("org_b", "chn_2"));
  EXPECT_EQ(bounds.free(), 0);
  EXPECT_FALSE(bounds.TryAdmit("org_c", "chn_3"));
  bounds.Release("org_b", "chn_2");
  EXPECT_EQ(bounds.free(), 1);
  EXPECT_TRUE(bounds.TryAdmit("org_c", "chn_3"));
}

}  // namespace
}  // namespace hookwarden::notify
