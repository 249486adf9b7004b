// `hookwarden export` and `hookwarden import` against two real servers: an
// organization's setup exported from one and imported into an empty other
// exports the same again, without any token, secret value or password on
// the way; importing twice changes nothing; --dry-run changes nothing;
// --prune deletes what the file lacks, once confirmed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kOpsPassword = "Ops-Pa55word-for-tests";

class ConfigurationTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    char tmpl[] = "/tmp/hookwarden-config-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    ServerTest::TearDown();
  }

  Pairs Env(int port, const std::string& key) {
    return {{"HOOKWARDEN_URL", "http://127.0.0.1:" + std::to_string(port)},
            {"HOOKWARDEN_API_KEY", key}};
  }

  // `hookwarden export` of "default" into `file`; the text written.
  std::string Export(const Pairs& env, const std::string& file) {
    CliResult r = RunCli({"export", "--org", "default", "--output", file}, env);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // Starts second_, an empty server whose admin admin2_ logs in; returns
  // the CLI's environment against it with admin2_'s API key (empty when the
  // server did not start).
  Pairs StartSecondServer() {
    ::testing::AssertionResult started = second_.Start(
        {}, {{"HOOKWARDEN_ADMIN_PASSWORD", std::string(kAdminPassword)}});
    EXPECT_TRUE(started);
    if (!started) return {};
    admin2_ = std::make_unique<HttpClient>(second_.port());
    EXPECT_EQ(admin2_->Login("admin", kAdminPassword).status, 200);
    return Env(second_.port(), ApiKey(*admin2_, "import"));
  }

  std::string dir_;
  ServerProcess second_;
  std::unique_ptr<HttpClient> admin2_;
};

