// Organizations, members, roles, and isolation between organizations.
#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kBobPassword = "Bob-pa55word-long";

using OrgsTest = ServerTest;

TEST_F(OrgsTest, CreatorBecomesOwner) {
  Response r = admin_.Post(
      "/api/v1/orgs", json::object{{"name", "Acme Corp"}, {"slug", "acme"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = Str(r.json(), "/id");
  EXPECT_EQ(id.rfind("org_", 0), 0u) << r.body;
  EXPECT_EQ(Str(r.json(), "/slug"), "acme");
  EXPECT_EQ(Str(r.json(), "/name"), "Acme Corp");
  EXPECT_TRUE(IsTimestamp(Str(r.json(), "/created_at"))) << r.body;

  for (const std::string& ref : {std::string("acme"), id}) {
    Response org = admin_.Get("/api/v1/orgs/" + ref);
    EXPECT_EQ(org.status, 200) << ref;
    EXPECT_EQ(Str(org.json(), "/id"), id);
    EXPECT_EQ(Str(org.json(), "/role"), "owner");
  }
  json::array orgs = Items(admin_.Get("/api/v1/orgs").json(), "/organizations");
  EXPECT_EQ(orgs.size(), 2u);
  EXPECT_EQ(Str(FindBy(orgs, "slug", "acme"), "/role"), "owner");

  json::array members =
      Items(admin_.Get("/api/v1/orgs/acme/members").json(), "/members");
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(Str(members[0], "/username"), "admin");
  EXPECT_EQ(Str(members[0], "/role"), "owner");
}

TEST_F(OrgsTest, TakenSlugIsAConflict) {
  CreateOrg(admin_, "acme");
  EXPECT_TRUE(
      IsError(admin_.Post("/api/v1/orgs",
                          json::object{{"name", "B"}, {"slug", "acme"}}),
              409, "conflict"));
  EXPECT_TRUE(
      IsError(admin_.Post("/api/v1/orgs",
                          json::object{{"name", "C"}, {"slug", "default"}}),
              409, "conflict"));
  EXPECT_EQ(Str(admin_.Get("/api/v1/orgs/acme").json(), "/name"), "acme");
}

TEST_F(OrgsTest, InvalidSlugOrNameIsRejected) {
  for (const std::string& slug :
       std::vector<std::string>{"Acme", "-acme", "acme_corp", "acme corp", "",
                                "é", "a/b", std::string(64, 'a')}) {
    EXPECT_TRUE(
        IsError(admin_.Post("/api/v1/orgs",
                            json::object{{"name", "Ok"}, {"slug", slug}}),
                422, "invalid_field", "slug"))
        << "slug '" << slug << "'";
  }
  for (const std::string& name : {std::string(), std::string(101, 'n')}) {
    EXPECT_TRUE(
        IsError(admin_.Post("/api/v1/orgs",
                            json::object{{"name", name}, {"slug", "ok"}}),
                422, "invalid_field", "name"));
  }
  EXPECT_EQ(Items(admin_.Get("/api/v1/orgs").json(), "/organizations").size(),
            1u);

  CreateOrg(admin_, "0" + std::string(62, 'z'), std::string(100, 'n'));
}

// Unlike a product's, an organization's slug is not optional.
TEST_F(OrgsTest, SlugIsDerivedFromTheNameWhenAbsent) {
  Response r = admin_.Post("/api/v1/orgs", json::object{{"name", "Acme Labs"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Str(r.json(), "/slug"), "acme-labs");
  EXPECT_EQ(Items(admin_.Get("/api/v1/orgs").json(), "/organizations").size(),
            2u);
  // The same name again derives the same slug, which is taken.
  EXPECT_TRUE(
      IsError(admin_.Post("/api/v1/orgs", json::object{{"name", "Acme Labs"}}),
              409, "conflict", "slug"));
}

using MembersTest = ServerTest;

TEST_F(MembersTest, OwnerInvitesANewUserWhoJoinsOnAccepting) {
  Response r = admin_.Post(
      "/api/v1/orgs/default/members",
      json::object{
          {"username", "bob"}, {"role", "member"}, {"password", kBobPassword}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Str(r.json(), "/invitation/username"), "bob");
  EXPECT_EQ(Str(r.json(), "/invitation/role"), "member");
  EXPECT_EQ(Str(r.json(), "/invitation/status"), "pending");
  EXPECT_EQ(Str(r.json(), "/invitation/id").rfind("inv_", 0), 0u) << r.body;
  EXPECT_EQ(r.body.find(kBobPassword), std::string::npos);

  // Bob can log in, but is not a member until he accepts.
  HttpClient bob = NewClient();
  Response login = bob.Login("bob", kBobPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_TRUE(FindBy(Items(login.json(), "/organizations"), "slug", "default")
                  .is_null())
      << login.body;
  EXPECT_TRUE(IsError(bob.Get("/api/v1/orgs/default"), 404, "not_found"));
  json::array members =
      Items(admin_.Get("/api/v1/orgs/default/members").json(), "/members");
  EXPECT_TRUE(FindBy(members, "username", "bob").is_null());

  json::array invitations =
      Items(bob.Get("/api/v1/invitations").json(), "/invitations");
  ASSERT_EQ(invitations.size(), 1u);
  EXPECT_EQ(Str(invitations[0], "/organization/slug"), "default");
  EXPECT_EQ(Str(invitations[0], "/invited_by"), "admin");
  Response accepted =
      bob.Post("/api/v1/invitations/" + Str(invitations[0], "/id") + "/accept",
               json::object{});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(Str(accepted.json(), "/slug"), "default");
  EXPECT_EQ(Str(accepted.json(), "/role"), "member");
  EXPECT_EQ(Str(bob.Get("/api/v1/orgs/default").json(), "/role"), "member");
  members =
      Items(admin_.Get("/api/v1/orgs/default/members").json(), "/members");
  EXPECT_EQ(Str(FindBy(members, "username", "bob"), "/role"), "member");
  EXPECT_TRUE(
      Items(bob.Get("/api/v1/invitations").json(), "/invitations").empty());
}

TEST_F(MembersTest, InvitingValidatesAndRejectsDuplicates) {
  auto add = [&](json::object body) {
    return admin_.Post("/api/v1/orgs/default/members", body);
  };
  EXPECT_TRUE(IsError(add({{"username", "carol"},
                           {"role", "superuser"},
                           {"password", kBobPassword}}),
                      422, "invalid_field", "role"));
  EXPECT_TRUE(IsError(add({{"role", "member"}, {"password", kBobPassword}}),
                      422, "missing_field", "username"));
  EXPECT_TRUE(IsError(
      add({{"username", "carol"}, {"role", "member"}, {"password", "short"}}),
      422, "invalid_field", "password"));
  HttpClient nobody = NewClient();
  EXPECT_TRUE(
      IsError(nobody.Login("carol", kBobPassword), 401, "unauthenticated"))
      << "a failed invitation created the user";
  EXPECT_TRUE(Items(admin_.Get("/api/v1/orgs/default/invitations").json(),
                    "/invitations")
                  .empty());

  AddMember(admin_, "default", "carol", "member", kBobPassword);
  EXPECT_TRUE(IsError(add({{"username", "CAROL"}, {"role", "admin"}}), 409,
                      "conflict", "username"));
  EXPECT_TRUE(IsError(add({{"username", "admin"}, {"role", "member"}}), 409,
                      "conflict", "username"));
  // One pending invitation per name.
  EXPECT_EQ(add({{"username", "dave"}, {"role", "member"}}).status, 201);
  EXPECT_TRUE(IsError(add({{"username", "Dave"}, {"role", "admin"}}), 409,
                      "conflict", "username"));

  // An existing user joins another organization with their own password.
  CreateOrg(admin_, "acme");
  AddMember(admin_, "acme", "carol", "admin", kBobPassword);
  HttpClient carol = Login("carol", kBobPassword);
  EXPECT_EQ(Str(carol.Get("/api/v1/orgs/acme").json(), "/role"), "admin");
}

TEST_F(MembersTest, MemberReadsButCannotChange) {
  CreateProduct(admin_, "default", "Shop");
  AddMember(admin_, "default", "bob", "member", kBobPassword);
  HttpClient bob = Login("bob", kBobPassword);

  EXPECT_EQ(bob.Get("/api/v1/orgs/default").status, 200);
  EXPECT_EQ(bob.Get("/api/v1/orgs/default/products").status, 200);
  EXPECT_EQ(bob.Get("/api/v1/orgs/default/products/shop").status, 200);
  EXPECT_EQ(bob.Get("/api/v1/orgs/default/members").status, 200);
  EXPECT_EQ(bob.Get("/api/v1/orgs/default/applications").status, 200);

  EXPECT_TRUE(IsError(bob.Post("/api/v1/orgs/default/products",
                               json::object{{"name", "Forbidden"}}),
                      403, "forbidden"));
  EXPECT_TRUE(IsError(bob.Patch("/api/v1/orgs/default/products/shop",
                                json::object{{"name", "Renamed"}}),
                      403, "forbidden"));
  EXPECT_TRUE(IsError(bob.Delete("/api/v1/orgs/default/products/shop"), 403,
                      "forbidden"));
  EXPECT_TRUE(
      IsError(bob.Post("/api/v1/orgs/default/applications",
                       json::object{{"product", "shop"}, {"name", "A"}}),
              403, "forbidden"));
  EXPECT_TRUE(IsError(bob.Post("/api/v1/orgs/default/members",
                               json::object{{"username", "eve"},
                                            {"role", "owner"},
                                            {"password", kBobPassword}}),
                      403, "forbidden"));
  EXPECT_TRUE(IsError(bob.Patch("/api/v1/orgs/default/members/bob",
                                json::object{{"role", "owner"}}),
                      403, "forbidden"));

  json::array products =
      Items(admin_.Get("/api/v1/orgs/default/products").json(), "/products");
  ASSERT_EQ(products.size(), 1u);
  EXPECT_EQ(Str(products[0], "/name"), "Shop");
  EXPECT_TRUE(Items(admin_.Get("/api/v1/orgs/default/applications").json(),
                    "/applications")
                  .empty());
  EXPECT_EQ(Str(FindBy(Items(admin_.Get("/api/v1/orgs/default/members").json(),
                             "/members"),
                       "username", "bob"),
                "/role"),
            "member");
}

TEST_F(MembersTest, AdminChangesProductsButNotMembers) {
  AddMember(admin_, "default", "bob", "admin", kBobPassword);
  AddMember(admin_, "default", "carol", "member", kBobPassword);
  HttpClient bob = Login("bob", kBobPassword);

  CreateProduct(bob, "default", "Shop");
  CreateApp(bob, "default", "shop", "Checkout");
  EXPECT_EQ(bob.Patch("/api/v1/orgs/default/products/shop",
                      json::object{{"name", "Store"}})
                .status,
            200);

  EXPECT_TRUE(IsError(bob.Post("/api/v1/orgs/default/members",
                               json::object{{"username", "dave"},
                                            {"role", "member"},
                                            {"password", kBobPassword}}),
                      403, "forbidden"));
  EXPECT_TRUE(IsError(bob.Patch("/api/v1/orgs/default/members/carol",
                                json::object{{"role", "admin"}}),
                      403, "forbidden"));
  EXPECT_TRUE(IsError(bob.Delete("/api/v1/orgs/default/members/carol"), 403,
                      "forbidden"));
  json::array members =
      Items(admin_.Get("/api/v1/orgs/default/members").json(), "/members");
  EXPECT_EQ(members.size(), 3u);
  EXPECT_EQ(Str(FindBy(members, "username", "carol"), "/role"), "member");
}

TEST_F(MembersTest, LastOwnerCannotBeDemotedOrRemoved) {
  EXPECT_TRUE(IsError(admin_.Patch("/api/v1/orgs/default/members/admin",
                                   json::object{{"role", "admin"}}),
                      409, "conflict"));
  EXPECT_TRUE(IsError(admin_.Delete("/api/v1/orgs/default/members/admin"), 409,
                      "conflict"));
  json::array members =
      Items(admin_.Get("/api/v1/orgs/default/members").json(), "/members");
  EXPECT_EQ(Str(FindBy(members, "username", "admin"), "/role"), "owner");

  AddMember(admin_, "default", "bob", "owner", kBobPassword);
  Response demoted = admin_.Patch("/api/v1/orgs/default/members/admin",
                                  json::object{{"role", "member"}});
  EXPECT_EQ(demoted.status, 200) << demoted.body;
  EXPECT_EQ(Str(demoted.json(), "/role"), "member");

  HttpClient bob = Login("bob", kBobPassword);
  EXPECT_TRUE(
      IsError(bob.Delete("/api/v1/orgs/default/members/bob"), 409, "conflict"));
  EXPECT_TRUE(IsError(bob.Patch("/api/v1/orgs/default/members/bob",
                                json::object{{"role", "admin"}}),
                      409, "conflict"));
}

TEST_F(MembersTest, OwnerChangesAndRemovesMembers) {
  AddMember(admin_, "default", "bob", "member", kBobPassword);
  HttpClient bob = Login("bob", kBobPassword);

  Response promoted = admin_.Patch("/api/v1/orgs/default/members/bob",
                                   json::object{{"role", "admin"}});
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(Str(promoted.json(), "/role"), "admin");
  EXPECT_EQ(Str(promoted.json(), "/username"), "bob");
  CreateProduct(bob, "default", "Now Allowed");

  EXPECT_TRUE(IsError(admin_.Patch("/api/v1/orgs/default/members/bob",
                                   json::object{{"role", "king"}}),
                      422, "invalid_field", "role"));
  EXPECT_TRUE(IsError(admin_.Patch("/api/v1/orgs/default/members/nobody",
                                   json::object{{"role", "admin"}}),
                      404, "not_found"));

  EXPECT_EQ(admin_.Delete("/api/v1/orgs/default/members/bob").status, 204);
  EXPECT_TRUE(IsError(bob.Get("/api/v1/orgs/default"), 404, "not_found"));
  EXPECT_TRUE(
      IsError(bob.Get("/api/v1/orgs/default/products"), 404, "not_found"));
  Response members = admin_.Get("/api/v1/orgs/default/members");
  EXPECT_TRUE(
      FindBy(Items(members.json(), "/members"), "username", "bob").is_null())
      << members.body;
  EXPECT_TRUE(IsError(admin_.Delete("/api/v1/orgs/default/members/bob"), 404,
                      "not_found"));
}

// Org A is "default" (admin's); org B is "beta", owned by eve alone.
class TenancyTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    product_a_ = CreateProduct(admin_, "default", "Secret Product");
    app_a_ = CreateApp(admin_, "default", "secret-product", "Secret App");
    org_a_id_ = Str(admin_.Get("/api/v1/orgs/default").json(), "/id");

    CreateOrg(admin_, "beta");
    AddMember(admin_, "beta", "eve", "owner", "Eve-pa55word-long");
    eve_ = Login("eve", "Eve-pa55word-long");
    ASSERT_EQ(eve_.Delete("/api/v1/orgs/beta/members/admin").status, 204);
    CreateProduct(eve_, "beta", "Beta Product");
  }

  // `path` (under eve's eyes) must answer exactly like `missing`, a path
  // naming something that does not exist, once the differing reference in
  // each is masked.
  void ExpectHidden(std::string_view method, const std::string& path,
                    const std::string& ref, const std::string& missing,
                    const std::string& missing_ref) {
    std::optional<json::value> body;
    if (method == "POST" || method == "PATCH")
      body = json::object{{"name", "Stolen"}};
    Response r = eve_.Request(method, path, body);
    Response expected = eve_.Request(method, missing, body);
    EXPECT_TRUE(IsError(r, 404, "not_found")) << method << " " << path;
    auto mask = [](std::string s, const std::string& what) {
      for (size_t at; (at = s.find(what)) != std::string::npos;)
        s.replace(at, what.size(), "{}");
      return s;
    };
    EXPECT_EQ(mask(r.body, ref), mask(expected.body, missing_ref))
        << method << " " << path;
  }

  json::value product_a_;
  json::value app_a_;
  std::string org_a_id_;
  HttpClient eve_{0};
};

TEST_F(TenancyTest, AnotherOrganizationLooksLikeNoOrganization) {
  json::array orgs = Items(eve_.Get("/api/v1/orgs").json(), "/organizations");
  ASSERT_EQ(orgs.size(), 1u);
  EXPECT_EQ(Str(orgs[0], "/slug"), "beta");

  const std::string missing_id = "org_doesnotexist0000000000";
  for (const auto& [ref, missing] :
       {std::pair<std::string, std::string>{"default", "no-such-org"},
        {org_a_id_, missing_id}}) {
    for (const std::string& suffix : std::vector<std::string>{
             "", "/products", "/applications", "/members", "/invitations",
             "/audit-log", "/products/secret-product",
             "/applications/secret-app", "/products/" + Str(product_a_, "/id"),
             "/applications/" + Str(app_a_, "/id")}) {
      ExpectHidden("GET", "/api/v1/orgs/" + ref + suffix, ref,
                   "/api/v1/orgs/" + missing + suffix, missing);
    }
    ExpectHidden("POST", "/api/v1/orgs/" + ref + "/products", ref,
                 "/api/v1/orgs/" + missing + "/products", missing);
    ExpectHidden("POST", "/api/v1/orgs/" + ref + "/leave", ref,
                 "/api/v1/orgs/" + missing + "/leave", missing);
    ExpectHidden("PATCH", "/api/v1/orgs/" + ref + "/products/secret-product",
                 ref, "/api/v1/orgs/" + missing + "/products/secret-product",
                 missing);
    ExpectHidden("DELETE", "/api/v1/orgs/" + ref + "/applications/secret-app",
                 ref, "/api/v1/orgs/" + missing + "/applications/secret-app",
                 missing);
  }

  Response products = admin_.Get("/api/v1/orgs/default/products");
  json::array list = Items(products.json(), "/products");
  ASSERT_EQ(list.size(), 1u) << products.body;
  EXPECT_EQ(Str(list[0], "/name"), "Secret Product");
  EXPECT_EQ(admin_.Get("/api/v1/orgs/default/applications/secret-app").status,
            200);
}

TEST_F(TenancyTest, IdsFromAnotherOrganizationAreUnknownUnderYourOwn) {
  std::string app_id = Str(app_a_, "/id");
  std::string product_id = Str(product_a_, "/id");
  ExpectHidden("GET", "/api/v1/orgs/beta/applications/" + app_id, app_id,
               "/api/v1/orgs/beta/applications/app_doesnotexist",
               "app_doesnotexist");
  ExpectHidden("PATCH", "/api/v1/orgs/beta/applications/" + app_id, app_id,
               "/api/v1/orgs/beta/applications/app_doesnotexist",
               "app_doesnotexist");
  ExpectHidden("DELETE", "/api/v1/orgs/beta/applications/" + app_id, app_id,
               "/api/v1/orgs/beta/applications/app_doesnotexist",
               "app_doesnotexist");
  ExpectHidden("GET", "/api/v1/orgs/beta/products/" + product_id, product_id,
               "/api/v1/orgs/beta/products/prd_doesnotexist",
               "prd_doesnotexist");
  ExpectHidden("DELETE", "/api/v1/orgs/beta/products/" + product_id, product_id,
               "/api/v1/orgs/beta/products/prd_doesnotexist",
               "prd_doesnotexist");

  // An application may not be attached to another organization's product.
  Response r =
      eve_.Post("/api/v1/orgs/beta/applications",
                json::object{{"product", product_id}, {"name", "Sneaky"}});
  EXPECT_TRUE(r.status == 404 || r.status == 422) << r.status << " " << r.body;
  EXPECT_TRUE(
      Items(eve_.Get("/api/v1/orgs/beta/applications").json(), "/applications")
          .empty());
  Response filtered =
      eve_.Get("/api/v1/orgs/beta/applications?product=" + product_id);
  EXPECT_TRUE(IsError(filtered, 404, "not_found") ||
              (filtered.status == 200 &&
               Items(filtered.json(), "/applications").empty()))
      << filtered.body;

  Response app = admin_.Get("/api/v1/orgs/default/applications/" + app_id);
  EXPECT_EQ(app.status, 200);
  EXPECT_EQ(Str(app.json(), "/name"), "Secret App");
}

}  // namespace
}  // namespace hookwarden::testing
