// `hookwarden admin rotate-master-key` against a running server: the server
// keeps revealing and accepting every token while the values move to a new
// key, and after a restart; the old key opens nothing any more. Then the same
// with the keys in HOOKWARDEN_MASTER_KEY, in the three documented steps.
#include <sys/stat.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "credentials_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kSecrets = "/api/v1/orgs/default/secrets";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string RandomKeyHex() {
  std::random_device random;
  std::string hex;
  for (int i = 0; i < 64; ++i) hex += "0123456789abcdef"[random() % 16];
  return hex;
}

class MasterKeyRotationTest : public CredentialTest {
 protected:
  // What the tests check the server against, made through the API.
  struct World {
    std::string credential_id;
    std::string integration_token;
    std::string api_token;
    std::string deploy_token;
  };

  // The secret's name for `suffix`.
  static std::string SecretName(std::string_view suffix) {
    std::string name = "TOKEN_";
    for (char c : suffix) name += static_cast<char>(std::toupper(c));
    return name;
  }

  World Populate(std::string_view suffix) {
    std::string s(suffix);
    World w;
    EXPECT_EQ(admin_
                  .Post(kSecrets, json::object{{"name", SecretName(s)},
                                               {"value", "secret " + s}})
                  .status,
              201);
    json::value hits = CreateCredential("hits_failure", "Production " + s);
    CreateCredential("deploy", "Releases " + s);
    CreateProduct(admin_, "default", "Shop " + s, "shop-" + s);
    CreateApp(admin_, "default", "shop-" + s, "Checkout " + s,
              {{"slug", "checkout-" + s},
               {"hits_failure_credential", "Production " + s},
               {"deploy_credential", "Releases " + s}});
    w.credential_id = Str(hits, "/id");
    w.integration_token = Str(hits, "/token");
    w.api_token = ApiToken(w.integration_token);
    w.deploy_token = DeployToken("checkout-" + s);
    return w;
  }

  // The server reveals the same tokens, authenticates them, and reads the
  // secrets.
  void ExpectServes(const World& w, std::string_view suffix) {
    std::string s(suffix);
    EXPECT_EQ(Str(Get(w.credential_id), "/token"), w.integration_token);
    EXPECT_EQ(ApiToken(w.integration_token), w.api_token);
    EXPECT_EQ(DeployToken("checkout-" + s), w.deploy_token);
    HttpClient app = NewClient();
    app.set_bearer(w.api_token);
    Response hit = app.Post("/api/v1/applications/checkout-" + s + "/hits",
                            json::object{{"latency_ms", 5}});
    EXPECT_EQ(hit.status, 200) << hit.body;
    HttpClient ci = NewClient();
    ci.set_bearer(w.deploy_token);
    Response deploy =
        ci.Post("/api/v1/deploys", json::object{{"version", "1.0." + s}});
    EXPECT_EQ(deploy.status / 100, 2) << deploy.body;
    Response secrets = admin_.Get(kSecrets);
    EXPECT_FALSE(
        FindBy(Items(secrets.json(), "/secrets"), "name", SecretName(s))
            .is_null())
        << secrets.body;
  }

  // The distinct headers ("v2:<key id>:") of every sealed value in the store.
  std::set<std::string> SealedHeaders() {
    std::string command =
        "sqlite3 -readonly " + server_.data_dir() +
        "/hookwarden.db \"SELECT sealed FROM issued_tokens UNION ALL SELECT "
        "sealed FROM secrets UNION ALL SELECT value FROM settings WHERE key = "
        "'token_hash_key'\"";
    std::set<std::string> headers;
    FILE* out = popen(command.c_str(), "r");
    if (out == nullptr) return headers;
    char line[4096];
    int rows = 0;
    while (fgets(line, sizeof line, out) != nullptr) {
      std::string value(line);
      headers.insert(value.substr(0, value.rfind(':') + 1));
      ++rows;
    }
    EXPECT_EQ(pclose(out), 0) << command;
    EXPECT_GT(rows, 0);
    return headers;
  }

  CliResult Rotate(const std::string& environment_keys = "") {
    return RunCli({"admin", "rotate-master-key", "--data", server_.data_dir(),
                   "--settle", "1"},
                  {{"HOOKWARDEN_MASTER_KEY", environment_keys}});
  }

