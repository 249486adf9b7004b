// Webhook credentials ("Integration Tokens"): who may see and change them, and
// what happens to a token that leaks: revoking by its holder, isolation between
// organizations, the member's read-only view, one answer for every rejected
// token, and no token value in the server's log.
#include "credentials_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class CredentialSecurityTest : public CredentialTest {};

TEST_F(CredentialSecurityTest, HolderRevokesALeakedToken) {
  json::value hits = CreateCredential("hits_failure", "Production");
  std::string id = Str(hits, "/id");
  std::string token = Str(hits, "/token");
  std::string api_token = ApiToken(token);

  Response r = Revoke(token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), json::value({{"revoked", true}})) << r.body;
  const std::string body = r.body;
  EXPECT_TRUE(Rejected(Activate(token))) << "revoked integration token";
  json::value after = Get(id);
  std::string new_token = Str(after, "/token");
  EXPECT_TRUE(IsToken(new_token, "hwi_")) << after;
  EXPECT_NE(new_token, token) << "revoking regenerates the credential";
  EXPECT_EQ(At(after, "/generation"), json::value(2)) << after;
  json::array revoked = Audit("integration_token.revoked", id);
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(json::serialize(revoked).find(token), std::string::npos);
  std::string new_api = ApiToken(new_token);
  EXPECT_NE(new_api, api_token);

  // Revoking the old token again is a no-op, not another regeneration.
  EXPECT_EQ(Revoke(token).body, body);
  EXPECT_EQ(Str(Get(id), "/token"), new_token);

  // The API activation token is revocable by its holder too.
  EXPECT_EQ(Revoke(new_api).body, body);
  EXPECT_TRUE(Rejected(Activate(new_token)));
  EXPECT_EQ(Audit("integration_token.revoked", id).size(), 2u);

  // And so is an application's deploy token.
  json::value deploy = CreateCredential("deploy", "Releases");
  CreateProduct(admin_, "default", "Shop");
  CreateApp(admin_, "default", "shop", "Checkout",
            {{"deploy_credential", "Releases"}});
  std::string deploy_token = DeployToken("checkout");
  EXPECT_EQ(Revoke(deploy_token).body, body);
  EXPECT_NE(DeployToken("checkout"), deploy_token);
  EXPECT_EQ(Audit("integration_token.revoked", Str(deploy, "/id")).size(), 1u);

  // Anything else gets the very same answer and changes nothing.
  std::string current = Str(Get(id), "/token");
  for (const std::string& made_up :
       {"hwi_" + std::string(38, 'A'), "hwa_" + std::string(38, 'a'),
        "hwp_" + std::string(38, 'z'), std::string("garbage"),
        std::string("hwi_"), std::string(2000, '%')}) {
    Response fake = Revoke(made_up);
    EXPECT_EQ(fake.status, 200) << made_up;
    EXPECT_EQ(fake.body, body) << made_up;
  }
  EXPECT_EQ(Str(Get(id), "/token"), current);
  EXPECT_EQ(Activate(current).status, 200);

  // A personal API key is deleted.
  std::string key = ApiKey(admin_, "laptop");
  ASSERT_TRUE(IsToken(key, "hwp_")) << key;
  HttpClient with_key = NewClient();
  with_key.set_bearer(key);
  ASSERT_EQ(with_key.Get("/api/v1/me").status, 200);
  EXPECT_EQ(Revoke(key).body, body);
  EXPECT_TRUE(Rejected(with_key.Get("/api/v1/me")));
  EXPECT_TRUE(Rejected(with_key.Get(kTokens)));
  json::array keys = Items(admin_.Get("/api/v1/api-keys").json(), "/api_keys");
  EXPECT_TRUE(FindBy(keys, "name", "laptop").is_null()) << json::value(keys);
}

