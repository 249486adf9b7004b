// Secrets variables through the HTTP API, as on the Settings page: create,
// list and delete; never edit; never show a value again, in any answer, log
// line or audit entry; refuse bad input, other roles and other organizations.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kSecrets = "/api/v1/orgs/default/secrets";
// Every value a test sends: none may appear anywhere it can be read back.
const std::string kValue = MadeUpSecret("secret-value");

std::string SecretPath(std::string_view name, std::string_view org = "default",
                       std::string_view query = "") {
  return "/api/v1/orgs/" + std::string(org) + "/secrets/" + std::string(name) +
         std::string(query);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class SecretsApiTest : public ServerTest {
 protected:
  Response Create(HttpClient& as, std::string_view name,
                  std::string_view value = kValue,
                  std::string_view org = "default") {
    return as.Post("/api/v1/orgs/" + std::string(org) + "/secrets",
                   json::object{{"name", name}, {"value", value}});
  }

  json::array List(HttpClient& as) {
    Response r = as.Get(kSecrets);
    EXPECT_EQ(r.status, 200) << r.body;
    Expose(r);
    return Items(r.json(), "/secrets");
  }

  // Remembers an answer, to check at the end that no value is in it.
  void Expose(const Response& r) { seen_ += r.body + "\n"; }

  // No value sent by the test is in any answer seen, the audit log, the
  // server's log or the database's files.
  void ExpectNoValueAnywhere() {
    Response audit = admin_.Get("/api/v1/orgs/default/audit-log?limit=500");
    ASSERT_EQ(audit.status, 200);
    std::vector<std::pair<std::string, std::string>> places = {
        {"answers", seen_},
        {"audit log", audit.body},
        {"server log", server_.log_text()}};
    for (const auto& entry :
         std::filesystem::directory_iterator(server_.data_dir())) {
      places.emplace_back(entry.path().string(), ReadFile(entry.path()));
    }
    for (const auto& [where, text] : places) {
      EXPECT_EQ(text.find(kValue), std::string::npos) << where;
    }
  }

  std::string seen_;
};

TEST_F(SecretsApiTest, CreateListAndDeleteWithoutEverShowingTheValue) {
  Response created = Create(admin_, "SLACK_TOKEN");
  ASSERT_EQ(created.status, 201) << created.body;
  Expose(created);
  json::value c = created.json();
  EXPECT_EQ(Str(c, "/name"), "SLACK_TOKEN");
  EXPECT_EQ(Str(c, "/created_by"), "admin");
  EXPECT_TRUE(IsTimestamp(Str(c, "/created_at"))) << created.body;
  EXPECT_EQ(At(c, "/used_by"), json::value(json::array())) << created.body;
  EXPECT_FALSE(c.as_object().contains("value")) << created.body;
  ASSERT_EQ(Create(admin_, "API_KEY", "another one").status, 201);

  json::array list = List(admin_);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(Str(list[0], "/name"), "API_KEY");  // By name.
  json::value slack = list[1];
  EXPECT_EQ(Str(slack, "/name"), "SLACK_TOKEN");
  EXPECT_EQ(Str(slack, "/created_at"), Str(c, "/created_at"));
  EXPECT_EQ(Str(slack, "/created_by"), "admin");
  EXPECT_EQ(At(slack, "/used_by"), json::value(json::array()));
  EXPECT_EQ(slack.as_object().size(), 4u) << slack;

  Response deleted = admin_.Delete(SecretPath("SLACK_TOKEN"));
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_TRUE(
      IsError(admin_.Delete(SecretPath("SLACK_TOKEN")), 404, "not_found"));
  list = List(admin_);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(Str(list[0], "/name"), "API_KEY");
  // Deleted, the name is free again.
  Response again = Create(admin_, "SLACK_TOKEN");
  EXPECT_EQ(again.status, 201) << again.body;
  Expose(again);

  // The audit log names the secret, and only that.
  Response audit = admin_.Get("/api/v1/orgs/default/audit-log");
  json::array entries = Items(audit.json(), "/entries");
  int created_entries = 0, deleted_entries = 0;
  for (const json::value& e : entries) {
    if (Str(e, "/target_type") != "secret") continue;
    EXPECT_EQ(Str(e, "/actor/username"), "admin");
    EXPECT_FALSE(Str(e, "/target_name").empty());
    created_entries += Str(e, "/action") == "secret.created";
    deleted_entries += Str(e, "/action") == "secret.deleted";
  }
  EXPECT_EQ(created_entries, 3);
  EXPECT_EQ(deleted_entries, 1);
  ExpectNoValueAnywhere();
}

TEST_F(SecretsApiTest, ASecretCannotBeEditedOnlyDeletedAndCreatedAgain) {
  ASSERT_EQ(Create(admin_, "TOKEN").status, 201);
  json::value before = List(admin_)[0];
  for (std::string_view method : {"PUT", "PATCH"}) {
    Response r = admin_.Request(method, SecretPath("TOKEN"),
                                json::object{{"value", kValue}});
    Expose(r);
    EXPECT_TRUE(IsError(r, 405, "method_not_allowed")) << method;
    EXPECT_NE(
        Str(r.json(), "/error/message").find("delete it and create it again"),
        std::string::npos)
        << r.body;
    EXPECT_EQ(r.header("Allow"), "DELETE") << method;
  }
  // Nor is a value shown by reading one secret.
  Response get = admin_.Get(SecretPath("TOKEN"));
  EXPECT_TRUE(IsError(get, 405, "method_not_allowed")) << get.body;
  EXPECT_EQ(get.header("Allow"), "DELETE");

  // A second secret of the same name is a conflict that changes nothing.
  Response duplicate = Create(admin_, "TOKEN", "replacement");
  EXPECT_TRUE(IsError(duplicate, 409, "conflict", "name")) << duplicate.body;
  EXPECT_EQ(duplicate.body.find("replacement"), std::string::npos);
  json::array after = List(admin_);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0], before);
  ExpectNoValueAnywhere();
}

