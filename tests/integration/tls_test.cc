// HTTPS: `serve --tls-cert --tls-key` against clients that check its
// certificate with a CA made for the test (test_ca.h): curl, the CLI, and a
// TLS client in the test that picks versions and ciphers and holds a
// connection open across a reload (SIGHUP).
#include <openssl/ssl.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "harness.h"
#include "test_ca.h"
#include "tls_client.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// Copies `from` over `to`, whole, as an operator replacing a certificate
// does.
void Install(const std::string& from, const std::string& to) {
  std::string next = to + ".next";
  fs::copy_file(from, next, fs::copy_options::overwrite_existing);
  fs::rename(next, to);
}

// How often `text` holds `needle`.
size_t Count(const std::string& text, std::string_view needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

class TlsTest : public ServerTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ca_.ok()) << ca_.error();
    first_ = ca_.Issue("hookwarden-first");
    ASSERT_FALSE(first_.cert.empty());
    cert_ = ca_.dir() + "/live.pem";
    key_ = ca_.dir() + "/live.key";
    Install(first_.cert, cert_);
    Install(first_.key, key_);
    // The admin's API key is made over plain HTTP; then the server restarts
    // on the same data with TLS.
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    api_key_ = ApiKey(admin_, "tls");
    ASSERT_FALSE(api_key_.empty());
    server_.Stop();
    ASSERT_TRUE(server_.Start({"--tls-cert", cert_, "--tls-key", key_}));
  }

  std::string Url(std::string_view path = "") const {
    return "https://127.0.0.1:" + std::to_string(server_.port()) +
           std::string(path);
  }

  CliResult Curl(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-sS", "--max-time", "10"});
    return RunProgram("curl", args);
  }

  TlsClientOptions Trusting() const {
    TlsClientOptions options;
    options.ca_file = ca_.cert_file();
    return options;
  }

  // GET /healthz on `c`, kept alive.
  static Response Healthz(TlsConnection& c) {
    if (!c.Send(BuildRequest("GET", "/healthz"))) return Response();
    return c.ReadResponse();
  }

  // Waits up to 10 s for the server's log to hold `needle` `n` times.
  ::testing::AssertionResult WaitForLog(std::string_view needle, size_t n) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (Count(server_.log_text(), needle) >= n)
        return ::testing::AssertionSuccess();
      std::this_thread::sleep_for(20ms);
    }
    return ::testing::AssertionFailure()
           << "no " << n << "x \"" << needle << "\" in the log within 10 s";
  }

  TestCa ca_;
  CertificateFiles first_;
  std::string cert_;  // The files the server reads.
  std::string key_;
  std::string api_key_;
};

TEST_F(TlsTest, HealthzAnswersOverTlsToAClientThatTrustsTheCa) {
  CliResult ok = Curl({"-f", "--cacert", ca_.cert_file(), Url("/healthz")});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  // The certificate names localhost too.
  CliResult by_name = Curl(
      {"-f", "--cacert", ca_.cert_file(),
       "https://localhost:" + std::to_string(server_.port()) + "/healthz"});
  EXPECT_EQ(by_name.exit_code, 0) << by_name.output;
  // A client that does not trust the CA refuses the server (curl's 60).
  CliResult untrusted = Curl({"-f", Url("/healthz")});
  EXPECT_EQ(untrusted.exit_code, 60) << untrusted.output;

  TlsConnection c(server_.port(), Trusting());
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c.Version(), "TLSv1.3");
  EXPECT_EQ(c.PeerCommonName(), "hookwarden-first");
  EXPECT_EQ(Healthz(c).status, 200);
  EXPECT_NE(server_.log_text().find("\"tls\":true"), std::string::npos);
  EXPECT_NE(server_.log_text().find("\"public_url\":\"https://127.0.0.1:"),
            std::string::npos);
}

TEST_F(TlsTest, OnlyTls12And13WithModernCiphersAreAccepted) {
  TlsClientOptions tls11 = Trusting();
  tls11.min_version = tls11.max_version = TLS1_1_VERSION;
  tls11.ciphers = "DEFAULT@SECLEVEL=0";  // Lets this client offer TLS 1.1.
  TlsConnection old(server_.port(), tls11);
  EXPECT_FALSE(old.ok());
  // The server's refusal (its alert), not this client's.
  EXPECT_NE(old.error().find("alert protocol version"), std::string::npos)
      << old.error();

  TlsClientOptions cbc = Trusting();
  cbc.max_version = TLS1_2_VERSION;
  cbc.ciphers = "ECDHE-ECDSA-AES128-SHA";  // CBC with SHA-1.
  TlsConnection weak(server_.port(), cbc);
  EXPECT_FALSE(weak.ok());
  EXPECT_NE(weak.error().find("handshake failure"), std::string::npos)
      << weak.error();

  TlsClientOptions gcm = Trusting();
  gcm.max_version = TLS1_2_VERSION;
  gcm.ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256";
  TlsConnection tls12(server_.port(), gcm);
  ASSERT_TRUE(tls12.ok()) << tls12.error();
  EXPECT_EQ(tls12.Version(), "TLSv1.2");
  EXPECT_EQ(Healthz(tls12).status, 200);
}

