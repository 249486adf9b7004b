// The failed-login table stays bounded: oversized usernames are refused
// before any bookkeeping and the table's size is in /metrics. Behind a
// reverse proxy named by --trusted-proxies, logins are counted per client
// (X-Forwarded-For), and the header is ignored from anyone else.
#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class LoginLimitsTest : public ServerTest {
 protected:
  long LimiterEntries() {
    Response r = NewClient().Get("/metrics");
    EXPECT_EQ(r.status, 200);
    return static_cast<long>(
        MetricValue(r.body, "hookwarden_login_limiter_entries"));
  }
  Response LoginVia(std::string_view forwarded_for, std::string_view username,
                    std::string_view password) {
    return NewClient().Request(
        "POST", "/api/v1/session",
        json::object{{"username", username}, {"password", password}},
        {{"X-Forwarded-For", std::string(forwarded_for)}});
  }
};

TEST_F(LoginLimitsTest, OversizedUsernamesAreRefusedBeforeBookkeeping) {
  EXPECT_EQ(LimiterEntries(), 0);
  const std::string huge(1024 * 1024 - 100, 'u');
  for (int i = 0; i < 5; ++i) {
    Response r = NewClient().Login(huge + std::to_string(i), "some-password");
    EXPECT_TRUE(IsError(r, 400, "bad_request", "username"))
        << r.body.substr(0, 200);
  }
  Response long_one = NewClient().Login(std::string(65, 'a'), "some-password");
  EXPECT_TRUE(IsError(long_one, 400, "bad_request", "username"));
  EXPECT_EQ(LimiterEntries(), 0) << "nothing was counted";
  // A failure of a plausible username is counted: pair, user and address.
  EXPECT_EQ(NewClient().Login("nobody", "some-password").status, 401);
  EXPECT_EQ(LimiterEntries(), 3);
  EXPECT_EQ(NewClient().Get("/healthz").status, 200);
}

TEST_F(LoginLimitsTest, EveryCaseOfAUsernameCountsForOneAccount) {
  // "admin", "Admin", "ADMIN", ... name one account: changing the case does
  // not buy a guesser more attempts.
  for (const char* name : {"admin", "Admin", "ADMIN", "aDmin", "adMIN"}) {
    EXPECT_EQ(NewClient().Login(name, "guess").status, 401) << name;
  }
  EXPECT_TRUE(
      IsError(NewClient().Login("AdMiN", kAdminPassword), 429, "rate_limited"));
}

class TrustedProxyTest : public LoginLimitsTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--trusted-proxies", "127.0.0.1/32"};
  }
};

TEST_F(TrustedProxyTest, ClientsBehindTheProxyAreCountedApart) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(LoginVia("203.0.113.5", "admin", "guess").status, 401);
  }
  EXPECT_TRUE(IsError(LoginVia("203.0.113.5", "admin", kAdminPassword), 429,
                      "rate_limited"));
  // Another client behind the same proxy is not locked out.
  EXPECT_EQ(LoginVia("203.0.113.6", "admin", kAdminPassword).status, 200);
  // A client cannot pose as another: the proxy appends what it saw.
  EXPECT_TRUE(
      IsError(LoginVia("203.0.113.6, 203.0.113.5", "admin", kAdminPassword),
              429, "rate_limited"));
}

TEST_F(LoginLimitsTest, ForwardedForIsIgnoredFromUntrustedPeers) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        LoginVia("203.0.113." + std::to_string(i), "admin", "guess").status,
        401);
  }
  // All five came from this test's address: a made-up header changes
  // nothing.
  EXPECT_TRUE(IsError(LoginVia("198.51.100.1", "admin", kAdminPassword), 429,
                      "rate_limited"));
}

}  // namespace
}  // namespace hookwarden::testing