TEST_F(SecretsApiTest, BadInputIsRefusedAndChangesNothing) {
  const std::string big(4097, 'v');
  struct Case {
    json::value body;
    std::string code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {json::object{{"name", "lower"}, {"value", kValue}}, "invalid_field",
       "name"},
      {json::object{{"name", "1ST"}, {"value", kValue}}, "invalid_field",
       "name"},
      {json::object{{"name", "A-B"}, {"value", kValue}}, "invalid_field",
       "name"},
      {json::object{{"name", ""}, {"value", kValue}}, "invalid_field", "name"},
      {json::object{{"name", std::string(65, 'A')}, {"value", kValue}},
       "invalid_field", "name"},
      {json::object{{"name", "EMPTY"}, {"value", ""}}, "invalid_field",
       "value"},
      {json::object{{"name", "BIG"}, {"value", big}}, "invalid_field", "value"},
      {json::object{{"name", "NUMBER"}, {"value", 42}}, "invalid_field",
       "value"},
      {json::object{{"name", "NULL"}, {"value", nullptr}}, "invalid_field",
       "value"},
      {json::object{{"name", "OBJECT"}, {"value", {{"v", kValue}}}},
       "invalid_field", "value"},
      {json::object{{"name", "NO_VALUE"}}, "missing_field", "value"},
      {json::object{{"value", kValue}}, "missing_field", "name"},
      {json::object{{"name", "EXTRA"}, {"value", kValue}, {"note", "x"}},
       "unknown_field", "note"},
  };
  for (const Case& c : cases) {
    Response r = admin_.Post(kSecrets, c.body);
    Expose(r);
    EXPECT_TRUE(IsError(r, 422, c.code, c.field)) << json::serialize(c.body);
    EXPECT_EQ(r.body.find(big), std::string::npos);
  }
  Response not_json = admin_.RequestRaw(
      "POST", kSecrets, "{\"name\": \"A\", \"value\": \"" + std::string(kValue),
      {{"Content-Type", "application/json"}});
  Expose(not_json);
  EXPECT_TRUE(IsError(not_json, 400, "malformed_json")) << not_json.body;
  Response array = admin_.RequestRaw("POST", kSecrets, "[]",
                                     {{"Content-Type", "application/json"}});
  EXPECT_TRUE(IsError(array, 400, "malformed_json")) << array.body;
  Response text =
      admin_.RequestRaw("POST", kSecrets, R"({"name":"TEXT","value":"x"})",
                        {{"Content-Type", "text/plain"}});
  EXPECT_TRUE(IsError(text, 415, "unsupported_media_type")) << text.body;
  EXPECT_TRUE(List(admin_).empty()) << "nothing was created";

  // The limits themselves are accepted.
  EXPECT_EQ(Create(admin_, std::string(64, 'Z'), "v").status, 201);
  EXPECT_EQ(Create(admin_, "_LARGEST", std::string(4096, 'v')).status, 201);

  // Deleting takes force=true or force=false, nothing else.
  ASSERT_EQ(Create(admin_, "DOOMED").status, 201);
  for (std::string_view bad :
       {"?force=yes", "?force=1", "?force=", "?force=TRUE"}) {
    Response r = admin_.Delete(SecretPath("DOOMED", "default", bad));
    EXPECT_TRUE(IsError(r, 422, "invalid_field", "force")) << bad;
  }
  EXPECT_EQ(List(admin_).size(), 3u);
  EXPECT_EQ(
      admin_.Delete(SecretPath("DOOMED", "default", "?force=false")).status,
      204);
  ASSERT_EQ(Create(admin_, "DOOMED").status, 201);
  EXPECT_EQ(
      admin_.Delete(SecretPath("DOOMED", "default", "?force=true")).status,
      204);
  EXPECT_EQ(List(admin_).size(), 2u);
  ExpectNoValueAnywhere();
}

