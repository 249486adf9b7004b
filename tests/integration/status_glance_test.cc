// The status at a glance the products page shows: the organization's
// figures name when each application last reported and, with a step, a
// light availability series per application for its sparkline.
#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

TEST_F(IncidentTest, OrganizationFiguresSayWhenEachApplicationLastReported) {
  AddApp("quiet", kIngestProduct);
  const int64_t at = MinuteBase(90 * kMinute) + 17 * kSecond;
  ASSERT_EQ(SendHit(at - kMinute).status, 200);
  ASSERT_EQ(SendFailure(at, "boom").status, 200);

  Response r = OrgMetrics("?step=hour");
  ASSERT_EQ(r.status, 200) << r.body;
  json::array apps = Items(r.json(), "/applications");
  ASSERT_EQ(apps.size(), 2u) << r.body;
  for (const json::value& app : apps) {
    json::array series = Items(app, "/series");
    if (Str(app, "/application") == kIngestApp) {
      EXPECT_EQ(TimeAt(app, "/last_event_at"), at) << app;
      ASSERT_GE(series.size(), 24u) << app;
      int64_t hits = 0, failures = 0;
      for (const json::value& bucket : series) {
        hits += At(bucket, "/hits").to_number<int64_t>();
        failures += At(bucket, "/failures").to_number<int64_t>();
        EXPECT_TRUE(ParseTime(Str(bucket, "/from"))) << bucket;
      }
      EXPECT_EQ(hits, 1);
      EXPECT_EQ(failures, 1);
    } else {
      EXPECT_TRUE(At(app, "/last_event_at").is_null()) << app;
      for (const json::value& bucket : series) {
        EXPECT_TRUE(At(bucket, "/availability").is_null()) << bucket;
      }
    }
  }
  // Without a step, no series; a minute step is refused for the whole
  // organization.
  Response plain = OrgMetrics("");
  ASSERT_EQ(plain.status, 200);
  EXPECT_FALSE(
      Items(plain.json(), "/applications")[0].as_object().contains("series"));
  EXPECT_TRUE(IsError(OrgMetrics("?step=minute"), 422, "invalid_field"))
      << OrgMetrics("?step=minute").body;
}

}  // namespace
}  // namespace hookwarden::testing

namespace hookwarden::testing {
namespace {

// A report for an application of the token's organization that does not
// take this token's reports says why, rather than a bare "not found".
TEST_F(IngestTest, AReportForAnUnboundApplicationSaysWhy) {
  CreateApp(admin_, "default", kIngestProduct, "Unbound");
  Response r = Report("hits", {}, {}, "unbound");
  ASSERT_TRUE(IsError(r, 404, "not_found")) << r.body;
  EXPECT_NE(r.body.find("application unbound exists but reports with no "
                        "Hits/Failure credential"),
            std::string::npos)
      << r.body;
  Response batch = Batch(boost::json::array{
      boost::json::object{{"application", "unbound"}, {"status", "hit"}}});
  EXPECT_NE(batch.body.find("exists but reports with no Hits/Failure"),
            std::string::npos)
      << batch.body;
  // An application that does not exist is still just not found.
  Response absent = Report("hits", {}, {}, "absent");
  ASSERT_TRUE(IsError(absent, 404, "not_found")) << absent.body;
  EXPECT_EQ(absent.body.find("exists"), std::string::npos) << absent.body;
}

}  // namespace
}  // namespace hookwarden::testing
