#include "cli/json_fields.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

namespace hookwarden::cli {
namespace {

// Sets TZ for the test's duration, then puts the previous one back.
class ZoneScope {
 public:
  explicit ZoneScope(const char* tz) {
    if (const char* old = std::getenv("TZ")) previous_ = old;
    had_ = std::getenv("TZ") != nullptr;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ZoneScope() {
    if (had_) {
      setenv("TZ", previous_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::string previous_;
  bool had_ = false;
};

TEST(DisplayTimeTest, UtcUnlessTheLocalZoneIsAsked) {
  ZoneScope zone("HWT-3");  // Three hours east of UTC, named HWT.
  EXPECT_EQ(DisplayTime("2026-11-26T20:26:29.123Z"), "2026-11-26 20:26:29Z");
  EXPECT_EQ(DisplayTime("2026-11-26T20:26:29.123Z", Zone::kLocal),
            "2026-11-26 23:26:29 HWT");
  EXPECT_EQ(DisplayTime("2026-11-26T22:00:00Z", Zone::kLocal),
            "2026-11-27 01:00:00 HWT");
}

TEST(DisplayTimeTest, WhatIsNoTimeStaysAsItIs) {
  ZoneScope zone("HWT-3");
  EXPECT_EQ(DisplayTime("never", Zone::kLocal), "never");
  EXPECT_EQ(DisplayTime("", Zone::kLocal), "");
  EXPECT_EQ(DisplayTime("2026-13-45T99:00:00Z", Zone::kLocal),
            "2026-13-45T99:00:00Z");
}

}  // namespace
}  // namespace hookwarden::cli