TEST_F(SecretsApiTest, RolesOrganizationsAndCredentialsAreChecked) {
  ASSERT_EQ(Create(admin_, "SHARED").status, 201);
  constexpr std::string_view kPassword = "Member-pa55word-long";

  // A member lists the names, and changes nothing.
  AddMember(admin_, "default", "mia", "member", kPassword);
  HttpClient mia = Login("mia", kPassword);
  json::array seen = List(mia);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(Str(seen[0], "/name"), "SHARED");
  EXPECT_TRUE(IsError(Create(mia, "MINE"), 403, "forbidden"));
  EXPECT_TRUE(IsError(mia.Delete(SecretPath("SHARED")), 403, "forbidden"));
  // An admin may create and delete.
  AddMember(admin_, "default", "ada", "admin", kPassword);
  HttpClient ada = Login("ada", kPassword);
  EXPECT_EQ(Create(ada, "ADAS").status, 201);
  EXPECT_EQ(ada.Delete(SecretPath("ADAS")).status, 204);

  // Another organization's secrets are not found, under either path.
  AddMember(admin_, "default", "bob", "member", kPassword);
  ASSERT_EQ(admin_.Delete("/api/v1/orgs/default/members/bob").status, 204);
  HttpClient bob = Login("bob", kPassword);
  CreateOrg(bob, "beta", "Beta");
  ASSERT_EQ(Create(bob, "BETA_ONLY", kValue, "beta").status, 201);
  EXPECT_TRUE(
      IsError(admin_.Get("/api/v1/orgs/beta/secrets"), 404, "not_found"));
  EXPECT_TRUE(IsError(admin_.Delete(SecretPath("BETA_ONLY", "beta")), 404,
                      "not_found"));
  EXPECT_TRUE(
      IsError(admin_.Delete(SecretPath("BETA_ONLY")), 404, "not_found"));
  EXPECT_TRUE(
      IsError(Create(admin_, "INTRUDER", kValue, "beta"), 404, "not_found"));
  EXPECT_TRUE(IsError(bob.Delete(SecretPath("SHARED")), 404, "not_found"));
  Response beta = bob.Get("/api/v1/orgs/beta/secrets");
  ASSERT_EQ(Items(beta.json(), "/secrets").size(), 1u) << beta.body;

  // No credentials, or a cookie without its CSRF token: refused.
  HttpClient nobody = NewClient();
  EXPECT_TRUE(IsError(nobody.Get(kSecrets), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(Create(nobody, "ANON"), 401, "unauthenticated"));
  EXPECT_TRUE(
      IsError(nobody.Delete(SecretPath("SHARED")), 401, "unauthenticated"));
  HttpClient no_csrf = Login("admin", kAdminPassword);
  no_csrf.set_csrf_token("");
  EXPECT_TRUE(IsError(Create(no_csrf, "CSRF"), 403, "csrf_failed"));
  EXPECT_TRUE(
      IsError(no_csrf.Delete(SecretPath("SHARED")), 403, "csrf_failed"));
  no_csrf.set_csrf_token("wrong");
  EXPECT_TRUE(IsError(Create(no_csrf, "CSRF"), 403, "csrf_failed"));
  // A personal API key works as the cookie does.
  HttpClient by_key = NewClient();
  by_key.set_bearer(ApiKey(admin_));
  EXPECT_EQ(List(by_key).size(), 1u);

  json::array after = List(admin_);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(Str(after[0], "/name"), "SHARED");
  ExpectNoValueAnywhere();
}

}  // namespace
}  // namespace hookwarden::testing
