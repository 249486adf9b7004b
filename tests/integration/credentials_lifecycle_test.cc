// Webhook credentials ("Integration Tokens") end to end, following the seed's
// walk: create both types, run the curl command the server hands out, wire
// applications to them, regenerate (with and without a grace window), rename
// and delete. The security side (revoking, tenancy, roles, rejected tokens,
// secrets in logs) is in credentials_security_test.cc.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <thread>

#include "credentials_fixture.h"

extern char** environ;

namespace hookwarden::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// The hint the docs describe: prefix, "...", last four characters.
std::string HintOf(std::string_view token) {
  return std::string(token.substr(0, 4)) + "..." +
         std::string(token.substr(token.size() - 4));
}

// 2026-11-26T20:26:29.123Z as a point in time.
std::chrono::system_clock::time_point ParseTime(const std::string& s) {
  std::tm tm{};
  int millis = 0;
  std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon,
              &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&tm)) +
         std::chrono::milliseconds(millis);
}

struct ShellResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `command` with /bin/sh -c, as a user pasting it into a terminal would;
// stdout and stderr are kept apart. Loopback is kept off any proxy.
ShellResult RunShell(const std::string& command) {
  ShellResult result;
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return result;
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return result;
  }
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("no_proxy=", 0) == 0 || entry.rfind("NO_PROXY=", 0) == 0)
      continue;
    env_strings.emplace_back(entry);
  }
  env_strings.push_back("no_proxy=127.0.0.1,localhost");
  env_strings.push_back("NO_PROXY=127.0.0.1,localhost");
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string sh = "/bin/sh", dash_c = "-c", cmd = command;
  char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(out[0]);
    close(err[0]);
    return result;
  }
  auto deadline = Clock::now() + 30s;
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) {
      kill(pid, SIGKILL);
      result.err += "[killed after 30 s]";
      break;
    }
    pollfd p[2] = {{out_open ? out[0] : -1, POLLIN, 0},
                   {err_open ? err[0] : -1, POLLIN, 0}};
    if (poll(p, 2, static_cast<int>(left.count())) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (p[i].fd < 0 || p[i].revents == 0) continue;
      char chunk[4096];
      ssize_t n = read(p[i].fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
        continue;
      }
      (i == 0 ? result.out : result.err).append(chunk, static_cast<size_t>(n));
    }
  }
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class CredentialLifecycleTest : public CredentialTest {
 protected:
  // Runs the activation curl command and returns its JSON output.
  json::value RunCurl(const std::string& curl) {
    ShellResult run = RunShell(curl);
    EXPECT_EQ(run.exit_code, 0) << curl << "\nstderr: " << run.err;
    boost::system::error_code ec;
    json::value v = json::parse(run.out, ec);
    EXPECT_FALSE(ec) << "curl printed no JSON: " << run.out
                     << "\nstderr: " << run.err;
    return ec ? json::value() : v;
  }
};

