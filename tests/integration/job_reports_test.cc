// A report may carry a job's end: `exit_code` (0-255; only a failure's may be
// non-zero) and `output` (kept up to 10 KB, cut at a character boundary
// with output_truncated; more than 64 KB is a 413). The events list shows
// them; bad values change nothing.
#include <string>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

using JobReportsTest = IncidentTest;

TEST_F(JobReportsTest, ExitCodeAndOutputAreKeptAndListed) {
  Response failed = Failure(json::object{{"message", "backup failed"},
                                         {"exit_code", 2},
                                         {"output", "tar: disk full\n"}});
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_FALSE(At(failed.json(), "/output_truncated").is_bool()) << failed.body;
  Response ok = Hit(json::object{{"exit_code", 0}, {"output", "done"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  json::array events = Events();
  ASSERT_EQ(events.size(), 2u) << events;
  EXPECT_EQ(At(events[0], "/exit_code"), 0) << events;
  EXPECT_EQ(Str(events[0], "/output"), "done") << events;
  EXPECT_EQ(At(events[1], "/exit_code"), 2) << events;
  EXPECT_EQ(Str(events[1], "/output"), "tar: disk full\n") << events;
  EXPECT_EQ(At(events[1], "/output_truncated"), false) << events;
  // In a batch too.
  Response batch = Batch(json::array{{{"application", kIngestApp},
                                      {"status", "failure"},
                                      {"exit_code", 255},
                                      {"output", "x"}}});
  ASSERT_EQ(batch.status, 200) << batch.body;
  EXPECT_EQ(At(Events()[0], "/exit_code"), 255);
}

TEST_F(JobReportsTest, ALongOutputIsCutAtACharacterBoundary) {
  // 6000 two-byte characters: 12000 bytes, cut to 10 KB = 5120 of them.
  std::string output;
  for (int i = 0; i < 6000; ++i) output += "é";
  Response r = Failure(json::object{{"exit_code", 1}, {"output", output}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(At(r.json(), "/output_truncated"), true) << r.body;
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(Str(events[0], "/output"), output.substr(0, 10240));
  EXPECT_EQ(At(events[0], "/output_truncated"), true);
  // One byte more than 10 KB of one-byte characters, cut inside no
  // character: 10240 of them.
  Response odd = Failure(json::object{
      {"exit_code", 1}, {"output", "a" + output.substr(0, 10240)}});
  ASSERT_EQ(odd.status, 200) << odd.body;
  EXPECT_EQ(Str(Events()[0], "/output"), "a" + output.substr(0, 10238));
}

TEST_F(JobReportsTest, BadExitCodesAndOutputsChangeNothing) {
  struct Case {
    bool failure;
    json::object body;
    int status;
    std::string field;
  };
  const Case cases[] = {
      {false, {{"exit_code", 1}}, 422, "exit_code"},
      {true, {{"exit_code", 256}}, 422, "exit_code"},
      {true, {{"exit_code", -1}}, 422, "exit_code"},
      {true, {{"exit_code", "1"}}, 422, "exit_code"},
      {true, {{"output", 12}}, 422, "output"},
      {true, {{"output", std::string(64 * 1024 + 1, 'x')}}, 413, ""},
  };
  for (const Case& c : cases) {
    Response r = c.failure ? Failure(c.body) : Hit(c.body);
    EXPECT_EQ(r.status, c.status) << r.body.substr(0, 200);
    if (!c.field.empty()) {
      EXPECT_EQ(Str(r.json(), "/error/field"), c.field) << r.body;
    }
  }
  Response batch = Batch(json::array{
      {{"application", kIngestApp}, {"status", "hit"}, {"exit_code", 3}}});
  EXPECT_EQ(batch.status, 422) << batch.body;
  EXPECT_TRUE(Events().empty());
  EXPECT_TRUE(StateOf(GetApp(), "operational"));
}

}  // namespace
}  // namespace hookwarden::testing
