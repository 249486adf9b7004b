#include "ingest/event_answer.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/incident_tracker.h"
#include "domain/json_views.h"

namespace hookwarden::ingest {
namespace {

// The text, parsed; a parse failure fails the test.
boost::json::value Parsed(const std::string& text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << text;
  return v;
}

TEST(EventAnswerTest, AHitWithoutIncidentIsOperational) {
  EventAnswer answer;
  answer.application_slug = "api";
  answer.at = 1795724789123;
  std::string text = EventAnswerJson(answer, EventOutcome());
  EXPECT_EQ(text, R"({"accepted":1,"duplicate":false,"application":"api",)"
                  R"("status":"hit","timestamp":"2026-11-26T20:26:29.123Z",)"
                  R"("state":"operational","incident":null})");
}

TEST(EventAnswerTest, AFailureCarriesItsOpenIncident) {
  Application app;
  app.slug = "api";
  Incident incident = NewIncident(app, "inc_1", kIncidentFailures,
                                  1795724789000, "disk \"full\"");
  EventAnswer answer;
  answer.application_slug = "api";
  answer.failure = true;
  answer.at = 1795724789000;
  EventOutcome written;
  written.open_incident = std::make_shared<const Incident>(incident);
  boost::json::value v = Parsed(EventAnswerJson(answer, written));
  EXPECT_EQ(v.at("status"), "failure");
  EXPECT_EQ(v.at("state"), "incident");
  EXPECT_EQ(v.at("incident"), boost::json::value(IncidentJson(incident)));
  EXPECT_EQ(v.at("incident").at("cause"), "disk \"full\"");
}

TEST(EventAnswerTest, ADuplicateIsNotAccepted) {
  EventAnswer answer;
  answer.application_slug = "api";
  EventOutcome written;
  written.duplicate = true;
  written.in_maintenance = true;
  boost::json::value v = Parsed(EventAnswerJson(answer, written));
  EXPECT_EQ(v.at("accepted"), 0);
  EXPECT_EQ(v.at("duplicate"), true);
  EXPECT_EQ(v.at("state"), "maintenance");
}

TEST(EventAnswerTest, OptionalFieldsAppearOnlyWhenTheyApply) {
  EventAnswer answer;
  answer.application_slug = "nightly-backup";
  boost::json::object plain = Parsed(EventAnswerJson(answer, {})).as_object();
  for (const char* absent :
       {"message_truncated", "output_truncated", "run_id", "duration_ms"}) {
    EXPECT_FALSE(plain.contains(absent)) << absent;
  }
  answer.message_truncated = true;
  answer.output_truncated = true;
  answer.run_id = R"(run "7" \ of 9)";
  EventOutcome written;
  written.duration_ms = 61234;
  boost::json::object full =
      Parsed(EventAnswerJson(answer, written)).as_object();
  EXPECT_EQ(full.at("application"), "nightly-backup");
  EXPECT_EQ(full.at("message_truncated"), true);
  EXPECT_EQ(full.at("output_truncated"), true);
  EXPECT_EQ(full.at("run_id"), R"(run "7" \ of 9)");
  EXPECT_EQ(full.at("duration_ms"), 61234);
}

}  // namespace
}  // namespace hookwarden::ingest