TEST_F(ConfigurationTest, ExportThenImportIntoAnEmptyServerReproducesIt) {
  // The setup on the first server.
  std::string secret_value = MadeUpSecret("chat-token");
  CreateProduct(admin_, "default", "Shop", "shop");
  CreateProduct(admin_, "default", "Back office", "office");
  Response hits = admin_.Post(
      "/api/v1/orgs/default/integration-tokens",
      json::object{{"type", "hits_failure"}, {"name", "production hits"}});
  ASSERT_EQ(hits.status, 201) << hits.body;
  ASSERT_EQ(admin_
                .Post("/api/v1/orgs/default/integration-tokens",
                      json::object{{"type", "deploy"}, {"name", "CI deploys"}})
                .status,
            201);
  CreateApp(
      admin_, "default", "shop", "Checkout",
      json::object{{"slug", "checkout"},
                   {"failures_to_open", 3},
                   {"hits_to_close", 2},
                   {"severity", "sev2"},
                   {"no_data_timeout_seconds", 600},
                   {"schedule", json::object{{"cron", "0 3 * * 1-5"},
                                             {"timezone", "Europe/Berlin"}}},
                   {"grace_seconds", 300},
                   {"max_runtime_seconds", 5400},
                   {"slo", json::object{{"objective_percent", 99.5},
                                        {"window_days", 28},
                                        {"indicator", "uptime"}}},
                   {"hits_failure_credential", "production hits"},
                   {"deploy_credential", "CI deploys"}});
  CreateApp(admin_, "default", "office", "Billing",
            json::object{{"slug", "billing"}});
  ASSERT_EQ(
      admin_
          .Post("/api/v1/orgs/default/secrets",
                json::object{{"name", "CHAT_TOKEN"}, {"value", secret_value}})
          .status,
      201);
  Response channel = admin_.Post(
      "/api/v1/orgs/default/channels",
      json::object{{"name", "chat"},
                   {"url", "https://chat.example.com/hooks/{{CHAT_TOKEN}}"},
                   {"headers", json::object{{"X-Team", "payments"}}},
                   {"body_template", "{\"text\":\"{{event.type}}\"}"},
                   {"events", json::array{"incident.opened", "deploy.created"}},
                   {"applications", json::array{"checkout"}}});
  ASSERT_EQ(channel.status, 201) << channel.body;
  AddMember(admin_, "default", "ops", "admin", kOpsPassword);
  Pairs first = Env(server_.port(), ApiKey(admin_, "export"));

  std::string file = dir_ + "/default.json";
  std::string exported = Export(first, file);
  json::value doc = json::parse(exported);
  EXPECT_EQ(Items(doc, "/applications").size(), 2u) << exported;
  EXPECT_EQ(
      json::serialize(FindBy(Items(doc, "/applications"), "slug", "checkout")),
      R"({"slug":"checkout","name":"Checkout","product":"shop",)"
      R"("failures_to_open":3,"hits_to_close":2,"severity":"sev2",)"
      R"("no_data_timeout_seconds":600,)"
      R"("schedule":{"cron":"0 3 * * 1-5","timezone":"Europe/Berlin"},)"
      R"("grace_seconds":300,"max_runtime_seconds":5400,)"
      R"("slo":{"objective_percent":9.95E1,"window_days":28,)"
      R"("indicator":"uptime"},)"
      R"("hits_failure_credential":"production hits",)"
      R"("deploy_credential":"CI deploys"})");
  // Nothing secret: no token of any kind, no secret's value, no password.
  EXPECT_FALSE(
      std::regex_search(exported, std::regex("hw[a-z]_[0-9A-Za-z]{8}")))
      << exported;
  EXPECT_EQ(exported.find(secret_value), std::string::npos);
  EXPECT_EQ(exported.find(kOpsPassword), std::string::npos);
  EXPECT_EQ(exported.find(Str(hits.json(), "/token")), std::string::npos);

  // An empty second server. Its operator creates the secret with its value
  // and the user "ops" (a password never travels in the file).
  Pairs other = StartSecondServer();
  ASSERT_FALSE(other.empty());
  HttpClient& admin2 = *admin2_;
  std::string empty = Export(other, dir_ + "/empty.json");

  // A dry run says what it would do and changes nothing; the missing
  // secret is named.
  CliResult dry = RunCli({"import", file, "--dry-run"}, other);
  EXPECT_EQ(dry.exit_code, 1) << dry.output;
  EXPECT_NE(dry.output.find("would create product shop"), std::string::npos)
      << dry.output;
  EXPECT_NE(dry.output.find("missing secret CHAT_TOKEN"), std::string::npos)
      << dry.output;
  EXPECT_EQ(Export(other, dir_ + "/after-dry-run.json"), empty);

  ASSERT_EQ(
      admin2
          .Post("/api/v1/orgs/default/secrets",
                json::object{{"name", "CHAT_TOKEN"}, {"value", secret_value}})
          .status,
      201);
  ASSERT_EQ(admin2
                .Post("/api/v1/orgs/default/members",
                      json::object{{"username", "ops"},
                                   {"role", "member"},
                                   {"password", std::string(kOpsPassword)}})
                .status,
            201);
  // ... who joins by accepting the invitation.
  HttpClient ops(second_.port());
  ASSERT_EQ(ops.Login("ops", kOpsPassword).status, 200);
  std::string invitation =
      Str(ops.Get("/api/v1/invitations").json(), "/invitations/0/id");
  ASSERT_EQ(
      ops.Post("/api/v1/invitations/" + invitation + "/accept", json::object{})
          .status,
      200);

  CliResult imported = RunCli({"import", file}, other);
  EXPECT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_NE(imported.output.find("create application checkout"),
            std::string::npos)
      << imported.output;
  EXPECT_NE(imported.output.find("update member ops (role)"), std::string::npos)
      << imported.output;
  // The output never shows the created credential's token or the channel's
  // signing secret.
  EXPECT_FALSE(
      std::regex_search(imported.output, std::regex("hw[a-z]_[0-9A-Za-z]{8}")))
      << imported.output;
  EXPECT_EQ(Export(other, dir_ + "/second.json"), exported);

  // Idempotent: a second import changes nothing.
  CliResult again = RunCli({"import", file}, other);
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("already matches"), std::string::npos)
      << again.output;

  // What the file lacks is listed, and deleted only with --prune.
  CreateProduct(admin2, "default", "Legacy", "legacy");
  CliResult kept = RunCli({"import", file}, other);
  EXPECT_NE(kept.output.find("--prune deletes it): product legacy"),
            std::string::npos)
      << kept.output;
  EXPECT_EQ(admin2.Get("/api/v1/orgs/default/products/legacy").status, 200);
  // --prune asks first: without a terminal it needs --yes; at a terminal,
  // anything but yes deletes nothing.
  CliResult unasked = RunCli({"import", file, "--prune"}, other);
  EXPECT_EQ(unasked.exit_code, 1) << unasked.output;
  EXPECT_NE(unasked.output.find("product legacy"), std::string::npos)
      << unasked.output;
  EXPECT_NE(unasked.output.find("pass --yes"), std::string::npos)
      << unasked.output;
  EXPECT_EQ(unasked.output.find("changes applied"), std::string::npos)
      << unasked.output;
  EXPECT_EQ(admin2.Get("/api/v1/orgs/default/products/legacy").status, 200);
  CliResult declined =
      RunCliInTerminal({"import", file, "--prune"}, other, "n\n");
  EXPECT_EQ(declined.exit_code, 1) << declined.output;
  EXPECT_NE(declined.output.find("Continue? [y/N]"), std::string::npos)
      << declined.output;
  EXPECT_NE(declined.output.find("nothing was changed"), std::string::npos)
      << declined.output;
  EXPECT_EQ(admin2.Get("/api/v1/orgs/default/products/legacy").status, 200);
  CliResult pruned = RunCli({"import", file, "--prune", "--yes"}, other);
  EXPECT_EQ(pruned.exit_code, 0) << pruned.output;
  EXPECT_NE(pruned.output.find("delete product legacy"), std::string::npos)
      << pruned.output;
  EXPECT_EQ(Export(other, dir_ + "/pruned.json"), exported);
}

