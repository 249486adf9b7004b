// The command-line client for incidents and figures: `hookwarden incidents
// ...` and `hookwarden metrics` against the real server.
#include <ctime>

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

TEST_F(IncidentsCliTest, OrganizationFiguresShowEveryPageOfApplications) {
  // More applications than one page the client asks for (100).
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(
        AddApp("more-" + std::to_string(1000 + i), kIngestProduct).is_object());
  }
  CliResult table = Cli({"metrics"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_TRUE(Has(table, std::string(kIngestApp))) << table.output;
  EXPECT_TRUE(Has(table, "more-1000")) << table.output;
  EXPECT_TRUE(Has(table, "more-1099")) << table.output;
  CliResult as_json = Cli({"metrics", "--json"});
  ASSERT_EQ(as_json.exit_code, 0);
  boost::json::value v = boost::json::parse(as_json.output);
  EXPECT_EQ(v.at("applications").as_array().size(), 101u);
  EXPECT_TRUE(v.at("next_cursor").is_null());
  EXPECT_TRUE(v.at("total").is_object());
}

// "2026-11-26 20:26:29" for `millis` shifted by `offset_hours`.
std::string Shown(int64_t millis, int offset_hours) {
  std::time_t t = static_cast<std::time_t>(millis / 1000 + offset_hours * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

TEST_F(IncidentsCliTest, TimesAreInUtcUnlessLocalIsAsked) {
  const int64_t base = MinuteBase(2 * kHour);
  ASSERT_TRUE(InState(SendFailure(base, "database down"), "incident"));
  std::string id = ListedIds().at(0);
  int64_t opened = TimeAt(GetIncident(id), "/opened_at");
  ASSERT_GT(opened, 0);
  Pairs env = {
      {"HOOKWARDEN_URL", "http://127.0.0.1:" + std::to_string(server_.port())},
      {"HOOKWARDEN_API_KEY", ApiKey(admin_, "cli-zone")},
      {"HOOKWARDEN_ORG", "default"},
      // Three hours east of UTC, named HWT.
      {"TZ", "HWT-3"}};
  Response secret =
      admin_.Post("/api/v1/orgs/default/secrets",
                  boost::json::object{{"name", "ZONE_TEST"}, {"value", "v"}});
  ASSERT_EQ(secret.status, 201) << secret.body;
  int64_t created = TimeAt(admin_.Get("/api/v1/orgs/default/secrets").json(),
                           "/secrets/0/created_at");
  ASSERT_GT(created, 0);

  for (const std::vector<std::string>& command :
       std::vector<std::vector<std::string>>{{"incidents", "list"},
                                             {"incidents", "show", id}}) {
    CliResult utc = RunCli(command, env);
    ASSERT_EQ(utc.exit_code, 0) << utc.output;
    EXPECT_TRUE(Has(utc, Shown(opened, 0) + "Z")) << utc.output;
    EXPECT_FALSE(Has(utc, "HWT")) << utc.output;
    std::vector<std::string> local_command = command;
    local_command.push_back("--local");
    CliResult local = RunCli(local_command, env);
    ASSERT_EQ(local.exit_code, 0) << local.output;
    EXPECT_TRUE(Has(local, Shown(opened, 3) + " HWT")) << local.output;
  }
  CliResult figures = RunCli({"metrics", "--local"}, env);
  ASSERT_EQ(figures.exit_code, 0) << figures.output;
  EXPECT_TRUE(Has(figures, " HWT to ")) << figures.output;
  CliResult secrets = RunCli({"secrets", "list", "--local"}, env);
  ASSERT_EQ(secrets.exit_code, 0) << secrets.output;
  EXPECT_TRUE(Has(secrets, Shown(created, 3) + " HWT")) << secrets.output;
  CliResult tokens = RunCli({"tokens", "show", "--help"}, env);
  EXPECT_TRUE(Has(tokens, "--local")) << tokens.output;
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
