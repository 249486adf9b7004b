// --public-url and HOOKWARDEN_PUBLIC_URL: the URL users reach the server at
// goes into the curl commands it hands out, and an https URL marks the
// session cookie Secure. Every flag the README lists for `hookwarden serve`
// is accepted.
#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "harness.h"
#include "storage/postgres/scratch_database.h"
#include "test_ca.h"
#include "tls_client.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class PublicUrlTest : public ServerTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--public-url", "https://hooks.example.com/"};
  }
  // The curl command handed out with a new Hits/Failure credential.
  std::string CurlOfANewCredential(HttpClient& as, std::string_view name) {
    Response r =
        as.Post("/api/v1/orgs/default/integration-tokens",
                json::object{{"type", "hits_failure"}, {"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.json(), "/curl");
  }
};

bool HasSecureCookie(const Response& login) {
  for (const std::string& line : login.set_cookies) {
    if (line.find("hw_session=") != std::string::npos)
      return line.find("; Secure") != std::string::npos;
  }
  return false;
}

TEST_F(PublicUrlTest, TheFlagAndTheVariableAreUsed) {
  HttpClient client = NewClient();
  Response login = client.Login("admin", kAdminPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_TRUE(HasSecureCookie(login)) << login.set_cookies.size();
  std::string curl = CurlOfANewCredential(client, "by flag");
  EXPECT_NE(curl.find("https://hooks.example.com/api/v1/activate"),
            std::string::npos)
      << curl;
  EXPECT_NE(
      server_.log_text().find("\"public_url\":\"https://hooks.example.com\""),
      std::string::npos);

  server_.Stop();
  ASSERT_TRUE(server_.Start(
      {}, {{"HOOKWARDEN_PUBLIC_URL", "https://from-env.example.org"}}));
  HttpClient again = NewClient();
  Response second = again.Login("admin", kAdminPassword);
  ASSERT_EQ(second.status, 200);
  EXPECT_TRUE(HasSecureCookie(second));
  EXPECT_NE(CurlOfANewCredential(again, "by variable")
                .find("https://from-env.example.org/api/v1/activate"),
            std::string::npos);

  // Plain http: no Secure cookie (a browser would not send it back).
  server_.Stop();
  ASSERT_TRUE(server_.Start({"--public-url", "http://10.0.0.5:8080"}));
  HttpClient plain = NewClient();
  Response third = plain.Login("admin", kAdminPassword);
  ASSERT_EQ(third.status, 200);
  EXPECT_FALSE(HasSecureCookie(third));
}

TEST_F(PublicUrlTest, ANonHttpUrlIsRefused) {
  server_.Stop();
  EXPECT_FALSE(server_.Start({"--public-url", "ftp://example.com"}));
  EXPECT_NE(server_.log_text().find("--public-url must begin with http"),
            std::string::npos);
}

// The flags of `hookwarden serve` as the README shows them: on its synopsis
// and on every `hookwarden serve` command line of its examples, with their
// continuation lines (an option in brackets, or after a backslash).
std::vector<std::string> ReadmeServeFlags() {
  std::ifstream readme(std::string(HOOKWARDEN_SOURCE_DIR) + "/README.md");
  static const std::regex kFlag("--[a-z0-9][a-z0-9-]*");
  std::vector<std::string> flags;
  bool in_command = false, continued = false;
  std::string line;
  while (std::getline(readme, line)) {
    std::string_view text = line;
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (text.starts_with("hookwarden serve")) {
      in_command = true;
    } else if (!(in_command && (continued || text.starts_with("[")))) {
      in_command = false;
    }
    continued = !text.empty() && text.back() == '\\';
    if (!in_command) continue;
    for (std::sregex_iterator it(line.begin(), line.end(), kFlag), end;
         it != end; ++it) {
      if (std::find(flags.begin(), flags.end(), it->str()) == flags.end())
        flags.push_back(it->str());
    }
  }
  return flags;
}

TEST_F(PublicUrlTest, EveryFlagTheReadmeListsIsAccepted) {
  std::vector<std::string> flags = ReadmeServeFlags();
  // The synopsis was found: it names the address and the TLS flags.
  for (const char* known : {"--listen", "--data", "--tls-cert", "--sync"}) {
    ASSERT_NE(std::find(flags.begin(), flags.end(), known), flags.end())
        << known << " is not among the README's flags";
  }
  TestCa ca;
  ASSERT_TRUE(ca.ok()) << ca.error();
  CertificateFiles tls = ca.Issue("hookwarden-readme");
  // The store is PostgreSQL through the tests' PgBouncer, which every
  // --database-* flag applies to (--database-pooled needs --database-direct).
  ScratchDatabase database;
  ASSERT_FALSE(database.url().empty()) << database.error();
  ASSERT_FALSE(PooledUrl(database).empty()) << MissingTestPgBouncerMessage();
  // A valid value for each flag that takes one; a flag not named here is
  // given alone, as a switch.
  const std::map<std::string, std::string> values = {
      {"--database", PooledUrl(database)},
      {"--database-direct", database.url()},
      {"--database-connections", "4"},
      {"--database-statement-timeout", "30"},
      {"--database-lock-timeout", "10"},
      {"--sync", "full"},
      {"--workers", "4"},
      {"--report-workers", "2"},
      {"--io-threads", "2"},
      {"--header-timeout", "10"},
      {"--idle-timeout", "30"},
      {"--body-timeout", "30"},
      {"--max-inflight-bytes", "67108864"},
      {"--max-connections", "1000"},
      {"--max-queued-events", "10000"},
      {"--public-url", "https://127.0.0.1"},
      {"--trusted-proxies", "10.0.0.0/8,::1"},
      {"--token-rate-limit", "50"},
      {"--failure-retention-days", "30"},
      {"--aggregate-retention-days", "400"},
      {"--tls-cert", tls.cert},
      {"--tls-key", tls.key},
      {"--cacert", ca.cert_file()},
  };
  // The harness gives --listen and --data itself (each at most once).
  std::vector<std::string> args;
  for (const std::string& flag : flags) {
    if (flag == "--listen" || flag == "--data") continue;
    args.push_back(flag);
    if (auto value = values.find(flag); value != values.end())
      args.push_back(value->second);
  }
  server_.Stop();
  ASSERT_TRUE(server_.Start(args)) << ::testing::PrintToString(args);
  TlsClientOptions trusting;
  trusting.ca_file = ca.cert_file();
  TlsConnection https(server_.port(), trusting);
  ASSERT_TRUE(https.ok()) << https.error();
  ASSERT_TRUE(https.Send(
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(https.ReadResponse().status, 200);
  // Stopped before its database goes.
  EXPECT_EQ(server_.Stop(), 0);
}

}  // namespace
}  // namespace hookwarden::testing
