// Login, logout, the session cookie, CSRF and login rate limiting.
#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

using SessionTest = ServerTest;

std::string SessionCookieLine(const Response& r) {
  for (const std::string& c : r.set_cookies) {
    if (c.rfind("hw_session=", 0) == 0) return c;
  }
  return "";
}

TEST_F(SessionTest, LoginSetsHttpOnlyStrictCookieAndReturnsCsrfToken) {
  HttpClient client = NewClient();
  Response r = client.Login("admin", kAdminPassword);
  ASSERT_EQ(r.status, 200) << r.body;

  std::string cookie = SessionCookieLine(r);
  ASSERT_FALSE(cookie.empty()) << "no hw_session cookie";
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_FALSE(client.cookies()["hw_session"].empty());

  json::value body = r.json();
  EXPECT_FALSE(Str(body, "/csrf_token").empty());
  EXPECT_EQ(Str(body, "/user/username"), "admin");
  EXPECT_EQ(Str(body, "/user/id").rfind("usr_", 0), 0u) << r.body;
  EXPECT_TRUE(IsTimestamp(Str(body, "/user/created_at"))) << r.body;
  json::value org = FindBy(Items(body, "/organizations"), "slug", "default");
  EXPECT_EQ(Str(org, "/name"), "Default") << r.body;
  EXPECT_EQ(Str(org, "/role"), "owner") << r.body;
  EXPECT_EQ(Str(org, "/id").rfind("org_", 0), 0u) << r.body;
  EXPECT_EQ(r.body.find(kAdminPassword), std::string::npos);
}

TEST_F(SessionTest, MeAnswersWithTheUserAndCsrfTokenForCookie) {
  Response r = admin_.Get("/api/v1/me");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(r.json(), "/user/username"), "admin");
  EXPECT_EQ(Str(r.json(), "/csrf_token"), admin_.csrf_token());
  EXPECT_FALSE(
      FindBy(Items(r.json(), "/organizations"), "slug", "default").is_null());
}

TEST_F(SessionTest, MeWithoutCredentialsIsUnauthenticated) {
  EXPECT_TRUE(IsError(NewClient().Get("/api/v1/me"), 401, "unauthenticated"));
}

TEST_F(SessionTest, CookieChangeWithoutCsrfTokenIsRejectedAndChangesNothing) {
  json::object org{{"name", "No Csrf"}, {"slug", "no-csrf"}};
  admin_.set_csrf_token("");
  EXPECT_TRUE(IsError(admin_.Post("/api/v1/orgs", org), 403, "csrf_failed"));
  admin_.set_csrf_token("wrong-token");
  EXPECT_TRUE(IsError(admin_.Post("/api/v1/orgs", org), 403, "csrf_failed"));

  EXPECT_TRUE(IsError(admin_.Get("/api/v1/orgs/no-csrf"), 404, "not_found"));
  Response list = admin_.Get("/api/v1/orgs");
  EXPECT_EQ(list.body.find("no-csrf"), std::string::npos) << list.body;
}

TEST_F(SessionTest, CookieChangeWithTheRightCsrfTokenIsAccepted) {
  CreateOrg(admin_, "with-csrf");
  EXPECT_EQ(admin_.Get("/api/v1/orgs/with-csrf").status, 200);
}

TEST_F(SessionTest, CsrfIsCheckedOnPatchAndDeleteToo) {
  CreateProduct(admin_, "default", "Shop");
  std::string token = admin_.csrf_token();
  admin_.set_csrf_token("");
  EXPECT_TRUE(IsError(admin_.Patch("/api/v1/orgs/default/products/shop",
                                   json::object{{"name", "Renamed"}}),
                      403, "csrf_failed"));
  EXPECT_TRUE(IsError(admin_.Delete("/api/v1/orgs/default/products/shop"), 403,
                      "csrf_failed"));
  EXPECT_TRUE(IsError(admin_.Delete("/api/v1/session"), 403, "csrf_failed"));

  admin_.set_csrf_token(token);
  Response product = admin_.Get("/api/v1/orgs/default/products/shop");
  EXPECT_EQ(product.status, 200);
  EXPECT_EQ(Str(product.json(), "/name"), "Shop");
  EXPECT_EQ(admin_.Get("/api/v1/me").status, 200) << "session survived";
}

