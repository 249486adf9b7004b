#include "domain/maintenance_window.h"

#include <gtest/gtest.h>

#include <string>

namespace hookwarden {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;
constexpr int64_t kHour = 3'600'000;

std::string FieldOf(const Status& s) { return s.ok() ? "" : s.field(); }

TEST(MaintenanceWindowTest, StartsNowAtTheEarliestAndLastsAtMostThirtyDays) {
  EXPECT_TRUE(CheckMaintenanceTimes(kNow, kNow + kHour, kNow, false).ok());
  EXPECT_TRUE(
      CheckMaintenanceTimes(kNow - 59'000, kNow + kHour, kNow, false).ok());
  EXPECT_EQ(
      FieldOf(CheckMaintenanceTimes(kNow - 61'000, kNow + kHour, kNow, false)),
      "starts_at");
  EXPECT_EQ(FieldOf(CheckMaintenanceTimes(kNow, kNow, kNow, false)), "ends_at");
  EXPECT_TRUE(
      CheckMaintenanceTimes(kNow, kNow + kMaxMaintenanceMillis, kNow, false)
          .ok());
  EXPECT_EQ(FieldOf(CheckMaintenanceTimes(
                kNow, kNow + kMaxMaintenanceMillis + 1, kNow, false)),
            "ends_at");
}

TEST(MaintenanceWindowTest, AWindowUnderWayKeepsItsStartButNotAPastEnd) {
  EXPECT_TRUE(
      CheckMaintenanceTimes(kNow - kHour, kNow + kHour, kNow, true).ok());
  EXPECT_EQ(FieldOf(CheckMaintenanceTimes(kNow - 2 * kHour, kNow - kHour, kNow,
                                          true)),
            "ends_at");
}

TEST(MaintenanceWindowTest, ReasonAndTargetsAreBounded) {
  EXPECT_TRUE(CheckMaintenanceContent("db upgrade", 1, 0).ok());
  EXPECT_EQ(FieldOf(CheckMaintenanceContent("  ", 1, 0)), "reason");
  EXPECT_TRUE(CheckMaintenanceContent(std::string(500, 'x'), 0, 1).ok());
  // 500 characters of two bytes each are 500 characters.
  std::string accents;
  for (int i = 0; i < 500; ++i) accents += "\xC3\xA9";
  EXPECT_TRUE(CheckMaintenanceContent(accents, 0, 1).ok());
  EXPECT_EQ(FieldOf(CheckMaintenanceContent(std::string(501, 'x'), 0, 1)),
            "reason");
  EXPECT_EQ(FieldOf(CheckMaintenanceContent("x", 0, 0)), "applications");
  EXPECT_EQ(FieldOf(CheckMaintenanceContent("x", 60, 41)), "applications");
}

TEST(MaintenanceWindowTest, StatusFollowsTheClock) {
  MaintenanceWindow w;
  w.starts_at = kNow;
  w.ends_at = kNow + kHour;
  EXPECT_EQ(MaintenanceStatus(w, kNow - 1), "planned");
  EXPECT_EQ(MaintenanceStatus(w, kNow), "active");
  EXPECT_TRUE(w.ActiveAt(kNow + kHour - 1));
  EXPECT_EQ(MaintenanceStatus(w, kNow + kHour), "ended");
}

}  // namespace
}  // namespace hookwarden