TEST_F(CredentialSecurityTest, OrganizationsCannotReachEachOther) {
  // Bob gets an account, then leaves the default organization for his own.
  constexpr std::string_view kBobPassword = "Bob-pa55word-long";
  AddMember(admin_, "default", "bob", "member", kBobPassword);
  ASSERT_EQ(admin_.Delete("/api/v1/orgs/default/members/bob").status, 204);
  HttpClient bob = Login("bob", kBobPassword);
  json::value beta = CreateOrg(bob, "beta", "Beta");
  json::value b_hits = CreateCredential(bob, "beta", "hits_failure", "Shared");
  json::value b_deploy = CreateCredential(bob, "beta", "deploy", "B deploys");
  CreateProduct(bob, "beta", "B shop");
  json::value b_app = CreateApp(bob, "beta", "b-shop", "B app",
                                {{"hits_failure_credential", "Shared"}});
  std::string b_id = Str(b_hits, "/id");
  std::string b_token = Str(b_hits, "/token");

  json::value a_hits = CreateCredential("hits_failure", "Shared");
  json::value a_deploy = CreateCredential("deploy", "A deploys");
  std::string a_token = Str(a_hits, "/token");
  // The same name in B resolved to B's own credential.
  EXPECT_EQ(Str(b_app, "/hits_failure_credential/id"), b_id);

  // A's admin cannot see or change B's credential, under either path.
  std::string a_key = ApiKey(admin_, "a key");
  HttpClient a_by_key = NewClient();
  a_by_key.set_bearer(a_key);
  for (HttpClient* a : {&admin_, &a_by_key}) {
    for (const std::string& org :
         {std::string("default"), std::string("beta")}) {
      EXPECT_TRUE(IsError(a->Get(OrgPath(org, b_id)), 404, "not_found")) << org;
      EXPECT_TRUE(IsError(a->Request("POST", OrgPath(org, b_id, "/regenerate")),
                          404, "not_found"))
          << org;
      EXPECT_TRUE(
          IsError(a->Patch(OrgPath(org, b_id), json::object{{"name", "x"}}),
                  404, "not_found"))
          << org;
      EXPECT_TRUE(IsError(a->Delete(OrgPath(org, b_id)), 404, "not_found"))
          << org;
    }
    EXPECT_TRUE(IsError(a->Get("/api/v1/orgs/beta/integration-tokens"), 404,
                        "not_found"));
  }
  json::array a_list = Items(admin_.Get(kTokens).json(), "/integration_tokens");
  EXPECT_EQ(a_list.size(), 2u);
  EXPECT_TRUE(FindBy(a_list, "id", b_id).is_null());

  // Neither side can name the other's credentials on an application.
  EXPECT_TRUE(IsError(
      bob.Post("/api/v1/orgs/beta/applications",
               json::object{{"product", "b-shop"},
                            {"name", "Cross"},
                            {"hits_failure_credential", Str(a_hits, "/id")}}),
      422, "invalid_field", "hits_failure_credential"));
  EXPECT_TRUE(
      IsError(bob.Post("/api/v1/orgs/beta/applications",
                       json::object{{"product", "b-shop"},
                                    {"name", "Cross"},
                                    {"deploy_credential", "A deploys"}}),
              422, "invalid_field", "deploy_credential"));
  EXPECT_TRUE(IsError(
      bob.Patch("/api/v1/orgs/beta/applications/b-app",
                json::object{{"deploy_credential", Str(a_deploy, "/id")}}),
      422, "invalid_field", "deploy_credential"));
  CreateProduct(admin_, "default", "Shop");
  EXPECT_TRUE(IsError(admin_.Post(kApps, json::object{{"product", "shop"},
                                                      {"name", "Cross"},
                                                      {"deploy_credential",
                                                       Str(b_deploy, "/id")}}),
                      422, "invalid_field", "deploy_credential"));

  // Tokens act only in their own organization.
  Response a_activation = Activate(a_token);
  ASSERT_EQ(a_activation.status, 200) << a_activation.body;
  EXPECT_EQ(Str(a_activation.json(), "/organization/slug"), "default");
  Response b_activation = Activate(b_token);
  ASSERT_EQ(b_activation.status, 200) << b_activation.body;
  EXPECT_EQ(Str(b_activation.json(), "/organization/id"), Str(beta, "/id"));
  EXPECT_EQ(Str(b_activation.json(), "/credential/id"), b_id);
  EXPECT_NE(Str(b_activation.json(), "/api_token"),
            Str(a_activation.json(), "/api_token"));
  for (const std::string& token :
       {a_token, Str(a_activation.json(), "/api_token")}) {
    HttpClient holder = NewClient();
    holder.set_bearer(token);
    EXPECT_TRUE(Rejected(holder.Get("/api/v1/orgs/beta/integration-tokens")));
    EXPECT_TRUE(Rejected(holder.Get(OrgPath("beta", b_id))));
    EXPECT_TRUE(
        Rejected(holder.Request("POST", OrgPath("beta", b_id, "/regenerate"))));
  }
  Response b_shown = bob.Get(OrgPath("beta", b_id));
  ASSERT_EQ(b_shown.status, 200) << b_shown.body;
  EXPECT_EQ(Str(b_shown.json(), "/token"), b_token) << "B is untouched";
  EXPECT_EQ(Str(b_shown.json(), "/name"), "Shared");
  EXPECT_EQ(Items(b_shown.json(), "/applications").size(), 1u);
}