// A member the other server lacks is invited (no account, no password
// travels): the import says so, and the invitation waits for them.
TEST_F(ConfigurationTest, ImportInvitesAMemberTheServerLacks) {
  AddMember(admin_, "default", "ops", "admin", kOpsPassword);
  std::string file = dir_ + "/default.json";
  Export(Env(server_.port(), ApiKey(admin_, "export")), file);

  Pairs other = StartSecondServer();
  ASSERT_FALSE(other.empty());
  HttpClient& admin2 = *admin2_;
  const std::string invitations = "/api/v1/orgs/default/invitations";

  CliResult dry = RunCli({"import", file, "--dry-run"}, other);
  EXPECT_NE(dry.output.find("would invite member ops (a member once they "
                            "accept)"),
            std::string::npos)
      << dry.output;
  EXPECT_TRUE(Items(admin2.Get(invitations).json(), "/invitations").empty());

  CliResult imported = RunCli({"import", file}, other);
  EXPECT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_NE(imported.output.find("invite member ops (a member once they "
                                 "accept)"),
            std::string::npos)
      << imported.output;
  json::array pending = Items(admin2.Get(invitations).json(), "/invitations");
  ASSERT_EQ(pending.size(), 1u) << json::serialize(pending);
  EXPECT_EQ(Str(pending[0], "/username"), "ops");
  EXPECT_EQ(Str(pending[0], "/role"), "admin");
}

TEST_F(ConfigurationTest, ImportRefusesWhatIsNotAConfiguration) {
  Pairs env = Env(server_.port(), ApiKey(admin_, "import"));
  std::string file = dir_ + "/bad.json";
  std::ofstream(file) << R"({"products": [{"slug": "x"}]})";
  CliResult r = RunCli({"import", file}, env);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("not a hookwarden configuration"), std::string::npos)
      << r.output;
  EXPECT_EQ(admin_.Get("/api/v1/orgs/default/products/x").status, 404);
}

}  // namespace
}  // namespace hookwarden::testing
