// The command-line client for secrets variables: `hookwarden secrets ...`
// against the real server. The value goes in through standard input or a
// file, never the command line, and never comes out again.
#include <filesystem>
#include <fstream>

#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kValue = "hunter2-CLI-SECRET-9d1e";

class SecretsCliTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    env_ = {{"HOOKWARDEN_URL",
             "http://127.0.0.1:" + std::to_string(server_.port())},
            {"HOOKWARDEN_API_KEY", ApiKey(admin_, "cli")},
            {"HOOKWARDEN_ORG", "default"}};
  }

  CliResult Cli(const std::vector<std::string>& args,
                std::string_view stdin_text = "") {
    CliResult r = RunCli(args, env_, stdin_text);
    EXPECT_EQ(r.output.find(kValue), std::string::npos) << r.output;
    return r;
  }

  json::array Listed() {
    Response r = admin_.Get("/api/v1/orgs/default/secrets");
    EXPECT_EQ(r.status, 200) << r.body;
    return Items(r.json(), "/secrets");
  }

  Pairs env_;
};

TEST_F(SecretsCliTest, CreateFromStdinOrFileListAndDelete) {
  CliResult created =
      Cli({"secrets", "create", "FROM_STDIN"}, std::string(kValue) + "\n");
  ASSERT_EQ(created.exit_code, 0) << created.output;
  EXPECT_NE(created.output.find("never shown again"), std::string::npos);

  const std::string file = server_.data_dir() + "/../value.txt";
  std::ofstream(file) << kValue << "\n";
  created = Cli({"secrets", "create", "FROM_FILE", "--value-file", file});
  ASSERT_EQ(created.exit_code, 0) << created.output;

  CliResult list = Cli({"secrets", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("NAME"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("FROM_STDIN"), std::string::npos);
  EXPECT_NE(list.output.find("FROM_FILE"), std::string::npos);
  EXPECT_NE(list.output.find("admin"), std::string::npos);
  CliResult as_json = Cli({"secrets", "list", "--json"});
  ASSERT_EQ(as_json.exit_code, 0);
  EXPECT_EQ(Items(json::parse(as_json.output), "/secrets").size(), 2u);
  EXPECT_EQ(Listed().size(), 2u);

  // Deleting asks on a terminal, and needs --yes without one.
  CliResult refused = Cli({"secrets", "delete", "FROM_FILE"}, "y\n");
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("pass --yes"), std::string::npos)
      << refused.output;
  CliResult declined =
      RunCliInTerminal({"secrets", "delete", "FROM_FILE"}, env_, "no\n");
  EXPECT_EQ(declined.exit_code, 1) << declined.output;
  EXPECT_NE(declined.output.find("Delete secret FROM_FILE"), std::string::npos)
      << declined.output;
  EXPECT_EQ(Listed().size(), 2u);
  CliResult deleted =
      RunCliInTerminal({"secrets", "delete", "FROM_FILE"}, env_, "y\n");
  ASSERT_EQ(deleted.exit_code, 0) << deleted.output;
  EXPECT_EQ(Listed().size(), 1u);
  deleted = Cli({"secrets", "delete", "FROM_STDIN", "--force", "--yes"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.output;
  EXPECT_TRUE(Listed().empty());
  EXPECT_NE(Cli({"secrets", "list"}).output.find("No secrets"),
            std::string::npos);
  EXPECT_EQ(server_.log_text().find(kValue), std::string::npos);
}

TEST_F(SecretsCliTest, MistakesFailWithoutCreatingAnything) {
  // No value at all.
  CliResult r = Cli({"secrets", "create", "EMPTY"}, "");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("no value"), std::string::npos) << r.output;
  // A value on the command line is not an option (the refusal repeats what
  // was typed, so this one is not checked for the value).
  r = RunCli({"secrets", "create", "ARGV", "typed-value"}, env_);
  EXPECT_NE(r.exit_code, 0) << r.output;
  // A bad name, checked before anything is sent.
  r = Cli({"secrets", "create", "lower"}, kValue);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  // The server's refusals come through: too long, then a duplicate.
  r = Cli({"secrets", "create", "BIG"}, std::string(4097, 'v'));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("4096"), std::string::npos) << r.output;
  ASSERT_EQ(Cli({"secrets", "create", "ONCE"}, kValue).exit_code, 0);
  r = Cli({"secrets", "create", "ONCE"}, kValue);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("ONCE"), std::string::npos) << r.output;
  r = Cli({"secrets", "create", "FILE", "--value-file", "/nonexistent/x"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  r = Cli({"secrets", "delete", "ABSENT", "--yes"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("not found"), std::string::npos) << r.output;
  ASSERT_EQ(Listed().size(), 1u);
  EXPECT_EQ(Str(Listed()[0], "/name"), "ONCE");
}

}  // namespace
}  // namespace hookwarden::testing
