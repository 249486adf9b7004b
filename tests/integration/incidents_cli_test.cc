// The command-line client for incidents and figures: `hookwarden incidents
// ...` and `hookwarden metrics` against the real server.
#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

class IncidentsCliTest : public IncidentTest {
 protected:
  CliResult Cli(const std::vector<std::string>& args) {
    return RunCli(args, {{"HOOKWARDEN_URL",
                          "http://127.0.0.1:" + std::to_string(server_.port())},
                         {"HOOKWARDEN_API_KEY", ApiKey(admin_, "cli")},
                         {"HOOKWARDEN_ORG", "default"}});
  }
};

bool Has(const CliResult& r, std::string_view text) {
  return r.output.find(text) != std::string::npos;
}

TEST_F(IncidentsCliTest, ListShowAcknowledgeResolveAndFigures) {
  const int64_t base = MinuteBase(2 * kHour);
  ASSERT_TRUE(InState(SendFailure(base, "database down"), "incident"));
  std::vector<std::string> ids = ListedIds();
  ASSERT_EQ(ids.size(), 1u);
  const std::string& id = ids[0];

  CliResult list = Cli({"incidents", "list", "--status", "open"});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_TRUE(Has(list, id)) << list.output;
  EXPECT_TRUE(Has(list, "database down")) << list.output;
  EXPECT_TRUE(Has(list, "alarmed")) << list.output;

  CliResult acked = Cli({"incidents", "acknowledge", id});
  ASSERT_EQ(acked.exit_code, 0) << acked.output;
  EXPECT_TRUE(Has(acked, "acknowledged")) << acked.output;
  EXPECT_TRUE(Has(acked, "by admin")) << acked.output;
  EXPECT_EQ(GetIncident(id).at("status"), "acknowledged");

  CliResult resolved = Cli({"incidents", "resolve", id});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.output;
  EXPECT_EQ(GetIncident(id).at("status"), "resolved");
  CliResult shown = Cli({"incidents", "show", id});
  ASSERT_EQ(shown.exit_code, 0);
  EXPECT_TRUE(Has(shown, "EVENT")) << shown.output;  // The timeline.
  EXPECT_TRUE(Has(shown, "resolved")) << shown.output;
  EXPECT_TRUE(
      Has(Cli({"incidents", "list", "--status", "open"}), "No incidents"));

  // Figures of the application, and of the organization.
  ASSERT_TRUE(InState(SendHit(base + kMinute), "operational"));
  CliResult app = Cli({"metrics", std::string(kIngestApp)});
  ASSERT_EQ(app.exit_code, 0) << app.output;
  EXPECT_TRUE(Has(app, "Availability")) << app.output;
  EXPECT_TRUE(Has(app, "50.00%")) << app.output;  // One hit, one failure.
  CliResult org = Cli({"metrics"});
  ASSERT_EQ(org.exit_code, 0) << org.output;
  EXPECT_TRUE(Has(org, std::string(kIngestApp))) << org.output;
  EXPECT_TRUE(Has(org, "(organization)")) << org.output;
  CliResult as_json = Cli({"metrics", std::string(kIngestApp), "--json"});
  ASSERT_EQ(as_json.exit_code, 0);
  EXPECT_EQ(boost::json::parse(as_json.output).at("hits"), 1);
}

TEST_F(IncidentsCliTest, ServerErrorsAreReported) {
  CliResult missing = Cli({"incidents", "show", "inc_nosuchincident"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Has(missing, "not found")) << missing.output;
  CliResult bad = Cli({"metrics", "--from", "yesterday"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(Has(bad, "RFC 3339")) << bad.output;
  CliResult status = Cli({"incidents", "list", "--status", "sleeping"});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_TRUE(Has(status, "status must be")) << status.output;
}

}  // namespace
}  // namespace hookwarden::testing
