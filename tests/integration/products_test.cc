// Products: create, read, update, delete, slugs and validation.
#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kProducts = "/api/v1/orgs/default/products";

class ProductsTest : public ServerTest {
 protected:
  std::string Path(std::string_view ref) {
    return std::string(kProducts) + "/" + std::string(ref);
  }
  size_t Count() {
    return Items(admin_.Get(kProducts).json(), "/products").size();
  }
};

TEST_F(ProductsTest, CreateDerivesTheSlugFromTheName) {
  Response r =
      admin_.Post(kProducts, json::object{{"name", "Checkout Service"}});
  ASSERT_EQ(r.status, 201) << r.body;
  json::value product = r.json();
  EXPECT_EQ(Str(product, "/slug"), "checkout-service");
  EXPECT_EQ(Str(product, "/name"), "Checkout Service");
  EXPECT_EQ(Str(product, "/id").rfind("prd_", 0), 0u) << r.body;
  EXPECT_TRUE(IsTimestamp(Str(product, "/created_at"))) << r.body;
  EXPECT_TRUE(IsTimestamp(Str(product, "/updated_at"))) << r.body;

  for (const std::string& ref :
       {std::string("checkout-service"), Str(product, "/id")}) {
    Response got = admin_.Get(Path(ref));
    EXPECT_EQ(got.status, 200) << ref;
    EXPECT_EQ(got.json(), product) << ref;
  }
  json::array list = Items(admin_.Get(kProducts).json(), "/products");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], product);
}

TEST_F(ProductsTest, DerivedSlugCollisionGetsASuffix) {
  CreateProduct(admin_, "default", "First", "checkout");
  json::value second = CreateProduct(admin_, "default", "Checkout");
  EXPECT_EQ(Str(second, "/slug"), "checkout-2");
  CreateProduct(admin_, "default", "Third", "api");
  CreateProduct(admin_, "default", "Fourth", "api-2");
  EXPECT_EQ(Str(CreateProduct(admin_, "default", "API"), "/slug"), "api-3");
}

TEST_F(ProductsTest, ExplicitTakenSlugIsAConflict) {
  CreateProduct(admin_, "default", "Web", "web");
  EXPECT_TRUE(IsError(
      admin_.Post(kProducts, json::object{{"name", "Other"}, {"slug", "web"}}),
      409, "conflict"));
  EXPECT_EQ(Count(), 1u);
  EXPECT_EQ(Str(admin_.Get(Path("web")).json(), "/name"), "Web");
}

TEST_F(ProductsTest, InvalidInputNamesTheField) {
  struct Case {
    json::object body;
    std::string code, field;
  };
  std::vector<Case> cases = {
      {{}, "missing_field", "name"},
      {{{"name", ""}}, "invalid_field", "name"},
      {{{"name", std::string(101, 'x')}}, "invalid_field", "name"},
      {{{"name", 42}}, "invalid_field", "name"},
      {{{"name", "Ok"}, {"slug", "Not A Slug"}}, "invalid_field", "slug"},
      {{{"name", "Ok"}, {"slug", "-x"}}, "invalid_field", "slug"},
      {{{"name", "Ok"}, {"slug", 7}}, "invalid_field", "slug"},
      {{{"name", "Ok"}, {"colour", "red"}}, "unknown_field", "colour"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsError(admin_.Post(kProducts, c.body), 422, c.code, c.field))
        << json::serialize(c.body);
  }
  EXPECT_EQ(Count(), 0u);
}

TEST_F(ProductsTest, PatchChangesOnlyWhatIsGiven) {
  json::value created = CreateProduct(admin_, "default", "Shop");
  Response renamed =
      admin_.Patch(Path("shop"), json::object{{"name", "Store"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Str(renamed.json(), "/name"), "Store");
  EXPECT_EQ(Str(renamed.json(), "/slug"), "shop");
  EXPECT_EQ(Str(renamed.json(), "/id"), Str(created, "/id"));
  EXPECT_EQ(Str(renamed.json(), "/created_at"), Str(created, "/created_at"));
  EXPECT_GE(Str(renamed.json(), "/updated_at"), Str(created, "/updated_at"));

  Response reslugged =
      admin_.Patch(Path(Str(created, "/id")), json::object{{"slug", "store"}});
  ASSERT_EQ(reslugged.status, 200) << reslugged.body;
  EXPECT_EQ(Str(reslugged.json(), "/slug"), "store");
  EXPECT_TRUE(IsError(admin_.Get(Path("shop")), 404, "not_found"));
  EXPECT_EQ(Str(admin_.Get(Path("store")).json(), "/name"), "Store");
}

TEST_F(ProductsTest, InvalidPatchChangesNothing) {
  CreateProduct(admin_, "default", "Shop");
  CreateProduct(admin_, "default", "Other");
  EXPECT_TRUE(
      IsError(admin_.Patch(Path("shop"), json::object{{"slug", "other"}}), 409,
              "conflict"));
  EXPECT_TRUE(IsError(admin_.Patch(Path("shop"), json::object{{"name", ""}}),
                      422, "invalid_field", "name"));
  EXPECT_TRUE(IsError(admin_.Patch(Path("shop"), json::object{{"name", "New"},
                                                              {"slug", "BAD"}}),
                      422, "invalid_field", "slug"));
  EXPECT_TRUE(IsError(admin_.Patch(Path("shop"), json::object{{"id", "prd_x"}}),
                      422, "unknown_field", "id"));
  EXPECT_TRUE(IsError(admin_.Patch(Path("nope"), json::object{{"name", "X"}}),
                      404, "not_found"));
  Response shop = admin_.Get(Path("shop"));
  EXPECT_EQ(Str(shop.json(), "/name"), "Shop");
  EXPECT_EQ(Str(shop.json(), "/slug"), "shop");
}

TEST_F(ProductsTest, DeleteIsRefusedWhileApplicationsRemain) {
  CreateProduct(admin_, "default", "Shop");
  json::value app = CreateApp(admin_, "default", "shop", "Checkout");

  EXPECT_TRUE(IsError(admin_.Delete(Path("shop")), 409, "conflict"));
  EXPECT_EQ(admin_.Get(Path("shop")).status, 200);

  EXPECT_EQ(
      admin_.Delete("/api/v1/orgs/default/applications/" + Str(app, "/id"))
          .status,
      204);
  EXPECT_EQ(admin_.Delete(Path("shop")).status, 204);
  EXPECT_TRUE(IsError(admin_.Get(Path("shop")), 404, "not_found"));
  EXPECT_TRUE(IsError(admin_.Delete(Path("shop")), 404, "not_found"));
  EXPECT_EQ(Count(), 0u);
}

}  // namespace
}  // namespace hookwarden::testing