TEST_F(CredentialSecurityTest, MembersSeeNamesButNeverTokens) {
  json::value hits = CreateCredential("hits_failure", "Production");
  json::value deploy = CreateCredential("deploy", "Releases");
  std::string id = Str(hits, "/id");
  std::string token = Str(hits, "/token");
  AddMember(admin_, "default", "mia", "member", "Mia-pa55word-long");
  HttpClient mia = Login("mia", "Mia-pa55word-long");
  HttpClient mia_by_key = NewClient();
  mia_by_key.set_bearer(ApiKey(mia, "mia key"));

  for (HttpClient* m : {&mia, &mia_by_key}) {
    Response list = m->Get(kTokens);
    ASSERT_EQ(list.status, 200) << list.body;
    json::array items = Items(list.json(), "/integration_tokens");
    EXPECT_EQ(items.size(), 2u) << list.body;
    EXPECT_EQ(Str(FindBy(items, "id", id), "/hint"), Str(hits, "/hint"));
    EXPECT_EQ(list.body.find(token), std::string::npos);
    for (const std::string& cid : {id, Str(deploy, "/id")}) {
      Response one = m->Get(Path(cid));
      ASSERT_EQ(one.status, 200) << one.body;
      EXPECT_EQ(Str(one.json(), "/id"), cid);
      EXPECT_FALSE(one.json().as_object().contains("token")) << one.body;
      EXPECT_FALSE(one.json().as_object().contains("curl")) << one.body;
      EXPECT_EQ(one.body.find(token), std::string::npos);
    }
    EXPECT_TRUE(IsError(
        m->Post(kTokens, json::object{{"type", "deploy"}, {"name", "Mine"}}),
        403, "forbidden"));
    EXPECT_TRUE(IsError(m->Request("POST", Path(id) + "/regenerate"), 403,
                        "forbidden"));
    EXPECT_TRUE(IsError(
        m->Post(Path(id) + "/regenerate", json::object{{"grace_seconds", 60}}),
        403, "forbidden"));
    EXPECT_TRUE(IsError(m->Patch(Path(id), json::object{{"name", "Renamed"}}),
                        403, "forbidden"));
    EXPECT_TRUE(IsError(m->Delete(Path(id)), 403, "forbidden"));
    EXPECT_TRUE(IsError(m->Delete(Path(Str(deploy, "/id"))), 403, "forbidden"));
  }
  EXPECT_TRUE(Audit("integration_token.viewed", id).empty())
      << "a member's read reveals nothing, so nothing is audited";

  json::value shown = Get(id);
  EXPECT_EQ(Str(shown, "/token"), token) << "nothing changed";
  EXPECT_EQ(Str(shown, "/name"), "Production");
  EXPECT_NE(Str(shown, "/curl").find(token), std::string::npos) << shown;
  EXPECT_EQ(Activate(token).status, 200);
  EXPECT_EQ(Items(admin_.Get(kTokens).json(), "/integration_tokens").size(),
            2u);
  json::array viewed = Audit("integration_token.viewed", id);
  ASSERT_EQ(viewed.size(), 1u);
  EXPECT_EQ(Str(viewed[0], "/actor/username"), "admin");
  EXPECT_EQ(Str(viewed[0], "/target_name"), "Production");
  Response log = admin_.Get("/api/v1/orgs/default/audit-log?limit=500");
  EXPECT_EQ(log.body.find(token), std::string::npos)
      << "the audit log never holds a token value";
}

TEST_F(CredentialSecurityTest, EveryRejectedTokenGetsTheSameAnswer) {
  json::value hits = CreateCredential("hits_failure", "Production");
  std::string token = Str(hits, "/token");
  ASSERT_TRUE(IsToken(token, "hwi_")) << token;
  std::string api_token = ApiToken(token);
  json::value old_hits = CreateCredential("hits_failure", "Old");
  std::string regenerated = Str(old_hits, "/token");
  ASSERT_EQ(
      admin_.Request("POST", Path(Str(old_hits, "/id"), "/regenerate")).status,
      200);
  json::value gone = CreateCredential("hits_failure", "Gone");
  ASSERT_EQ(admin_.Delete(Path(Str(gone, "/id"))).status, 200);
  CreateCredential("deploy", "Releases");
  CreateProduct(admin_, "default", "Shop");
  CreateApp(admin_, "default", "shop", "Checkout",
            {{"deploy_credential", "Releases"}});
  std::string deploy_token = DeployToken("checkout");
  std::string key = ApiKey(admin_);

  auto one_changed = [](std::string t, size_t at) {
    t[at] = t[at] == 'A' ? 'B' : 'A';
    return t;
  };
  std::string garbage;
  while (garbage.size() < 10 * 1024) garbage += "x9+/=.-_~";
  garbage.resize(10 * 1024);

  struct Case {
    std::string what;
    Pairs headers;
  };
  std::vector<Case> cases = {
      {"no Authorization", {}},
      {"Bearer and nothing", {{"Authorization", "Bearer "}}},
      {"Bearer alone", {{"Authorization", "Bearer"}}},
      {"truncated", {{"Authorization", "Bearer " + token.substr(0, 30)}}},
      {"last character dropped",
       {{"Authorization", "Bearer " + token.substr(0, token.size() - 1)}}},
      {"one character changed",
       {{"Authorization", "Bearer " + one_changed(token, 10)}}},
      {"checksum changed",
       {{"Authorization", "Bearer " + one_changed(token, token.size() - 1)}}},
      {"hwx_ prefix", {{"Authorization", "Bearer hwx_" + token.substr(4)}}},
      {"hwa_ prefix", {{"Authorization", "Bearer hwa_" + token.substr(4)}}},
      {"an API activation token", {{"Authorization", "Bearer " + api_token}}},
      {"a deploy token", {{"Authorization", "Bearer " + deploy_token}}},
      {"a personal API key", {{"Authorization", "Bearer " + key}}},
      {"a regenerated token", {{"Authorization", "Bearer " + regenerated}}},
      {"a deleted credential's token",
       {{"Authorization", "Bearer " + Str(gone, "/token")}}},
      {"lowercase bearer", {{"Authorization", "bearer " + token}}},
      {"Basic scheme", {{"Authorization", "Basic " + token}}},
      {"token with trailing junk",
       {{"Authorization", "Bearer " + token + "x"}}},
      {"10 KB of garbage", {{"Authorization", "Bearer " + garbage}}},
  };
  for (const Case& c : cases) {
    HttpClient anonymous = NewClient();
    Response r =
        anonymous.Request("POST", "/api/v1/activate", std::nullopt, c.headers);
    EXPECT_TRUE(Rejected(r)) << c.what;
    EXPECT_EQ(r.header("content-type").find("application/json"), 0u) << c.what;
  }
  // The real token still works, and the rejections did not count as use.
  Response ok = Activate(token);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Str(ok.json(), "/api_token"), api_token);
  EXPECT_EQ(At(Get(Str(hits, "/id")), "/use_count"), json::value(2));
}

