#include "cli/incidents_view.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

bool Has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(IncidentsViewTest, DurationsReadLikeClocks) {
  EXPECT_EQ(DisplayDuration(0), "0.0s");
  EXPECT_EQ(DisplayDuration(4.25), "4.2s");
  EXPECT_EQ(DisplayDuration(45), "45s");
  EXPECT_EQ(DisplayDuration(60), "1m");
  EXPECT_EQ(DisplayDuration(725), "12m 5s");
  EXPECT_EQ(DisplayDuration(12'000), "3h 20m");
  EXPECT_EQ(DisplayDuration(187'200), "2d 4h");
}

TEST(IncidentsViewTest, ListsIncidentsOrSaysThereAreNone) {
  EXPECT_EQ(FormatIncidentList(json::parse(R"({"items":[]})")),
            "No incidents.\n");
  std::string list = FormatIncidentList(json::parse(R"({"items":[
      {"id":"inc_1","application":"api","kind":"failures","severity":"sev2",
       "status":"resolved","cause":"bank timeout\u001b[31m",
       "opened_at":"2026-11-26T10:00:00.000Z",
       "resolved_at":"2026-11-26T10:05:00.000Z"},
      {"id":"inc_2","application":"web","kind":"no_data","status":"alarmed",
       "cause":null,"opened_at":"2026-11-26T11:00:00Z","resolved_at":null}]})"));
  EXPECT_TRUE(Has(list, "ID")) << list;
  EXPECT_TRUE(Has(list, "2026-11-26 10:00:00Z")) << list;
  EXPECT_TRUE(Has(list, "bank timeout\\x1b[31m")) << list;  // Made safe.
  EXPECT_FALSE(Has(list, "\x1b")) << list;
  EXPECT_TRUE(Has(list, "no_data")) << list;
}

TEST(IncidentsViewTest, AnIncidentShowsWhoDidWhatAndItsTimeline) {
  std::string shown = FormatIncident(json::parse(R"({
      "id":"inc_1","application":"api","kind":"failures","severity":"sev1",
      "status":"resolved","cause":"boom",
      "opened_at":"2026-11-26T10:00:00.000Z",
      "acknowledged_at":"2026-11-26T10:01:00.000Z","acknowledged_by":"jane",
      "resolved_at":"2026-11-26T10:05:00.000Z","resolved_by":"auto",
      "timeline":[{"at":"2026-11-26T10:00:00.000Z","event":"opened",
                   "by":"auto","message":"boom"}]})"));
  EXPECT_TRUE(Has(shown, "Acknowledged: 2026-11-26 10:01:00Z by jane"))
      << shown;
  EXPECT_TRUE(Has(shown, "Resolved:     2026-11-26 10:05:00Z by auto"))
      << shown;
  EXPECT_TRUE(Has(shown, "EVENT")) << shown;
  // Missing fields are dashes, not errors.
  std::string bare = FormatIncident(json::parse(R"({"id":"inc_2"})"));
  EXPECT_TRUE(Has(bare, "Acknowledged: -")) << bare;
  EXPECT_FALSE(Has(bare, "EVENT")) << bare;
}

TEST(IncidentsViewTest, FiguresAsPercentagesAndDurations) {
  std::string f = FormatFigures(json::parse(R"({
      "window":{"from":"2026-11-25T00:00:00.000Z","to":"2026-11-26T00:00:00.000Z"},
      "hits":999,"failures":1,"availability":0.999,"downtime_seconds":90,
      "uptime_percent":99.895833,"outages":2,"mttr_seconds":45,
      "mtta_seconds":null,"mtbf_seconds":43155,
      "latency_ms":{"avg":12.5,"min":1,"max":250,"p95":97.6},
      "deploys":{"count":3,"per_day":3,"change_failure_rate":0.3333333,
                 "lead_time_seconds":5400}})"));
  EXPECT_TRUE(Has(f, "Availability:        99.90%")) << f;
  EXPECT_TRUE(Has(f, "Uptime:              99.896%")) << f;
  EXPECT_TRUE(Has(f, "Downtime:            1m 30s")) << f;
  EXPECT_TRUE(Has(f, "MTTA:                -")) << f;
  EXPECT_TRUE(Has(f, "MTBF:                11h 59m")) << f;
  EXPECT_TRUE(Has(f, "Latency p95:         97.6 ms")) << f;
  EXPECT_TRUE(Has(f, "Deploys:             3 (3.00 a day)")) << f;
  EXPECT_TRUE(Has(f, "Change failure rate: 33.33%")) << f;
  EXPECT_TRUE(Has(f, "Lead time:           1h 30m")) << f;
}

TEST(IncidentsViewTest, OrganizationFiguresEndWithTheTotal) {
  std::string f = FormatOrganizationFigures(json::parse(R"({
      "window":{"from":"2026-11-25T00:00:00Z","to":"2026-11-26T00:00:00Z"},
      "applications":[{"application":"api","product":"web","state":"incident",
                       "hits":9,"failures":1,"availability":0.9,
                       "uptime_percent":50,"outages":1,"mttr_seconds":null}],
      "products":[{"product":"web","applications":1,"hits":9,"failures":1,
                   "availability":0.9,"uptime_percent":50,"outages":1}],
      "total":{"hits":9,"failures":1,"availability":0.9,"uptime_percent":50,
               "outages":1}})"));
  EXPECT_TRUE(Has(f, "web (incident)")) << f;
  EXPECT_TRUE(Has(f, "90.00%")) << f;
  EXPECT_TRUE(Has(f, "(organization)")) << f;
  EXPECT_LT(f.find("PRODUCT  "), f.find("(organization)")) << f;
  EXPECT_TRUE(
      Has(FormatOrganizationFigures(json::parse("{}")), "No applications"));
}

}  // namespace
}  // namespace hookwarden::cli