TEST_F(CredentialLifecycleTest, SeedWalkCreatesBothTypesAndListsThemByHint) {
  Response hits = admin_.Post(
      kTokens, json::object{{"type", "hits_failure"}, {"name", "Production"}});
  ASSERT_EQ(hits.status, 201) << hits.body;
  json::value h = hits.json();
  std::string token = Str(h, "/token");
  EXPECT_TRUE(IsToken(token, "hwi_")) << hits.body;
  EXPECT_EQ(Str(h, "/type"), "hits_failure");
  EXPECT_EQ(Str(h, "/name"), "Production");
  EXPECT_EQ(Str(h, "/hint"), HintOf(token));
  EXPECT_EQ(Str(h, "/created_by"), "admin");
  EXPECT_TRUE(IsTimestamp(Str(h, "/created_at"))) << hits.body;
  EXPECT_TRUE(IsTimestamp(Str(h, "/updated_at"))) << hits.body;
  EXPECT_TRUE(At(h, "/activated_at").is_null()) << hits.body;
  EXPECT_EQ(At(h, "/use_count"), json::value(0));
  EXPECT_EQ(At(h, "/generation"), json::value(1));
  EXPECT_TRUE(At(h, "/applications").is_array()) << hits.body;
  std::string curl = Str(h, "/curl");
  EXPECT_EQ(curl.rfind("curl ", 0), 0u) << curl;
  EXPECT_NE(curl.find(token), std::string::npos) << curl;
  EXPECT_NE(curl.find("/api/v1/activate"), std::string::npos) << curl;

  Response deploy = admin_.Post(
      kTokens, json::object{{"type", "deploy"}, {"name", "Releases"}});
  ASSERT_EQ(deploy.status, 201) << deploy.body;
  json::value d = deploy.json();
  EXPECT_EQ(Str(d, "/type"), "deploy");
  EXPECT_EQ(Str(d, "/name"), "Releases");
  EXPECT_FALSE(d.as_object().contains("token")) << deploy.body;
  EXPECT_FALSE(d.as_object().contains("curl")) << deploy.body;
  EXPECT_TRUE(At(d, "/hint").is_null()) << deploy.body;

  Response list = admin_.Get(kTokens);
  ASSERT_EQ(list.status, 200) << list.body;
  json::array items = Items(list.json(), "/integration_tokens");
  ASSERT_EQ(items.size(), 2u) << list.body;
  json::value listed_hits = FindBy(items, "id", Str(h, "/id"));
  json::value listed_deploy = FindBy(items, "id", Str(d, "/id"));
  EXPECT_EQ(Str(listed_hits, "/name"), "Production");
  EXPECT_EQ(Str(listed_hits, "/hint"), HintOf(token));
  EXPECT_EQ(Str(listed_deploy, "/name"), "Releases");
  EXPECT_TRUE(listed_deploy.as_object().contains("hint")) << list.body;
  for (const json::value& item : items) {
    EXPECT_FALSE(item.as_object().contains("token")) << list.body;
    EXPECT_FALSE(item.as_object().contains("curl")) << list.body;
  }
  EXPECT_EQ(list.body.find(token), std::string::npos) << list.body;
  EXPECT_EQ(Audit("integration_token.created", Str(h, "/id")).size(), 1u);
  EXPECT_EQ(Audit("integration_token.created", Str(d, "/id")).size(), 1u);
}

TEST_F(CredentialLifecycleTest, TheReturnedCurlCommandActivatesTheApi) {
  json::value created = CreateCredential("hits_failure", "Production");
  std::string id = Str(created, "/id");
  std::string curl = Str(created, "/curl");
  ASSERT_FALSE(curl.empty());

  json::value first = RunCurl(curl);
  std::string api_token = Str(first, "/api_token");
  EXPECT_TRUE(IsToken(api_token, "hwa_")) << json::serialize(first);
  EXPECT_EQ(Str(first, "/credential/id"), id);
  EXPECT_EQ(Str(first, "/credential/name"), "Production");
  json::value org = admin_.Get("/api/v1/orgs/default").json();
  EXPECT_EQ(Str(first, "/organization/id"), Str(org, "/id"));
  EXPECT_EQ(Str(first, "/organization/slug"), "default");
  EXPECT_EQ(Str(first, "/organization/name"), Str(org, "/name"));
  std::string hit_curl = Str(first, "/curl");
  EXPECT_EQ(hit_curl.rfind("curl ", 0), 0u) << hit_curl;
  EXPECT_NE(hit_curl.find(api_token), std::string::npos) << hit_curl;

  json::value second = RunCurl(curl);
  EXPECT_EQ(Str(second, "/api_token"), api_token) << "activation is idempotent";

  json::value shown = Get(id);
  EXPECT_TRUE(IsTimestamp(Str(shown, "/activated_at"))) << shown;
  EXPECT_EQ(Str(shown, "/activated_from"), "127.0.0.1") << shown;
  EXPECT_EQ(Str(shown, "/activated_user_agent").rfind("curl/", 0), 0u) << shown;
  EXPECT_TRUE(IsTimestamp(Str(shown, "/last_used_at"))) << shown;
  EXPECT_EQ(Str(shown, "/last_used_from"), "127.0.0.1") << shown;
  EXPECT_EQ(At(shown, "/use_count"), json::value(2)) << shown;
  EXPECT_EQ(At(shown, "/generation"), json::value(1)) << shown;
  EXPECT_EQ(Audit("integration_token.activated", id).size(), 2u);
}