TEST_F(CredentialSecurityTest, NoTokenValueReachesTheServerLog) {
  std::vector<std::string> secrets;
  auto keep = [&](std::string value, std::string_view prefix) {
    EXPECT_TRUE(IsToken(value, prefix)) << "'" << value << "'";
    secrets.push_back(std::move(value));
  };
  std::string key = ApiKey(admin_, "ops");
  keep(key, "hwp_");
  HttpClient ops = NewClient();
  ops.set_bearer(key);

  Response created = ops.Post(
      kTokens, json::object{{"type", "hits_failure"}, {"name", "Production"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = Str(created.json(), "/id");
  std::string token = Str(created.json(), "/token");
  keep(token, "hwi_");
  keep(ApiToken(token), "hwa_");
  EXPECT_EQ(Str(ops.Get(Path(id)).json(), "/token"), token);

  ASSERT_EQ(
      ops.Post(kTokens, json::object{{"type", "deploy"}, {"name", "Releases"}})
          .status,
      201);
  CreateProduct(admin_, "default", "Shop");
  CreateApp(
      admin_, "default", "shop", "Checkout",
      {{"hits_failure_credential", id}, {"deploy_credential", "Releases"}});
  CreateApp(admin_, "default", "shop", "Search",
            {{"deploy_credential", "Releases"}});
  keep(DeployToken("checkout"), "hwd_");
  keep(DeployToken("search"), "hwd_");

  Response regenerated =
      ops.Post(Path(id, "/regenerate"), json::object{{"grace_seconds", 60}});
  ASSERT_EQ(regenerated.status, 200) << regenerated.body;
  std::string second = Str(regenerated.json(), "/token");
  keep(second, "hwi_");
  keep(ApiToken(second), "hwa_");
  EXPECT_EQ(Activate(token).status, 200) << "old token within its grace";
  Response renamed = ops.Patch(Path(id), json::object{{"name", "Prod EU"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  std::string third = Str(renamed.json(), "/token");
  keep(third, "hwi_");
  EXPECT_TRUE(Rejected(Activate(second)));  // a rejected token is not logged
  EXPECT_EQ(Revoke(third).status, 200);
  std::string fourth = Str(Get(id), "/token");
  keep(fourth, "hwi_");
  keep(DeployToken("checkout"), "hwd_");

  std::string second_key = ApiKey(admin_, "to revoke");
  keep(second_key, "hwp_");
  EXPECT_EQ(Revoke(second_key).status, 200);

  EXPECT_EQ(server_.Stop(), 0);  // everything is flushed
  std::string log = server_.log_text();
  ASSERT_NE(log.find("listening"), std::string::npos) << "the log is read";
  EXPECT_NE(log.find("/api/v1/activate"), std::string::npos)
      << "the access log covers the requests that carried tokens";
  for (const std::string& secret : secrets) {
    EXPECT_EQ(log.find(secret), std::string::npos)
        << "the log holds " << secret.substr(0, 8) << "...";
  }
}

}  // namespace
}  // namespace hookwarden::testing