  // True when `serve` with these keys refuses the store.
  ::testing::AssertionResult Refused(const std::string& keys) {
    CliResult r = RunCli(
        {"serve", "--listen", "127.0.0.1:0", "--data", server_.data_dir()},
        {{"HOOKWARDEN_MASTER_KEY", keys}});
    if (r.exit_code == 1 &&
        r.output.find("does not open") != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "exit " << r.exit_code << ": " << r.output;
  }

  // Restarts the server (on a new port) and logs the admin in again.
  ::testing::AssertionResult Restart(const Pairs& env = {}) {
    if (server_.running() && server_.Stop() != 0) {
      return ::testing::AssertionFailure() << "the server did not stop cleanly";
    }
    ::testing::AssertionResult started = server_.Start({}, env);
    if (started) admin_ = Login("admin", kAdminPassword);
    return started;
  }
};

TEST_F(MasterKeyRotationTest, TheKeyFileRotatesWhileTheServerServes) {
  World before = Populate("a");
  const std::string key_file = server_.data_dir() + "/master.key";
  const std::string old_key = ReadFile(key_file);
  const std::set<std::string> old_headers = SealedHeaders();
  ASSERT_EQ(old_headers.size(), 1u);

  // Someone keeps reading the integration token during the rotation.
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0}, wrong{0};
  std::string key = ApiKey(admin_, "reader");
  std::thread reader([&] {
    HttpClient client = NewClient();
    client.set_bearer(key);
    while (!stop) {
      Response r = client.Get(Path(before.credential_id));
      if (r.status != 200 ||
          Str(r.json(), "/token") != before.integration_token) {
        ++wrong;
      }
      ++reads;
    }
  });
  CliResult rotated = Rotate();
  stop = true;
  reader.join();
  ASSERT_EQ(rotated.exit_code, 0) << rotated.output;
  EXPECT_NE(rotated.output.find("Done"), std::string::npos) << rotated.output;
  EXPECT_GT(reads, 0);
  EXPECT_EQ(wrong, 0) << "of " << reads << " reads during the rotation";

  // One new key, alone in the file, readable by its owner only.
  const std::string new_key = ReadFile(key_file);
  EXPECT_NE(new_key, old_key);
  EXPECT_EQ(new_key.size(), 65u) << "one key, one line";
  struct stat st;
  ASSERT_EQ(stat(key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::set<std::string> new_headers = SealedHeaders();
  EXPECT_EQ(new_headers.size(), 1u);
  EXPECT_NE(new_headers, old_headers);

  ExpectServes(before, "a");
  World after = Populate("b");  // Sealed under the new key.
  EXPECT_EQ(SealedHeaders(), new_headers);

  ASSERT_TRUE(Restart());
  ExpectServes(before, "a");
  ExpectServes(after, "b");

  // The old key opens nothing of this store any more.
  ASSERT_EQ(server_.Stop(), 0);
  EXPECT_TRUE(Refused(old_key.substr(0, 64)));
}

TEST_F(MasterKeyRotationTest, EnvironmentKeysRotateInThreeSteps) {
  // A store whose key comes from the environment from its first start.
  ASSERT_EQ(server_.Stop(), 0);
  for (const auto& entry :
       std::filesystem::directory_iterator(server_.data_dir())) {
    std::filesystem::remove_all(entry.path());
  }
  const std::string old_key = RandomKeyHex();
  const Pairs admin_password = {
      {"HOOKWARDEN_ADMIN_PASSWORD", std::string(kAdminPassword)}};
  auto with_keys = [&](const std::string& keys) {
    Pairs env = admin_password;
    env.emplace_back("HOOKWARDEN_MASTER_KEY", keys);
    return env;
  };
  ASSERT_TRUE(server_.Start({}, with_keys(old_key)));
  admin_ = Login("admin", kAdminPassword);
  World world = Populate("e");
  const std::set<std::string> old_headers = SealedHeaders();

  // Step 1: the command changes nothing and hands out a new key.
  CliResult advice = Rotate(old_key);
  ASSERT_EQ(advice.exit_code, 0) << advice.output;
  EXPECT_NE(advice.output.find("Nothing was changed"), std::string::npos);
  std::smatch match;
  const std::regex hex_line("\n([0-9a-f]{64})\n");
  ASSERT_TRUE(std::regex_search(advice.output, match, hex_line))
      << advice.output;
  const std::string new_key = match[1];
  EXPECT_NE(new_key, old_key);
  EXPECT_EQ(SealedHeaders(), old_headers);
  EXPECT_FALSE(std::filesystem::exists(server_.data_dir() + "/master.key"));

  // Step 2: the server restarts with both keys; the command moves the values.
  const std::string both = new_key + "," + old_key;
  ASSERT_TRUE(Restart(with_keys(both)));
  ExpectServes(world, "e");
  CliResult moved = Rotate(both);
  ASSERT_EQ(moved.exit_code, 0) << moved.output;
  const std::set<std::string> new_headers = SealedHeaders();
  EXPECT_EQ(new_headers.size(), 1u);
  EXPECT_NE(new_headers, old_headers);
  ExpectServes(world, "e");

  // Step 3: the new key alone.
  ASSERT_TRUE(Restart(with_keys(new_key)));
  ExpectServes(world, "e");
  ASSERT_EQ(server_.Stop(), 0);
  EXPECT_TRUE(Refused(old_key));
}

}  // namespace
}  // namespace hookwarden::testing
