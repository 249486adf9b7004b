// The command-line client for webhook credentials: `hookwarden tokens ...`
// run as a user would, against the real server, with HOOKWARDEN_URL and a
// personal API key in HOOKWARDEN_API_KEY; and the offline `token check`.
#include <regex>
#include <string>
#include <vector>

#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kTokens = "/api/v1/orgs/default/integration-tokens";
const std::regex kAnyToken("hw[iadp]_[0-9A-Za-z]{38}");
const std::regex kIntegrationToken("hwi_[0-9A-Za-z]{38}");
const std::regex kActivationToken("hwa_[0-9A-Za-z]{38}");

// Every match of `pattern` in `text`, in order.
std::vector<std::string> AllMatches(const std::string& text,
                                    const std::regex& pattern) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    out.push_back(it->str());
  }
  return out;
}

// `text` parsed as one JSON document, or null.
json::value ParseJson(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value() : v;
}

class TokensCliTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    key_ = ApiKey(admin_, "cli");
    ASSERT_FALSE(key_.empty());
    env_ = {{"HOOKWARDEN_URL", Url()},
            {"HOOKWARDEN_API_KEY", key_},
            {"HOOKWARDEN_ORG", "default"},
            {"HOOKWARDEN_INTEGRATION_TOKEN", ""}};
  }

  std::string Url() const {
    return "http://127.0.0.1:" + std::to_string(server_.port());
  }

  // Runs `hookwarden <args>` with the client environment plus `extra_env`.
  CliResult Cli(const std::vector<std::string>& args,
                std::string_view stdin_text = "",
                const Pairs& extra_env = {}) const {
    Pairs env = env_;
    for (const auto& [name, value] : extra_env) {
      bool replaced = false;
      for (auto& pair : env) {
        if (pair.first == name) {
          pair.second = value;
          replaced = true;
        }
      }
      if (!replaced) env.emplace_back(name, value);
    }
    return RunCli(args, env, stdin_text);
  }

  // Creates a credential through the HTTP API and returns the answer.
  json::value CreateCredential(std::string_view type, std::string_view name) {
    Response r =
        admin_.Post(kTokens, json::object{{"type", type}, {"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  // POST /api/v1/activate with `token` as the bearer.
  Response ActivateOverHttp(const std::string& token) {
    return NewClient().Request("POST", "/api/v1/activate", std::nullopt,
                               {{"Authorization", "Bearer " + token}});
  }

  std::string key_;
  Pairs env_;
};

TEST_F(TokensCliTest, EveryTokensCommandHasHelp) {
  for (const char* sub : {"list", "create", "show", "regenerate", "rename",
                          "delete", "activate"}) {
    CliResult r = Cli({"tokens", sub, "--help"});
    EXPECT_EQ(r.exit_code, 0) << sub << ": " << r.output;
    EXPECT_NE(r.output.find("--json"), std::string::npos) << r.output;
  }
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"tokens", "--help"},
                                             {"token", "--help"},
                                             {"token", "check", "--help"}}) {
    CliResult r = Cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.output;
  }
  EXPECT_NE(Cli({"tokens", "list", "--help"}).output.find("--org"),
            std::string::npos);
  EXPECT_NE(Cli({"tokens"}).exit_code, 0);
  EXPECT_NE(Cli({"tokens", "create", "no-type"}).exit_code, 0);
  EXPECT_NE(Cli({"tokens", "create", "--type", "other", "x"}).exit_code, 0);
}

