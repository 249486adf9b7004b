// One password rule on every path (the API, `admin create-user`, `admin
// reset-password`), and a password reset or change that ends sessions and
// revokes the user's personal API keys unless asked to keep them.
#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class PasswordsTest : public ServerTest {
 protected:
  // A new personal API key of `as`.
  std::string NewApiKey(HttpClient& as, std::string_view name) {
    Response r = as.Post("/api/v1/api-keys", json::object{{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.json(), "/key");
  }
  // The status GET /api/v1/me answers with `key`.
  int StatusWithKey(const std::string& key) {
    HttpClient c = NewClient();
    c.set_bearer(key);
    return c.Get("/api/v1/me").status;
  }
  CliResult Admin(const std::vector<std::string>& args,
                  std::string_view password) {
    std::vector<std::string> all = {"admin"};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), {"--data", server_.data_dir()});
    return RunCli(all, {{"HOOKWARDEN_PASSWORD", std::string(password)}});
  }
};

TEST_F(PasswordsTest, AdminCommandsApplyThePasswordRule) {
  for (const char* weak : {"x", "1234567"}) {
    CliResult created = Admin({"create-user", "weakling"}, weak);
    EXPECT_NE(created.exit_code, 0) << created.output;
    EXPECT_NE(created.output.find("at least 8"), std::string::npos)
        << created.output;
    CliResult reset = Admin({"reset-password", "admin"}, weak);
    EXPECT_NE(reset.exit_code, 0) << reset.output;
  }
  EXPECT_EQ(Login("admin", kAdminPassword).Get("/api/v1/me").status, 200);
  EXPECT_EQ(NewClient().Login("weakling", "x").status, 401);
  EXPECT_EQ(Admin({"create-user", "strong"}, "eight-or-more").exit_code, 0);
  EXPECT_EQ(NewClient().Login("strong", "eight-or-more").status, 200);
}

TEST_F(PasswordsTest, AResetRevokesApiKeysUnlessAskedNotTo) {
  std::string key = NewApiKey(admin_, "laptop");
  ASSERT_EQ(StatusWithKey(key), 200);
  CliResult kept =
      Admin({"reset-password", "admin", "--keep-api-keys"}, "second-password");
  ASSERT_EQ(kept.exit_code, 0) << kept.output;
  EXPECT_EQ(StatusWithKey(key), 200) << "--keep-api-keys kept the key";
  EXPECT_EQ(admin_.Get("/api/v1/me").status, 401) << "sessions end";

  CliResult reset = Admin({"reset-password", "admin"}, "third-password");
  ASSERT_EQ(reset.exit_code, 0) << reset.output;
  EXPECT_NE(reset.output.find("1 API key(s) revoked"), std::string::npos)
      << reset.output;
  EXPECT_EQ(StatusWithKey(key), 401);
  HttpClient again = Login("admin", "third-password");
  EXPECT_TRUE(Items(again.Get("/api/v1/api-keys").json(), "/api_keys").empty());
}

TEST_F(PasswordsTest, AnOwnChangeProvesTheOldPasswordAndRevokesKeys) {
  std::string key = NewApiKey(admin_, "ci");
  const std::string path = "/api/v1/me/password";
  Response wrong =
      admin_.Post(path, json::object{{"current_password", "nope"},
                                     {"new_password", "a-new-one"}});
  EXPECT_TRUE(IsError(wrong, 422, "invalid_field", "current_password"))
      << wrong.body;
  Response weak =
      admin_.Post(path, json::object{{"current_password", kAdminPassword},
                                     {"new_password", "short"}});
  EXPECT_TRUE(IsError(weak, 422, "invalid_field", "new_password")) << weak.body;
  EXPECT_EQ(weak.body.find("short"), std::string::npos);
  EXPECT_EQ(StatusWithKey(key), 200) << "refused changes change nothing";

  Response kept =
      admin_.Post(path, json::object{{"current_password", kAdminPassword},
                                     {"new_password", "kept-keys-1"},
                                     {"keep_api_keys", true}});
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(At(kept.json(), "/api_keys_revoked"), 0);
  EXPECT_EQ(StatusWithKey(key), 200);
  EXPECT_EQ(admin_.Get("/api/v1/me").status, 401) << "the session ended too";

  HttpClient user = Login("admin", "kept-keys-1");
  Response changed =
      user.Post(path, json::object{{"current_password", "kept-keys-1"},
                                   {"new_password", "fresh-pass-2"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(At(changed.json(), "/api_keys_revoked"), 1);
  EXPECT_EQ(StatusWithKey(key), 401);
  EXPECT_EQ(NewClient().Login("admin", "kept-keys-1").status, 401);
  EXPECT_EQ(NewClient().Login("admin", "fresh-pass-2").status, 200);
  EXPECT_EQ(server_.log_text().find("fresh-pass-2"), std::string::npos);
}

}  // namespace
}  // namespace hookwarden::testing
