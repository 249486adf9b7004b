#include "common/time_format.h"

#include <gtest/gtest.h>

namespace hookwarden {
namespace {

TEST(TimeFormatTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1795724789123), "2026-11-26T20:26:29.123Z");
}

TEST(TimeFormatTest, AppendsAfterWhatIsThere) {
  std::string out = R"({"timestamp":")";
  AppendRfc3339(out, 1795724789123);
  out += '"';
  EXPECT_EQ(out, R"({"timestamp":"2026-11-26T20:26:29.123Z")");
  std::string far = "at ";
  AppendRfc3339(far, 253402300800000);  // Year 10000: the slow way.
  EXPECT_EQ(far, "at " + FormatRfc3339(253402300800000));
  EXPECT_EQ(far.substr(0, 8), "at 10000");
}

TEST(TimeFormatTest, EachFieldCarriesIntoTheNext) {
  EXPECT_EQ(FormatRfc3339(946684799999), "1999-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339(946684800000), "2000-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(951782400007), "2000-02-29T00:00:00.007Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339(1000000000050), "2001-09-09T01:46:40.050Z");
}

TEST(TimeFormatTest, ParsesZuluAndOffsets) {
  EXPECT_EQ(ParseRfc3339("2026-11-26T20:26:29.123Z"), 1795724789123);
  EXPECT_EQ(ParseRfc3339("2026-11-26T20:26:29Z"), 1795724789000);
  EXPECT_EQ(ParseRfc3339("2026-11-26T21:26:29.5+01:00"), 1795724789500);
  EXPECT_EQ(ParseRfc3339("2026-11-26T19:26:29-01:00"), 1795724789000);
}

TEST(TimeFormatTest, AcceptsTheWholeRangeItCanWrite) {
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("0001-01-01T00:00:00Z")),
            "0001-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("9999-12-31T23:59:59.999Z")),
            "9999-12-31T23:59:59.999Z");
}

TEST(TimeFormatTest, RoundTrips) {
  for (int64_t t : {0LL, 1LL, 951782400999LL, 1795724789123LL}) {
    EXPECT_EQ(ParseRfc3339(FormatRfc3339(t)), t);
  }
}

TEST(TimeFormatTest, RejectsMalformed) {
  for (const char* bad :
       {"", "2026-11-26", "2026-11-26T20:26:29", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T20:26:29.Z",
        "2026-11-26T20:26:29+0100", "2026-11-26T20:26:29Zjunk", "yesterday",
        "2026-12-31T23:59:60Z", "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace hookwarden
