// --public-url and HOOKWARDEN_PUBLIC_URL: the URL users reach the server at
// goes into the curl commands it hands out, and an https URL marks the
// session cookie Secure. Every flag the README lists is accepted.
#include "harness.h"

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

TEST_F(PublicUrlTest, EveryFlagTheReadmeListsIsAccepted) {
  server_.Stop();
  ASSERT_TRUE(server_.Start({"--database-connections",
                             "4",
                             "--sync",
                             "full",
                             "--workers",
                             "4",
                             "--io-threads",
                             "2",
                             "--header-timeout",
                             "10",
                             "--idle-timeout",
                             "30",
                             "--body-timeout",
                             "30",
                             "--public-url",
                             "https://h.example.com",
                             "--trusted-proxies",
                             "10.0.0.0/8,::1",
                             "--token-rate-limit",
                             "50",
                             "--failure-retention-days",
                             "30",
                             "--aggregate-retention-days",
                             "400",
                             "--allow-private-targets"}));
  EXPECT_EQ(NewClient().Get("/healthz").status, 200);
}

}  // namespace
}  // namespace hookwarden::testing
