// The command line: version, help, and the offline admin commands.
#include <algorithm>
#include <regex>
#include <sstream>

#include "harness.h"

namespace hookwarden::testing {
namespace {

TEST(CliTest, VersionPrintsAVersion) {
  CliResult r = RunCli({"version"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex(R"(\d+\.\d+\.\d+)")))
      << r.output;
}

TEST(CliTest, EveryCommandHasHelp) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"--help"},
           {"version", "--help"},
           {"serve", "--help"},
           {"admin", "--help"},
           {"admin", "create-user", "--help"},
           {"admin", "reset-password", "--help"},
           {"admin", "list-users", "--help"}}) {
    CliResult r = RunCli(args);
    std::string joined;
    for (const std::string& a : args) joined += a + " ";
    EXPECT_EQ(r.exit_code, 0) << joined << r.output;
    EXPECT_GT(r.output.size(), 20u) << joined << r.output;
  }
  EXPECT_NE(RunCli({"--help"}).output.find("serve"), std::string::npos);
}

TEST(CliTest, UnknownCommandsAndOptionsFail) {
  EXPECT_NE(RunCli({"frobnicate"}).exit_code, 0);
  EXPECT_NE(RunCli({"version", "--no-such-option"}).exit_code, 0);
  EXPECT_NE(RunCli({"admin", "create-user"}).exit_code, 0);
}

class CliAdminTest : public ::testing::Test {
 protected:
  CliResult Admin(std::vector<std::string> args, Pairs env = {},
                  std::string_view stdin_text = "") {
    args.insert(args.begin(), "admin");
    args.push_back("--data");
    args.push_back(server_.data_dir());
    return RunCli(args, env, stdin_text);
  }
  int LoginStatus(std::string_view user, std::string_view password) {
    return HttpClient(server_.port()).Login(user, password).status;
  }
  void TearDown() override {
    if (server_.running()) {
      EXPECT_EQ(server_.Stop(), 0);
    }
  }

  ServerProcess server_;
};

TEST_F(CliAdminTest, CreatedUserCanLogIn) {
  CliResult env_user = Admin({"create-user", "alice"},
                             {{"HOOKWARDEN_PASSWORD", "Alice-pa55word-long"}});
  ASSERT_EQ(env_user.exit_code, 0) << env_user.output;
  EXPECT_EQ(env_user.output.find("Alice-pa55word-long"), std::string::npos);
  CliResult stdin_user =
      Admin({"create-user", "bob"}, {}, "Bob-pa55word-long\n");
  ASSERT_EQ(stdin_user.exit_code, 0) << stdin_user.output;

  ASSERT_TRUE(server_.Start());
  EXPECT_EQ(LoginStatus("alice", "Alice-pa55word-long"), 200);
  EXPECT_EQ(LoginStatus("bob", "Bob-pa55word-long"), 200);
  EXPECT_EQ(LoginStatus("bob", "Bob-pa55word-long\n"), 401);
  EXPECT_EQ(LoginStatus("alice", "wrong-password"), 401);
}

TEST_F(CliAdminTest, CreateRefusesDuplicatesAndMissingPasswords) {
  Pairs password{{"HOOKWARDEN_PASSWORD", "Alice-pa55word-long"}};
  ASSERT_EQ(Admin({"create-user", "alice"}, password).exit_code, 0);
  EXPECT_NE(Admin({"create-user", "alice"},
                  {{"HOOKWARDEN_PASSWORD", "Other-pa55word-long"}})
                .exit_code,
            0);
  EXPECT_NE(Admin({"create-user", "nopass"}).exit_code, 0);

  ASSERT_TRUE(server_.Start());
  EXPECT_EQ(LoginStatus("alice", "Alice-pa55word-long"), 200);
  EXPECT_EQ(LoginStatus("alice", "Other-pa55word-long"), 401);
}

TEST_F(CliAdminTest, ResetPasswordReplacesTheOldOne) {
  ASSERT_EQ(Admin({"create-user", "alice"},
                  {{"HOOKWARDEN_PASSWORD", "Old-pa55word-long"}})
                .exit_code,
            0);
  CliResult reset = Admin({"reset-password", "alice"},
                          {{"HOOKWARDEN_PASSWORD", "New-pa55word-long"}});
  ASSERT_EQ(reset.exit_code, 0) << reset.output;
  EXPECT_NE(Admin({"reset-password", "nobody"},
                  {{"HOOKWARDEN_PASSWORD", "New-pa55word-long"}})
                .exit_code,
            0);

  ASSERT_TRUE(server_.Start());
  EXPECT_EQ(LoginStatus("alice", "Old-pa55word-long"), 401);
  EXPECT_EQ(LoginStatus("alice", "New-pa55word-long"), 200);
}

TEST_F(CliAdminTest, ListUsersShowsTheServersUsers) {
  ASSERT_TRUE(server_.Start(
      {}, {{"HOOKWARDEN_ADMIN_PASSWORD", "Admin-pa55word-long"}}));
  ASSERT_EQ(server_.Stop(), 0);
  ASSERT_EQ(Admin({"create-user", "alice"},
                  {{"HOOKWARDEN_PASSWORD", "Alice-pa55word-long"}})
                .exit_code,
            0);

  CliResult r = Admin({"list-users"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> names;
  std::istringstream lines(r.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    names.push_back(line.substr(0, line.find_first_of(" \t")));
  }
  EXPECT_EQ(std::count(names.begin(), names.end(), "admin"), 1) << r.output;
  EXPECT_EQ(std::count(names.begin(), names.end(), "alice"), 1) << r.output;
  EXPECT_EQ(r.output.find("pa55word"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace hookwarden::testing
