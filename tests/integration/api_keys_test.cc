// Personal API keys: shown once, bearer authentication, revocation.
#include <regex>

#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

using ApiKeysTest = ServerTest;

TEST_F(ApiKeysTest, CreateShowsTheKeyOnceAndTheListNeverShowsIt) {
  Response created =
      admin_.Post("/api/v1/api-keys", json::object{{"name", "ci"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json::value key = created.json();
  std::string value = Str(key, "/key");
  EXPECT_TRUE(std::regex_match(value, std::regex("hwp_[0-9A-Za-z]{38}")))
      << value;
  EXPECT_EQ(Str(key, "/id").rfind("key_", 0), 0u) << created.body;
  EXPECT_EQ(Str(key, "/name"), "ci");
  EXPECT_FALSE(Str(key, "/hint").empty());
  EXPECT_TRUE(IsTimestamp(Str(key, "/created_at"))) << created.body;

  Response list = admin_.Get("/api/v1/api-keys");
  ASSERT_EQ(list.status, 200) << list.body;
  json::value listed =
      FindBy(Items(list.json(), "/api_keys"), "id", Str(key, "/id"));
  ASSERT_TRUE(listed.is_object()) << list.body;
  EXPECT_EQ(Str(listed, "/name"), "ci");
  EXPECT_EQ(Str(listed, "/hint"), Str(key, "/hint"));
  EXPECT_TRUE(listed.as_object().contains("last_used_at")) << list.body;
  EXPECT_FALSE(listed.as_object().contains("key")) << list.body;
  EXPECT_EQ(list.body.find(value), std::string::npos) << list.body;
  EXPECT_EQ(list.body.find(value.substr(4)), std::string::npos) << list.body;
}

TEST_F(ApiKeysTest, BearerKeyWorksWithoutCsrfToken) {
  std::string key = ApiKey(admin_);
  HttpClient bot = NewClient();
  bot.set_bearer(key);

  Response me = bot.Get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Str(me.json(), "/user/username"), "admin");
  EXPECT_FALSE(me.json().as_object().contains("csrf_token")) << me.body;

  CreateOrg(bot, "from-bearer");
  EXPECT_EQ(Str(admin_.Get("/api/v1/orgs/from-bearer").json(), "/role"),
            "owner");

  Response list = admin_.Get("/api/v1/api-keys");
  json::array keys = Items(list.json(), "/api_keys");
  ASSERT_EQ(keys.size(), 1u) << list.body;
  EXPECT_TRUE(IsTimestamp(Str(keys[0], "/last_used_at"))) << list.body;
}

TEST_F(ApiKeysTest, DeletedKeyIsRejected) {
  Response created =
      admin_.Post("/api/v1/api-keys", json::object{{"name", "short-lived"}});
  ASSERT_EQ(created.status, 201) << created.body;
  HttpClient bot = NewClient();
  bot.set_bearer(Str(created.json(), "/key"));
  ASSERT_EQ(bot.Get("/api/v1/me").status, 200);

  std::string id = Str(created.json(), "/id");
  EXPECT_EQ(admin_.Delete("/api/v1/api-keys/" + id).status, 204);
  EXPECT_TRUE(IsError(bot.Get("/api/v1/me"), 401, "unauthenticated"));
  Response list = admin_.Get("/api/v1/api-keys");
  EXPECT_EQ(list.body.find(id), std::string::npos) << list.body;
  EXPECT_TRUE(
      IsError(admin_.Delete("/api/v1/api-keys/" + id), 404, "not_found"));
}

TEST_F(ApiKeysTest, EveryRejectedCredentialGetsTheSameBodyAsNone) {
  std::string key = ApiKey(admin_);
  Response none = NewClient().Get("/api/v1/me");
  ASSERT_TRUE(IsError(none, 401, "unauthenticated"));

  std::string typo = key;
  typo[10] = typo[10] == 'a' ? 'b' : 'a';
  std::string bad_checksum = key;
  bad_checksum.back() = bad_checksum.back() == 'a' ? 'b' : 'a';
  std::string other_kind = "hwi_" + key.substr(4);
  for (const std::string& header : std::vector<std::string>{
           "Bearer garbage", "Bearer " + typo, "Bearer " + bad_checksum,
           "Bearer " + other_kind, "Bearer " + key + "x", "Bearer ",
           "Basic YWRtaW46cGFzc3dvcmQ=", "bearer-" + key}) {
    Response r = NewClient().Request("GET", "/api/v1/me", std::nullopt,
                                     {{"Authorization", header}});
    EXPECT_TRUE(IsError(r, 401, "unauthenticated")) << header;
    EXPECT_EQ(r.body, none.body) << header;
  }
  HttpClient forged = NewClient();
  forged.cookies()["hw_session"] = "forged-session-id";
  EXPECT_EQ(forged.Get("/api/v1/me").body, none.body);
}

TEST_F(ApiKeysTest, NameIsValidated) {
  EXPECT_TRUE(IsError(admin_.Post("/api/v1/api-keys", json::object{}), 422,
                      "missing_field", "name"));
  EXPECT_TRUE(
      IsError(admin_.Post("/api/v1/api-keys", json::object{{"name", ""}}), 422,
              "invalid_field", "name"));
  EXPECT_TRUE(
      IsError(admin_.Post("/api/v1/api-keys",
                          json::object{{"name", std::string(101, 'k')}}),
              422, "invalid_field", "name"));
  EXPECT_EQ(admin_
                .Post("/api/v1/api-keys",
                      json::object{{"name", std::string(100, 'k')}})
                .status,
            201);
  EXPECT_EQ(Items(admin_.Get("/api/v1/api-keys").json(), "/api_keys").size(),
            1u);
}

TEST_F(ApiKeysTest, UsersSeeAndDeleteOnlyTheirOwnKeys) {
  AddMember(admin_, "default", "bob", "member", "Bob-pa55word-long");
  HttpClient bob = Login("bob", "Bob-pa55word-long");
  Response created =
      admin_.Post("/api/v1/api-keys", json::object{{"name", "admin key"}});
  ASSERT_EQ(created.status, 201);
  std::string id = Str(created.json(), "/id");

  Response bobs = bob.Get("/api/v1/api-keys");
  EXPECT_EQ(bobs.status, 200);
  EXPECT_TRUE(Items(bobs.json(), "/api_keys").empty()) << bobs.body;
  EXPECT_TRUE(IsError(bob.Delete("/api/v1/api-keys/" + id), 404, "not_found"));

  HttpClient bot = NewClient();
  bot.set_bearer(Str(created.json(), "/key"));
  EXPECT_EQ(bot.Get("/api/v1/me").status, 200) << "the key still works";
}

TEST_F(ApiKeysTest, KeyActsWithItsUsersRole) {
  AddMember(admin_, "default", "bob", "member", "Bob-pa55word-long");
  HttpClient bob = Login("bob", "Bob-pa55word-long");
  HttpClient bot = NewClient();
  bot.set_bearer(ApiKey(bob));
  EXPECT_EQ(bot.Get("/api/v1/orgs/default/products").status, 200);
  EXPECT_TRUE(IsError(
      bot.Post("/api/v1/orgs/default/products", json::object{{"name", "Nope"}}),
      403, "forbidden"));
}

}  // namespace
}  // namespace hookwarden::testing