TEST_F(CredentialLifecycleTest, ApplicationsGetTheirOwnDeployTokens) {
  json::value hits = CreateCredential("hits_failure", "Checkout hits");
  json::value deploy = CreateCredential("deploy", "Checkout deploys");
  CreateProduct(admin_, "default", "Shop");
  json::value checkout =
      CreateApp(admin_, "default", "shop", "Checkout",
                {{"hits_failure_credential", "Checkout hits"},
                 {"deploy_credential", Str(deploy, "/id")}});
  EXPECT_EQ(Str(checkout, "/hits_failure_credential/id"), Str(hits, "/id"));
  EXPECT_EQ(Str(checkout, "/hits_failure_credential/name"), "Checkout hits");
  EXPECT_EQ(Str(checkout, "/hits_failure_credential/status"), "active");
  EXPECT_EQ(Str(checkout, "/deploy_credential/id"), Str(deploy, "/id"));
  EXPECT_EQ(Str(checkout, "/deploy_credential/name"), "Checkout deploys");
  EXPECT_EQ(Str(checkout, "/deploy_credential/status"), "active");

  Response r = admin_.Get(AppPath("checkout", "/deploy-token"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string token = Str(r.json(), "/token");
  EXPECT_TRUE(IsToken(token, "hwd_")) << r.body;
  EXPECT_TRUE(At(r.json(), "/application").is_object() ||
              At(r.json(), "/application").is_string())
      << r.body;
  EXPECT_EQ(Str(r.json(), "/deploy_credential/id"), Str(deploy, "/id"))
      << r.body;
  std::string curl = Str(r.json(), "/curl");
  EXPECT_EQ(curl.rfind("curl", 0), 0u) << curl;
  EXPECT_NE(curl.find(token), std::string::npos) << curl;
  EXPECT_NE(curl.find("/api/v1/deploys"), std::string::npos) << curl;
  EXPECT_EQ(DeployToken("checkout"), token) << "the page shows the same token";
  EXPECT_EQ(Audit("deploy_token.viewed", Str(checkout, "/id")).size(), 2u);

  json::value search = CreateApp(admin_, "default", "shop", "Search",
                                 {{"deploy_credential", "Checkout deploys"}});
  std::string search_token = DeployToken("search");
  EXPECT_TRUE(IsToken(search_token, "hwd_"));
  EXPECT_NE(search_token, token) << "one token per application";

  json::value shown = Get(Str(deploy, "/id"));
  json::array apps = Items(shown, "/applications");
  EXPECT_EQ(apps.size(), 2u) << shown;
  EXPECT_EQ(Str(FindBy(apps, "id", Str(checkout, "/id")), "/slug"), "checkout");
  EXPECT_EQ(Str(FindBy(apps, "id", Str(search, "/id")), "/name"), "Search");

  AddMember(admin_, "default", "mia", "member", "Mia-pa55word-long");
  HttpClient mia = Login("mia", "Mia-pa55word-long");
  EXPECT_TRUE(
      IsError(mia.Get(AppPath("checkout", "/deploy-token")), 403, "forbidden"));

  CreateApp(admin_, "default", "shop", "Plain");
  EXPECT_TRUE(
      IsError(admin_.Get(AppPath("plain", "/deploy-token")), 409, "conflict"));

  // Each type only goes where it belongs.
  EXPECT_TRUE(IsError(
      admin_.Post(
          kApps, json::object{{"product", "shop"},
                              {"name", "Wrong"},
                              {"hits_failure_credential", "Checkout deploys"}}),
      422, "invalid_field", "hits_failure_credential"));
  EXPECT_TRUE(IsError(
      admin_.Post(
          kApps, json::object{{"product", "shop"},
                              {"name", "Wrong"},
                              {"hits_failure_credential", Str(deploy, "/id")}}),
      422, "invalid_field", "hits_failure_credential"));
  EXPECT_TRUE(IsError(
      admin_.Post(kApps, json::object{{"product", "shop"},
                                      {"name", "Wrong"},
                                      {"deploy_credential", Str(hits, "/id")}}),
      422, "invalid_field", "deploy_credential"));
  EXPECT_TRUE(IsError(
      admin_.Patch(AppPath("plain"),
                   json::object{{"hits_failure_credential", "No such one"}}),
      422, "invalid_field", "hits_failure_credential"));
  EXPECT_TRUE(
      At(admin_.Get(AppPath("plain")).json(), "/hits_failure_credential")
          .is_null());
  EXPECT_EQ(Items(admin_.Get(kApps).json(), "/applications").size(), 3u);
}

TEST_F(CredentialLifecycleTest, RegenerateEndsEveryTokenAtOnce) {
  json::value hits = CreateCredential("hits_failure", "Production");
  std::string id = Str(hits, "/id");
  std::string old_token = Str(hits, "/token");
  std::string old_api = Str(RunCurl(Str(hits, "/curl")), "/api_token");
  ASSERT_TRUE(IsToken(old_api, "hwa_"));

  json::value deploy = CreateCredential("deploy", "Releases");
  CreateProduct(admin_, "default", "Shop");
  CreateApp(admin_, "default", "shop", "Checkout",
            {{"deploy_credential", "Releases"}});
  CreateApp(admin_, "default", "shop", "Search",
            {{"deploy_credential", "Releases"}});
  std::string checkout_before = DeployToken("checkout");
  std::string search_before = DeployToken("search");

  Response r = admin_.Request("POST", Path(id, "/regenerate"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string new_token = Str(r.json(), "/token");
  EXPECT_TRUE(IsToken(new_token, "hwi_")) << r.body;
  EXPECT_NE(new_token, old_token);
  EXPECT_NE(Str(r.json(), "/curl").find(new_token), std::string::npos)
      << r.body;
  EXPECT_EQ(Str(r.json(), "/hint"), HintOf(new_token));
  EXPECT_TRUE(r.json().as_object().contains("previous_valid_until")) << r.body;
  EXPECT_EQ(At(r.json(), "/generation"), json::value(2)) << r.body;

  EXPECT_TRUE(Rejected(Activate(old_token))) << "old integration token";
  EXPECT_TRUE(Rejected(Activate(old_api))) << "an API token does not activate";
  json::value shown = Get(id);
  EXPECT_EQ(Str(shown, "/hint"), HintOf(new_token));
  EXPECT_NE(Str(shown, "/hint"), Str(hits, "/hint"));
  EXPECT_EQ(Str(shown, "/token"), new_token);

  // The seed: run the (new) curl command again to obtain the new API token.
  json::value again = RunCurl(Str(r.json(), "/curl"));
  std::string new_api = Str(again, "/api_token");
  EXPECT_TRUE(IsToken(new_api, "hwa_")) << json::serialize(again);
  EXPECT_NE(new_api, old_api);

  Response d = admin_.Request("POST", Path(Str(deploy, "/id"), "/regenerate"));
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_FALSE(d.json().as_object().contains("token")) << d.body;
  std::string checkout_after = DeployToken("checkout");
  std::string search_after = DeployToken("search");
  EXPECT_TRUE(IsToken(checkout_after, "hwd_"));
  EXPECT_NE(checkout_after, checkout_before);
  EXPECT_NE(search_after, search_before);
  EXPECT_NE(checkout_after, search_after);

  EXPECT_EQ(Audit("integration_token.regenerated", id).size(), 1u);
  EXPECT_EQ(Audit("integration_token.regenerated", Str(deploy, "/id")).size(),
            1u);
}

TEST_F(CredentialLifecycleTest, GraceWindowKeepsTheOldTokenUntilItEnds) {
  json::value hits = CreateCredential("hits_failure", "Production");
  std::string id = Str(hits, "/id");
  std::string old_token = Str(hits, "/token");

  for (const json::value& bad :
       {json::value(86401), json::value(-1), json::value("10")}) {
    EXPECT_TRUE(IsError(admin_.Post(Path(id, "/regenerate"),
                                    json::object{{"grace_seconds", bad}}),
                        422, "invalid_field", "grace_seconds"))
        << json::serialize(bad);
  }
  EXPECT_EQ(Str(Get(id), "/hint"), HintOf(old_token))
      << "a rejected regenerate changes nothing";
  EXPECT_EQ(Activate(old_token).status, 200);

  Response r =
      admin_.Post(Path(id, "/regenerate"), json::object{{"grace_seconds", 2}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string new_token = Str(r.json(), "/token");
  std::string until_text = Str(r.json(), "/previous_valid_until");
  ASSERT_TRUE(IsTimestamp(until_text)) << r.body;
  auto until = ParseTime(until_text);
  auto now = std::chrono::system_clock::now();
  EXPECT_GT(until, now + 1s) << until_text;
  EXPECT_LT(until, now + 3s) << until_text;

  EXPECT_EQ(Activate(old_token).status, 200) << "within the grace window";
  Response fresh = Activate(new_token);
  EXPECT_EQ(fresh.status, 200) << fresh.body;

  // Poll until the old token is refused; it must not be before `until`.
  auto deadline = Clock::now() + 5s;
  Response last;
  for (;;) {
    auto sent = std::chrono::system_clock::now();
    last = Activate(old_token);
    auto answered = std::chrono::system_clock::now();
    if (last.status != 200) {
      EXPECT_GE(answered, until) << "refused before previous_valid_until";
      break;
    }
    EXPECT_LE(sent, until + 50ms) << "accepted after previous_valid_until";
    if (Clock::now() > deadline) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(Rejected(last)) << "old token after the grace window";
  EXPECT_EQ(Activate(new_token).status, 200);
}

TEST_F(CredentialLifecycleTest, RenameRegeneratesAndNamesAreValidated) {
  json::value hits = CreateCredential("hits_failure", "Production");
  std::string id = Str(hits, "/id");
  std::string old_token = Str(hits, "/token");

  Response r = admin_.Patch(Path(id), json::object{{"name", "Prod EU"}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string new_token = Str(r.json(), "/token");
  EXPECT_EQ(Str(r.json(), "/name"), "Prod EU");
  EXPECT_TRUE(IsToken(new_token, "hwi_")) << r.body;
  EXPECT_NE(new_token, old_token) << "renaming generates new credentials";
  EXPECT_TRUE(Rejected(Activate(old_token)));
  Response activated = Activate(new_token);
  EXPECT_EQ(activated.status, 200) << activated.body;
  EXPECT_EQ(Str(activated.json(), "/credential/name"), "Prod EU");
  EXPECT_EQ(Audit("integration_token.renamed", id).size(), 1u);

  Response same = admin_.Patch(Path(id), json::object{{"name", "Prod EU"}});
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(Str(same.json(), "/token"), new_token) << "same name, same token";
  EXPECT_EQ(Activate(new_token).status, 200);

  // Names are unique per organization and type.
  CreateCredential("hits_failure", "Staging");
  EXPECT_TRUE(IsError(admin_.Patch(Path(id), json::object{{"name", "Staging"}}),
                      409, "conflict", "name"));
  EXPECT_TRUE(IsError(
      admin_.Post(kTokens,
                  json::object{{"type", "hits_failure"}, {"name", "Prod EU"}}),
      409, "conflict", "name"));
  EXPECT_EQ(Activate(new_token).status, 200)
      << "a failed rename changes nothing";
  json::value other_type = CreateCredential("deploy", "Prod EU");
  EXPECT_EQ(Str(other_type, "/type"), "deploy");

  struct Case {
    json::object body;
    std::string code, field;
  };
  std::vector<Case> create_cases = {
      {{{"type", "webhook"}, {"name", "A"}}, "invalid_field", "type"},
      {{{"type", 1}, {"name", "A"}}, "invalid_field", "type"},
      {{{"name", "A"}}, "missing_field", "type"},
      {{{"type", "deploy"}, {"name", ""}}, "invalid_field", "name"},
      {{{"type", "deploy"}, {"name", std::string(101, 'n')}},
       "invalid_field",
       "name"},
      {{{"type", "deploy"}}, "missing_field", "name"},
      {{{"type", "deploy"}, {"name", "A"}, {"token", "x"}},
       "unknown_field",
       "token"},
  };
  for (const Case& c : create_cases) {
    EXPECT_TRUE(IsError(admin_.Post(kTokens, c.body), 422, c.code, c.field))
        << json::serialize(c.body);
  }
  std::vector<Case> rename_cases = {
      {{{"name", ""}}, "invalid_field", "name"},
      {{{"name", std::string(101, 'n')}}, "invalid_field", "name"},
      {{{"name", "Ok"}, {"type", "deploy"}}, "unknown_field", "type"},
  };
  for (const Case& c : rename_cases) {
    EXPECT_TRUE(IsError(admin_.Patch(Path(id), c.body), 422, c.code, c.field))
        << json::serialize(c.body);
  }
  EXPECT_EQ(Str(Get(id), "/name"), "Prod EU");
  EXPECT_EQ(Activate(new_token).status, 200);
  EXPECT_EQ(Items(admin_.Get(kTokens).json(), "/integration_tokens").size(),
            3u);
  json::value longest = CreateCredential("deploy", std::string(100, 'n'));
  EXPECT_EQ(Str(longest, "/name"), std::string(100, 'n'));
}

TEST_F(CredentialLifecycleTest, DeleteEndsTheTokensAndMarksApplications) {
  json::value hits = CreateCredential("hits_failure", "Production");
  std::string id = Str(hits, "/id");
  std::string token = Str(hits, "/token");
  ASSERT_EQ(Activate(token).status, 200);
  json::value deploy = CreateCredential("deploy", "Releases");
  CreateProduct(admin_, "default", "Shop");
  json::value app = CreateApp(
      admin_, "default", "shop", "Checkout",
      {{"hits_failure_credential", id}, {"deploy_credential", "Releases"}});
  ASSERT_TRUE(IsToken(DeployToken("checkout"), "hwd_"));

  Response r = admin_.Delete(Path(id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(r.json(), "/id"), id);
  EXPECT_EQ(At(r.json(), "/deleted"), json::value(true)) << r.body;
  json::array apps = Items(r.json(), "/applications");
  ASSERT_EQ(apps.size(), 1u) << r.body;
  EXPECT_EQ(Str(apps[0], "/id"), Str(app, "/id"));
  EXPECT_EQ(Str(apps[0], "/slug"), "checkout");
  EXPECT_EQ(Str(apps[0], "/name"), "Checkout");

  EXPECT_TRUE(Rejected(Activate(token)));
  EXPECT_TRUE(IsError(admin_.Get(Path(id)), 404, "not_found"));
  EXPECT_TRUE(IsError(admin_.Delete(Path(id)), 404, "not_found"));
  EXPECT_TRUE(IsError(admin_.Request("POST", Path(id, "/regenerate")), 404,
                      "not_found"));
  json::array listed = Items(admin_.Get(kTokens).json(), "/integration_tokens");
  EXPECT_TRUE(FindBy(listed, "id", id).is_null());
  EXPECT_EQ(listed.size(), 1u);
  EXPECT_EQ(Audit("integration_token.deleted", id).size(), 1u);

  Response shown = admin_.Get(AppPath("checkout"));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(Str(shown.json(), "/hits_failure_credential/status"), "deleted")
      << shown.body;
  EXPECT_EQ(Str(shown.json(), "/deploy_credential/status"), "active");

  // Deleting the deploy credential ends the application's deploy token.
  Response d = admin_.Delete(Path(Str(deploy, "/id")));
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(Items(d.json(), "/applications").size(), 1u) << d.body;
  EXPECT_EQ(
      Str(admin_.Get(AppPath("checkout")).json(), "/deploy_credential/status"),
      "deleted");
  EXPECT_TRUE(IsError(admin_.Get(AppPath("checkout", "/deploy-token")), 409,
                      "conflict"));
}

}  // namespace
}  // namespace hookwarden::testing