TEST_F(TlsTest, PlainHttpToTheTlsPortIsNotServed) {
  RawConnection plain(server_.port());
  ASSERT_TRUE(plain.connected());
  ASSERT_TRUE(plain.Send(BuildRequest("GET", "/healthz")));
  std::string received;
  EXPECT_TRUE(plain.WaitClosed(10s, &received));
  EXPECT_EQ(received.find("HTTP/"), std::string::npos) << received;
  EXPECT_EQ(received.find("\"status\""), std::string::npos) << received;

  CliResult still = Curl({"-f", "--cacert", ca_.cert_file(), Url("/healthz")});
  EXPECT_EQ(still.exit_code, 0) << still.output;
}

TEST_F(TlsTest, SighupServesANewCertificateToNewConnectionsOnly) {
  TlsConnection before(server_.port(), Trusting());
  ASSERT_TRUE(before.ok()) << before.error();
  ASSERT_EQ(Healthz(before).status, 200);

  CertificateFiles second = ca_.Issue("hookwarden-second");
  Install(second.cert, cert_);
  Install(second.key, key_);
  server_.Signal(SIGHUP);
  ASSERT_TRUE(WaitForLog("TLS certificate reloaded", 1));

  TlsConnection after(server_.port(), Trusting());
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_EQ(after.PeerCommonName(), "hookwarden-second");
  EXPECT_EQ(Healthz(after).status, 200);
  // The connection opened before the reload goes on, on its first
  // certificate.
  Response kept = Healthz(before);
  EXPECT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(before.PeerCommonName(), "hookwarden-first");
  EXPECT_TRUE(server_.running());
}

TEST_F(TlsTest, AReloadThatFailsKeepsTheCertificateItHad) {
  // A key that does not belong to the certificate.
  CertificateFiles other = ca_.Issue("hookwarden-other");
  Install(other.key, key_);
  server_.Signal(SIGHUP);
  ASSERT_TRUE(WaitForLog("TLS reload failed", 1));
  EXPECT_NE(server_.log_text().find("cannot use the TLS key " + key_),
            std::string::npos);

  TlsConnection after(server_.port(), Trusting());
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_EQ(after.PeerCommonName(), "hookwarden-first");
  EXPECT_EQ(Healthz(after).status, 200);

  // A file that is not a certificate at all.
  std::ofstream(cert_) << "not a certificate\n";
  server_.Signal(SIGHUP);
  ASSERT_TRUE(WaitForLog("TLS reload failed", 2));
  TlsConnection again(server_.port(), Trusting());
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(again.PeerCommonName(), "hookwarden-first");

  // Put right, the next SIGHUP takes the files.
  Install(other.cert, cert_);
  server_.Signal(SIGHUP);
  ASSERT_TRUE(WaitForLog("TLS certificate reloaded", 1));
  TlsConnection fixed(server_.port(), Trusting());
  ASSERT_TRUE(fixed.ok()) << fixed.error();
  EXPECT_EQ(fixed.PeerCommonName(), "hookwarden-other");
}

TEST_F(TlsTest, TheCliSpeaksHttpsWithTheCaAndSaysWhyWithoutIt) {
  Pairs env = {{"HOOKWARDEN_URL", Url()},
               {"HOOKWARDEN_API_KEY", api_key_},
               {"HOOKWARDEN_CACERT", ca_.cert_file()}};
  CliResult listed = RunCli({"tokens", "list"}, env);
  EXPECT_EQ(listed.exit_code, 0) << listed.output;

  env.pop_back();
  CliResult by_flag =
      RunCli({"secrets", "list", "--cacert", ca_.cert_file()}, env);
  EXPECT_EQ(by_flag.exit_code, 0) << by_flag.output;

  CliResult refused = RunCli({"tokens", "list"}, env);
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("cannot reach " + Url()), std::string::npos)
      << refused.output;
  EXPECT_NE(refused.output.find("certificate verify failed"), std::string::npos)
      << refused.output;
  EXPECT_NE(refused.output.find("--cacert"), std::string::npos)
      << refused.output;
  EXPECT_EQ(refused.output.find(api_key_), std::string::npos);
}

TEST_F(TlsTest, CurlCommandsHandedOutUseHttpsAndWork) {
  Pairs env = {{"HOOKWARDEN_URL", Url()},
               {"HOOKWARDEN_API_KEY", api_key_},
               {"HOOKWARDEN_CACERT", ca_.cert_file()}};
  CliResult created = RunCli(
      {"tokens", "create", "--type", "hits_failure", "over tls", "--json"},
      env);
  ASSERT_EQ(created.exit_code, 0) << created.output;
  std::string curl = Str(json::parse(created.output), "/curl");
  EXPECT_EQ(curl.find("curl -sS -X POST '" + Url("/api/v1/activate") + "'"), 0u)
      << curl;
  // Run as handed out, with curl trusting the CA.
  CliResult activated =
      RunProgram("sh", {"-c", curl}, {{"CURL_CA_BUNDLE", ca_.cert_file()}});
  ASSERT_EQ(activated.exit_code, 0) << activated.output;
  EXPECT_TRUE(
      std::regex_search(activated.output, std::regex("\"api_token\":\"hwa_")))
      << activated.output;
}