TEST_F(TokensCliTest, CreateHitsFailurePrintsTheIntegrationTokenAndCurl) {
  CliResult r = Cli({"tokens", "create", "--type", "hits_failure", "ci"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> tokens = AllMatches(r.output, kIntegrationToken);
  ASSERT_FALSE(tokens.empty()) << r.output;
  EXPECT_NE(r.output.find("curl"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("/api/v1/activate"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("API activation token"), std::string::npos)
      << r.output;

  // It is the credential's token, as the API shows it.
  json::value listed = FindBy(
      Items(admin_.Get(kTokens).json(), "/integration_tokens"), "name", "ci");
  ASSERT_TRUE(listed.is_object());
  EXPECT_EQ(Str(listed, "/type"), "hits_failure");
  Response shown = admin_.Get(std::string(kTokens) + "/" + Str(listed, "/id"));
  EXPECT_EQ(Str(shown.json(), "/token"), tokens[0]) << shown.body;
  EXPECT_NE(r.output.find(Str(listed, "/id")), std::string::npos) << r.output;
}

TEST_F(TokensCliTest, CreateWithJsonPrintsOneDocument) {
  CliResult r =
      Cli({"tokens", "create", "--type", "hits_failure", "bot", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  json::value doc = ParseJson(r.output);
  ASSERT_TRUE(doc.is_object()) << r.output;
  EXPECT_EQ(Str(doc, "/name"), "bot");
  EXPECT_TRUE(std::regex_match(Str(doc, "/token"), kIntegrationToken));
  EXPECT_FALSE(Str(doc, "/curl").empty());
}

TEST_F(TokensCliTest, CreateDeployExplainsPerApplicationDeployTokens) {
  CliResult r = Cli({"tokens", "create", "--type", "deploy", "releases"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(AllMatches(r.output, kAnyToken).empty()) << r.output;
  EXPECT_NE(r.output.find("each application"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("/deploy-token"), std::string::npos) << r.output;
  json::value listed =
      FindBy(Items(admin_.Get(kTokens).json(), "/integration_tokens"), "name",
             "releases");
  EXPECT_EQ(Str(listed, "/type"), "deploy");
}

TEST_F(TokensCliTest, ListShowsEveryCredentialButNoTokenValue) {
  json::value ci = CreateCredential("hits_failure", "ci");
  json::value ship = CreateCredential("deploy", "ship");
  // Activate so that the list has a use to show.
  ASSERT_EQ(ActivateOverHttp(Str(ci, "/token")).status, 200);

  CliResult r = Cli({"tokens", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::string header = r.output.substr(0, r.output.find('\n'));
  EXPECT_TRUE(std::regex_search(
      header, std::regex("^ID +TYPE +NAME +HINT +ACTIVATED +LAST USED +USES$")))
      << header;
  for (const json::value* c : {&ci, &ship}) {
    EXPECT_NE(r.output.find(Str(*c, "/id")), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(Str(*c, "/name")), std::string::npos);
  }
  EXPECT_NE(r.output.find(Str(ci, "/hint")), std::string::npos) << r.output;
  EXPECT_TRUE(AllMatches(r.output, kAnyToken).empty()) << r.output;
  EXPECT_EQ(r.output.find(Str(ci, "/token").substr(4, 20)), std::string::npos);
  EXPECT_EQ(r.output.find(key_), std::string::npos);

  CliResult as_json = Cli({"tokens", "list", "--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.output;
  json::value doc = ParseJson(as_json.output);
  EXPECT_EQ(Items(doc, "/integration_tokens").size(), 2u) << as_json.output;
  EXPECT_TRUE(AllMatches(as_json.output, kAnyToken).empty());
}

TEST_F(TokensCliTest, ShowGivesTheTokenAndCurlToAnAdmin) {
  json::value ci = CreateCredential("hits_failure", "ci");
  std::string id = Str(ci, "/id");
  CliResult r = Cli({"tokens", "show", id});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(id), std::string::npos);
  EXPECT_NE(r.output.find("ci"), std::string::npos);
  EXPECT_NE(r.output.find(Str(ci, "/token")), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("curl"), std::string::npos) << r.output;

  CliResult as_json = Cli({"tokens", "show", id, "--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.output;
  EXPECT_EQ(Str(ParseJson(as_json.output), "/token"), Str(ci, "/token"));
}

TEST_F(TokensCliTest, ShowGivesNoTokenToAMember) {
  json::value ci = CreateCredential("hits_failure", "ci");
  AddMember(admin_, "default", "mia", "member", "Mia-pa55word-long");
  HttpClient mia = Login("mia", "Mia-pa55word-long");
  std::string mia_key = ApiKey(mia, "mia's key");
  CliResult r = Cli({"tokens", "show", Str(ci, "/id")}, "",
                    {{"HOOKWARDEN_API_KEY", mia_key}});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ci"), std::string::npos) << r.output;
  EXPECT_TRUE(AllMatches(r.output, kAnyToken).empty()) << r.output;
}

TEST_F(TokensCliTest, ActivateReadsTheTokenFromStdinAndNeedsNoApiKey) {
  json::value ci = CreateCredential("hits_failure", "ci");
  std::string token = Str(ci, "/token");
  Pairs no_key = {{"HOOKWARDEN_API_KEY", ""}};

  CliResult first = Cli({"tokens", "activate", "--json"}, token + "\n", no_key);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  json::value doc = ParseJson(first.output);
  std::string api_token = Str(doc, "/api_token");
  EXPECT_TRUE(std::regex_match(api_token, kActivationToken)) << first.output;
  EXPECT_EQ(Str(doc, "/credential/id"), Str(ci, "/id"));
  EXPECT_EQ(Str(doc, "/organization/slug"), "default");

  // Again, for people: the same API activation token and a curl example.
  CliResult second = Cli({"tokens", "activate"}, token + "\n", no_key);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(AllMatches(second.output, kActivationToken).at(0), api_token)
      << second.output;
  EXPECT_NE(second.output.find("curl"), std::string::npos) << second.output;

  // From the environment too, and without a line ending on stdin.
  CliResult third = Cli({"tokens", "activate", "--json"}, "",
                        {{"HOOKWARDEN_INTEGRATION_TOKEN", token}});
  ASSERT_EQ(third.exit_code, 0) << third.output;
  EXPECT_EQ(Str(ParseJson(third.output), "/api_token"), api_token);
  CliResult fourth = Cli({"tokens", "activate", "--json"}, token);
  ASSERT_EQ(fourth.exit_code, 0) << fourth.output;
  EXPECT_EQ(Str(ParseJson(fourth.output), "/api_token"), api_token);

  // The credential records the activation.
  Response shown = admin_.Get(std::string(kTokens) + "/" + Str(ci, "/id"));
  EXPECT_TRUE(IsTimestamp(Str(shown.json(), "/activated_at"))) << shown.body;
}

TEST_F(TokensCliTest, ActivateRefusesWhatIsNotAnIntegrationToken) {
  CliResult none = Cli({"tokens", "activate"}, "");
  EXPECT_EQ(none.exit_code, 1) << none.output;
  CliResult personal = Cli({"tokens", "activate"}, key_ + "\n");
  EXPECT_EQ(personal.exit_code, 1) << personal.output;
  EXPECT_EQ(personal.output.find(key_), std::string::npos) << personal.output;
  json::value ci = CreateCredential("hits_failure", "ci");
  std::string typo = Str(ci, "/token");
  typo[10] = typo[10] == 'a' ? 'b' : 'a';
  CliResult mistyped = Cli({"tokens", "activate"}, typo + "\n");
  EXPECT_EQ(mistyped.exit_code, 1) << mistyped.output;
  EXPECT_NE(mistyped.output.find("checksum"), std::string::npos)
      << mistyped.output;
}

TEST_F(TokensCliTest, RegenerateInvalidatesTheOldToken) {
  json::value ci = CreateCredential("hits_failure", "ci");
  std::string id = Str(ci, "/id");
  std::string old_token = Str(ci, "/token");
  Response activated = ActivateOverHttp(old_token);
  ASSERT_EQ(activated.status, 200) << activated.body;

  CliResult r = Cli({"tokens", "regenerate", id, "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> tokens = AllMatches(r.output, kIntegrationToken);
  ASSERT_FALSE(tokens.empty()) << r.output;
  std::string new_token = tokens[0];
  EXPECT_NE(new_token, old_token);
  EXPECT_EQ(r.output.find(old_token), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("curl"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("invalid"), std::string::npos) << r.output;

  EXPECT_TRUE(IsError(ActivateOverHttp(old_token), 401, "unauthenticated"));
  Response fresh = ActivateOverHttp(new_token);
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_NE(Str(fresh.json(), "/api_token"),
            Str(activated.json(), "/api_token"));

  // The CLI reports the rejection with the server's words.
  CliResult old = Cli({"tokens", "activate"}, old_token + "\n");
  EXPECT_EQ(old.exit_code, 1) << old.output;
  EXPECT_NE(old.output.find(
                "hookwarden: missing or invalid credentials (unauthenticated)"),
            std::string::npos)
      << old.output;
}

TEST_F(TokensCliTest, RegenerateWithGraceKeepsTheOldTokenForAWhile) {
  json::value ci = CreateCredential("hits_failure", "ci");
  std::string old_token = Str(ci, "/token");
  CliResult r =
      Cli({"tokens", "regenerate", Str(ci, "/id"), "--grace", "600", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("until"), std::string::npos) << r.output;
  EXPECT_EQ(ActivateOverHttp(old_token).status, 200);

  CliResult as_json = Cli({"tokens", "regenerate", Str(ci, "/id"), "--grace",
                           "60", "--json", "--yes"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.output;
  EXPECT_TRUE(
      IsTimestamp(Str(ParseJson(as_json.output), "/previous_valid_until")))
      << as_json.output;

  EXPECT_NE(
      Cli({"tokens", "regenerate", Str(ci, "/id"), "--grace", "0", "--yes"})
          .exit_code,
      0);
}

TEST_F(TokensCliTest, RenameChangesTheNameAndTheToken) {
  json::value ci = CreateCredential("hits_failure", "ci");
  std::string id = Str(ci, "/id");
  std::string old_token = Str(ci, "/token");

  CliResult r = Cli({"tokens", "rename", id, "ci-renamed", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("renaming generated new credentials"),
            std::string::npos)
      << r.output;
  std::vector<std::string> tokens = AllMatches(r.output, kIntegrationToken);
  ASSERT_FALSE(tokens.empty()) << r.output;
  EXPECT_NE(tokens[0], old_token);

  Response shown = admin_.Get(std::string(kTokens) + "/" + id);
  EXPECT_EQ(Str(shown.json(), "/name"), "ci-renamed") << shown.body;
  EXPECT_EQ(Str(shown.json(), "/token"), tokens[0]) << shown.body;
  EXPECT_TRUE(IsError(ActivateOverHttp(old_token), 401, "unauthenticated"));
  EXPECT_EQ(ActivateOverHttp(tokens[0]).status, 200);
}

TEST_F(TokensCliTest, DeleteNamesTheApplicationsThatUsedIt) {
  json::value ship = CreateCredential("deploy", "ship");
  std::string id = Str(ship, "/id");
  CreateProduct(admin_, "default", "Shop");
  CreateApp(admin_, "default", "shop", "Checkout",
            json::object{{"deploy_credential", id}});

  CliResult r = Cli({"tokens", "delete", id, "-y"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("checkout"), std::string::npos) << r.output;
  EXPECT_EQ(admin_.Get(std::string(kTokens) + "/" + id).status, 404);
  Response app = admin_.Get("/api/v1/orgs/default/applications/checkout");
  EXPECT_EQ(Str(app.json(), "/deploy_credential/status"), "deleted")
      << app.body;

  json::value ci = CreateCredential("hits_failure", "ci");
  CliResult as_json =
      Cli({"tokens", "delete", Str(ci, "/id"), "--json", "--yes"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.output;
  json::value doc = ParseJson(as_json.output);
  EXPECT_EQ(Str(doc, "/id"), Str(ci, "/id")) << as_json.output;
  EXPECT_TRUE(Items(doc, "/applications").empty());
  EXPECT_TRUE(
      IsError(ActivateOverHttp(Str(ci, "/token")), 401, "unauthenticated"));
}

TEST_F(TokensCliTest, DestructiveCommandsAskOnATerminalOrNeedYes) {
  json::value ci = CreateCredential("hits_failure", "ci");
  std::string id = Str(ci, "/id");
  std::string token = Str(ci, "/token");
  CreateProduct(admin_, "default", "Shop");
  CreateApp(admin_, "default", "shop", "Checkout",
            json::object{{"hits_failure_credential", id}});
  auto current_token = [&] {
    return Str(admin_.Get(std::string(kTokens) + "/" + id).json(), "/token");
  };

  // Piped, without --yes: refused, nothing changed.
  for (const char* sub : {"delete", "regenerate"}) {
    CliResult r = Cli({"tokens", sub, id}, "y\n");
    EXPECT_EQ(r.exit_code, 1) << sub << ": " << r.output;
    EXPECT_NE(r.output.find("pass --yes"), std::string::npos) << r.output;
  }
  CliResult piped_rename = Cli({"tokens", "rename", id, "other"}, "y\n");
  EXPECT_EQ(piped_rename.exit_code, 1) << piped_rename.output;
  EXPECT_EQ(current_token(), token);

  // On a terminal it asks, naming the applications that stop reporting; no
  // answer, or anything but yes, changes nothing.
  CliResult no = RunCliInTerminal({"tokens", "delete", id}, env_, "n\n");
  EXPECT_EQ(no.exit_code, 1) << no.output;
  EXPECT_NE(no.output.find("Checkout"), std::string::npos) << no.output;
  EXPECT_NE(no.output.find("Continue? [y/N]"), std::string::npos) << no.output;
  EXPECT_NE(no.output.find("Cancelled: nothing was changed"), std::string::npos)
      << no.output;
  CliResult enter =
      RunCliInTerminal({"tokens", "rename", id, "other"}, env_, "\n");
  EXPECT_EQ(enter.exit_code, 1) << enter.output;
  EXPECT_NE(enter.output.find("renaming also regenerates it"),
            std::string::npos)
      << enter.output;
  Response kept = admin_.Get(std::string(kTokens) + "/" + id);
  EXPECT_EQ(Str(kept.json(), "/name"), "ci") << kept.body;
  EXPECT_EQ(Str(kept.json(), "/token"), token);

  // "y" goes on.
  CliResult yes = RunCliInTerminal({"tokens", "regenerate", id}, env_, "y\n");
  EXPECT_EQ(yes.exit_code, 0) << yes.output;
  EXPECT_NE(current_token(), token);
  EXPECT_TRUE(IsError(ActivateOverHttp(token), 401, "unauthenticated"));
  CliResult gone = RunCliInTerminal({"tokens", "delete", id}, env_, "yes\n");
  EXPECT_EQ(gone.exit_code, 0) << gone.output;
  EXPECT_EQ(admin_.Get(std::string(kTokens) + "/" + id).status, 404);
}

TEST_F(TokensCliTest, ApiErrorsAreReportedWithTheServersMessage) {
  std::string path = std::string(kTokens) + "/itk_doesnotexist";
  Response direct = admin_.Get(path);
  ASSERT_TRUE(IsError(direct, 404, "not_found"));
  std::string message = Str(direct.json(), "/error/message");

  for (const char* sub : {"show", "regenerate", "delete"}) {
    std::vector<std::string> args{"tokens", sub, "itk_doesnotexist"};
    if (std::string_view(sub) != "show") args.push_back("--yes");
    CliResult r = Cli(args);
    EXPECT_EQ(r.exit_code, 1) << sub << ": " << r.output;
    EXPECT_NE(r.output.find("hookwarden: " + message + " (not_found)"),
              std::string::npos)
        << sub << ": " << r.output;
  }

  // A field error names the field.
  CliResult blank = Cli({"tokens", "create", "--type", "deploy", ""});
  EXPECT_EQ(blank.exit_code, 1) << blank.output;
  EXPECT_NE(blank.output.find(", field name)"), std::string::npos)
      << blank.output;

  // A duplicate name is a conflict.
  CreateCredential("deploy", "twice");
  CliResult twice = Cli({"tokens", "create", "--type", "deploy", "twice"});
  EXPECT_EQ(twice.exit_code, 1) << twice.output;
  EXPECT_NE(twice.output.find("(conflict"), std::string::npos) << twice.output;

  CliResult no_org = Cli({"tokens", "list", "--org", "no-such-org"});
  EXPECT_EQ(no_org.exit_code, 1) << no_org.output;
  EXPECT_NE(no_org.output.find("(not_found)"), std::string::npos)
      << no_org.output;

  // With --json the server's error document is printed too.
  CliResult as_json = Cli({"tokens", "show", "itk_doesnotexist", "--json"});
  EXPECT_EQ(as_json.exit_code, 1);
  EXPECT_NE(as_json.output.find(direct.body), std::string::npos)
      << as_json.output;
}

TEST_F(TokensCliTest, CredentialProblemsNeverShowTheKey) {
  // Well formed, but deleted.
  Response made =
      admin_.Post("/api/v1/api-keys", json::object{{"name", "doomed"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string unknown = Str(made.json(), "/key");
  ASSERT_EQ(admin_.Delete("/api/v1/api-keys/" + Str(made.json(), "/id")).status,
            204);
  CliResult rejected =
      Cli({"tokens", "list"}, "", {{"HOOKWARDEN_API_KEY", unknown}});
  EXPECT_EQ(rejected.exit_code, 1) << rejected.output;
  EXPECT_NE(rejected.output.find("(unauthenticated)"), std::string::npos)
      << rejected.output;
  EXPECT_EQ(rejected.output.find(unknown.substr(4)), std::string::npos);

  CliResult missing = Cli({"tokens", "list"}, "", {{"HOOKWARDEN_API_KEY", ""}});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find("HOOKWARDEN_API_KEY"), std::string::npos);

  std::string typo = key_;
  typo[20] = typo[20] == 'a' ? 'b' : 'a';
  CliResult mistyped =
      Cli({"tokens", "list"}, "", {{"HOOKWARDEN_API_KEY", typo}});
  EXPECT_EQ(mistyped.exit_code, 1) << mistyped.output;
  EXPECT_NE(mistyped.output.find("checksum"), std::string::npos);
  EXPECT_EQ(mistyped.output.find(typo.substr(4)), std::string::npos);
  EXPECT_EQ(mistyped.output.find(key_.substr(4)), std::string::npos);
}

TEST_F(TokensCliTest, UnreachableOrHttpsServersAreExplained) {
  std::string url = Url();
  server_.Stop();
  CliResult down = Cli({"tokens", "list"});
  EXPECT_EQ(down.exit_code, 1) << down.output;
  EXPECT_NE(down.output.find(url), std::string::npos) << down.output;
  EXPECT_EQ(down.output.find(key_), std::string::npos);

  // An https URL is spoken to (tls_test.cc); a server that is down is named.
  std::string secure = "https" + url.substr(4);
  CliResult https = Cli({"tokens", "list"}, "", {{"HOOKWARDEN_URL", secure}});
  EXPECT_EQ(https.exit_code, 1) << https.output;
  EXPECT_NE(https.output.find("cannot reach " + secure), std::string::npos)
      << https.output;
}

TEST_F(TokensCliTest, TokenCheckJudgesFreshTokens) {
  json::value ci = CreateCredential("hits_failure", "ci");
  std::string integration = Str(ci, "/token");
  Response activated = ActivateOverHttp(integration);
  ASSERT_EQ(activated.status, 200) << activated.body;
  std::string activation = Str(activated.json(), "/api_token");

  CliResult r = RunCli({"token", "check", integration});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "integration\n");
  r = RunCli({"token", "check", activation});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "activation\n");
  r = RunCli({"token", "check", key_});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "personal\n");
  r = RunCli({"token", "check", "-"}, {}, integration + "\n");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "integration\n");
}

TEST_F(TokensCliTest, TokenCheckSaysWhatIsWrongWithoutEchoingTheToken) {
  json::value ci = CreateCredential("hits_failure", "ci");
  const std::string token = Str(ci, "/token");
  const std::string secret = token.substr(4);

  std::string typo = token;
  typo[17] = typo[17] == 'x' ? 'y' : 'x';
  std::string wrong_prefix = "hwz_" + secret;
  std::string truncated = token.substr(0, 41);
  std::string bad_char = token;
  bad_char[16] = '-';

  struct Case {
    std::string input;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {typo, "checksum"},
           {wrong_prefix, "unknown prefix"},
           {truncated, "wrong length: 41 characters, expected 42"},
           {bad_char, "invalid character at position 17"}}) {
    CliResult r = RunCli({"token", "check", c.input});
    EXPECT_EQ(r.exit_code, 1) << c.expected << ": " << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << r.output;
    for (std::size_t i = 0; i + 6 <= secret.size(); ++i) {
      EXPECT_EQ(r.output.find(secret.substr(i, 6)), std::string::npos)
          << r.output;
    }
    CliResult piped = RunCli({"token", "check", "-"}, {}, c.input + "\n");
    EXPECT_EQ(piped.exit_code, 1) << piped.output;
    EXPECT_NE(piped.output.find(c.expected), std::string::npos) << piped.output;
  }
}

}  // namespace
}  // namespace hookwarden::testing