TEST_F(SessionTest, LogoutInvalidatesTheCookie) {
  std::string cookie = admin_.cookies()["hw_session"];
  ASSERT_FALSE(cookie.empty());

  Response r = admin_.Delete("/api/v1/session");
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_FALSE(SessionCookieLine(r).empty()) << "the cookie is not cleared";
  EXPECT_EQ(admin_.cookies().count("hw_session"), 0u)
      << "the cookie is not cleared: " << SessionCookieLine(r);

  HttpClient replay = NewClient();
  replay.cookies()["hw_session"] = cookie;
  replay.set_csrf_token(admin_.csrf_token());
  EXPECT_TRUE(IsError(replay.Get("/api/v1/me"), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(
      replay.Post("/api/v1/orgs", json::object{{"name", "X"}, {"slug", "x"}}),
      401, "unauthenticated"));
}

TEST_F(SessionTest, WrongPasswordAnswersLikeUnknownUser) {
  HttpClient client = NewClient();
  Response wrong = client.Login("admin", "not-the-password");
  Response unknown = client.Login("nobody", "not-the-password");
  EXPECT_TRUE(IsError(wrong, 401, "unauthenticated"));
  EXPECT_TRUE(IsError(unknown, 401, "unauthenticated"));
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_TRUE(wrong.set_cookies.empty());
  EXPECT_TRUE(client.cookies().empty());
}

TEST_F(SessionTest, RepeatedFailedLoginsAreRateLimited) {
  HttpClient client = NewClient();
  Response r;
  int attempts = 0;
  while (attempts < 50) {
    r = client.Login("admin", "guess-" + std::to_string(attempts++));
    if (r.status != 401) break;
  }
  ASSERT_TRUE(IsError(r, 429, "rate_limited")) << "after " << attempts;
  int retry_after = std::atoi(r.header("retry-after").c_str());
  EXPECT_GT(retry_after, 0) << "Retry-After: " << r.header("retry-after");

  // While limited, even the right password does not get in.
  Response right = client.Login("admin", kAdminPassword);
  EXPECT_TRUE(IsError(right, 429, "rate_limited"));
  EXPECT_TRUE(right.set_cookies.empty());
  // Existing sessions keep working.
  EXPECT_EQ(admin_.Get("/api/v1/me").status, 200);
}

TEST_F(SessionTest,
       ManyFailedLoginsFromOneAddressSlowItDownButLetTheRightPasswordIn) {
  // Behind a reverse proxy every user shares one address: 20 failures from
  // it (the per-address limit) must not lock out the users who know their
  // password; they slow the address down instead.
  HttpClient client = NewClient();
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < 20; ++i) {
    Response r = client.Login("ghost-" + std::to_string(i), "guess");
    ASSERT_TRUE(IsError(r, 401, "unauthenticated")) << i << ": " << r.body;
  }
  auto started = Clock::now();
  Response slowed = client.Login("ghost-20", "guess");
  auto first_wait = Clock::now() - started;
  EXPECT_TRUE(IsError(slowed, 401, "unauthenticated")) << slowed.body;
  EXPECT_GE(first_wait, 250ms);
  started = Clock::now();
  Response right = client.Login("admin", kAdminPassword);
  auto second_wait = Clock::now() - started;
  EXPECT_EQ(right.status, 200) << right.body;
  EXPECT_GE(second_wait, 500ms) << "each failure past the limit doubles it";
  EXPECT_LT(second_wait, 5s);
}

}  // namespace
}  // namespace hookwarden::testing