// `hookwarden run` reports over HTTPS with the CA it is given; without it
// the job still runs and keeps its status, and the warning says why.
TEST_F(TlsTest, RunReportsAJobOverHttpsWithTheCa) {
  const std::string bearer = "Authorization: Bearer " + api_key_;
  auto post = [&](std::string_view path, std::string_view body) {
    return Curl({"-fsS", "--cacert", ca_.cert_file(), "-H", bearer, "-H",
                 "Content-Type: application/json", "-d", std::string(body),
                 Url(path)});
  };
  CliResult created =
      RunCli({"tokens", "create", "--type", "hits_failure", "jobs", "--json"},
             {{"HOOKWARDEN_URL", Url()},
              {"HOOKWARDEN_API_KEY", api_key_},
              {"HOOKWARDEN_CACERT", ca_.cert_file()}});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  CliResult activated =
      RunProgram("sh", {"-c", Str(json::parse(created.output), "/curl")},
                 {{"CURL_CA_BUNDLE", ca_.cert_file()}});
  ASSERT_EQ(activated.exit_code, 0) << activated.output;
  std::string api_token = Str(json::parse(activated.output), "/api_token");
  ASSERT_EQ(
      post("/api/v1/orgs/default/products", R"({"name":"Nightly"})").exit_code,
      0);
  CliResult app =
      post("/api/v1/orgs/default/applications",
           R"({"name":"Backup","slug":"backup",)"
           R"("product":"nightly","hits_failure_credential":"jobs"})");
  ASSERT_EQ(app.exit_code, 0) << app.output;

  Pairs env = {{"HOOKWARDEN_URL", Url()},
               {"HOOKWARDEN_API_TOKEN", api_token},
               {"HOOKWARDEN_CACERT", ca_.cert_file()}};
  CliResult ran =
      RunCli({"run", "--app", "backup", "--", "sh", "-c", "echo done"}, env);
  EXPECT_EQ(ran.exit_code, 0) << ran.output;
  EXPECT_EQ(ran.output.find("warning"), std::string::npos) << ran.output;
  CliResult events =
      Curl({"-fsS", "--cacert", ca_.cert_file(), "-H", bearer,
            Url("/api/v1/orgs/default/applications/backup/events")});
  ASSERT_EQ(events.exit_code, 0) << events.output;
  json::array items = Items(json::parse(events.output), "/events");
  ASSERT_EQ(items.size(), 1u) << events.output;
  EXPECT_EQ(Str(items[0], "/output"), "done\n") << events.output;

  env.pop_back();
  CliResult untrusted =
      RunCli({"run", "--app", "backup", "--", "sh", "-c", "exit 4"}, env);
  EXPECT_EQ(untrusted.exit_code, 4) << untrusted.output;
  EXPECT_NE(untrusted.output.find("certificate verify failed"),
            std::string::npos)
      << untrusted.output;
  EXPECT_EQ(untrusted.output.find(api_token), std::string::npos);
}

TEST_F(TlsTest, TheSessionCookieIsSecure) {
  CliResult login =
      Curl({"--cacert", ca_.cert_file(), "-D", "-", "-o", "/dev/null", "-H",
            "Content-Type: application/json", "-d",
            R"({"username":"admin","password":")" +
                std::string(kAdminPassword) + "\"}",
            Url("/api/v1/session")});
  ASSERT_EQ(login.exit_code, 0) << login.output;
  std::smatch cookie;
  ASSERT_TRUE(
      std::regex_search(login.output, cookie,
                        std::regex("[Ss]et-[Cc]ookie: hw_session=[^\r\n]*")))
      << login.output;
  EXPECT_NE(cookie.str().find("; Secure"), std::string::npos) << cookie.str();
}

TEST_F(TlsTest, TheVariablesWorkAndBadFilesAreRefusedAtStart) {
  server_.Stop();
  ASSERT_TRUE(server_.Start(
      {}, {{"HOOKWARDEN_TLS_CERT", cert_}, {"HOOKWARDEN_TLS_KEY", key_}}));
  CliResult ok = Curl({"-f", "--cacert", ca_.cert_file(), Url("/healthz")});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;

  server_.Stop();
  EXPECT_FALSE(server_.Start({"--tls-cert", cert_}));
  EXPECT_NE(server_.log_text().find("--tls-cert and --tls-key go together"),
            std::string::npos);
  EXPECT_FALSE(server_.Start(
      {"--tls-cert", ca_.dir() + "/missing.pem", "--tls-key", key_}));
  EXPECT_NE(server_.log_text().find("cannot read the TLS certificate " +
                                    ca_.dir() + "/missing.pem"),
            std::string::npos);
  // Leave it running for TearDown's clean stop.
  ASSERT_TRUE(server_.Start({"--tls-cert", cert_, "--tls-key", key_}));
}

}  // namespace
}  // namespace hookwarden::testing
