// Applications: defaults, rules validation, slugs, filtering, update, delete.
#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kApps = "/api/v1/orgs/default/applications";

class ApplicationsTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    shop_ = CreateProduct(admin_, "default", "Shop");
  }
  std::string Path(std::string_view ref) {
    return std::string(kApps) + "/" + std::string(ref);
  }
  json::array List(std::string_view query = "") {
    Response r = admin_.Get(std::string(kApps) + std::string(query));
    EXPECT_EQ(r.status, 200) << r.body;
    return Items(r.json(), "/applications");
  }

  json::value shop_;
};

TEST_F(ApplicationsTest, CreateFillsInTheDefaults) {
  Response r = admin_.Post(
      kApps, json::object{{"product", "shop"}, {"name", "Payments API"}});
  ASSERT_EQ(r.status, 201) << r.body;
  json::value app = r.json();
  EXPECT_EQ(Str(app, "/id").rfind("app_", 0), 0u) << r.body;
  EXPECT_EQ(Str(app, "/product_id"), Str(shop_, "/id"));
  EXPECT_EQ(Str(app, "/product"), "shop");
  EXPECT_EQ(Str(app, "/name"), "Payments API");
  EXPECT_EQ(Str(app, "/slug"), "payments-api");
  EXPECT_EQ(At(app, "/failures_to_open"), json::value(1));
  EXPECT_EQ(At(app, "/hits_to_close"), json::value(1));
  EXPECT_EQ(Str(app, "/severity"), "not_classified");
  EXPECT_EQ(At(app, "/no_data_timeout_seconds"), json::value(0));
  EXPECT_TRUE(IsTimestamp(Str(app, "/created_at"))) << r.body;
  EXPECT_TRUE(IsTimestamp(Str(app, "/updated_at"))) << r.body;

  for (const std::string& ref :
       {std::string("payments-api"), Str(app, "/id")}) {
    Response got = admin_.Get(Path(ref));
    EXPECT_EQ(got.status, 200) << ref;
    EXPECT_EQ(got.json(), app) << ref;
  }
  json::array list = List();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], app);
}

TEST_F(ApplicationsTest, CreateTakesEveryRuleAndTheProductById) {
  json::value app = CreateApp(admin_, "default", Str(shop_, "/id"), "Worker",
                              {{"slug", "worker-1"},
                               {"failures_to_open", 3},
                               {"hits_to_close", 1000},
                               {"severity", "sev2"},
                               {"no_data_timeout_seconds", 604800}});
  EXPECT_EQ(Str(app, "/product"), "shop");
  EXPECT_EQ(Str(app, "/slug"), "worker-1");
  EXPECT_EQ(At(app, "/failures_to_open"), json::value(3));
  EXPECT_EQ(At(app, "/hits_to_close"), json::value(1000));
  EXPECT_EQ(Str(app, "/severity"), "sev2");
  EXPECT_EQ(At(app, "/no_data_timeout_seconds"), json::value(604800));
  for (const char* severity : {"sev1", "sev3", "sev4", "sev5"}) {
    EXPECT_EQ(Str(CreateApp(admin_, "default", "shop", severity,
                            {{"severity", severity}}),
                  "/severity"),
              severity);
  }
}

TEST_F(ApplicationsTest, InvalidValuesNameTheFieldAndCreateNothing) {
  struct Case {
    json::object extra;
    std::string code, field;
  };
  std::vector<Case> cases = {
      {{{"failures_to_open", 0}}, "invalid_field", "failures_to_open"},
      {{{"failures_to_open", 1001}}, "invalid_field", "failures_to_open"},
      {{{"failures_to_open", "3"}}, "invalid_field", "failures_to_open"},
      {{{"failures_to_open", 1.5}}, "invalid_field", "failures_to_open"},
      {{{"hits_to_close", 0}}, "invalid_field", "hits_to_close"},
      {{{"hits_to_close", -1}}, "invalid_field", "hits_to_close"},
      {{{"hits_to_close", true}}, "invalid_field", "hits_to_close"},
      {{{"severity", "sev9"}}, "invalid_field", "severity"},
      {{{"severity", "sev0"}}, "invalid_field", "severity"},
      {{{"severity", 1}}, "invalid_field", "severity"},
      {{{"no_data_timeout_seconds", -1}},
       "invalid_field",
       "no_data_timeout_seconds"},
      {{{"no_data_timeout_seconds", 604801}},
       "invalid_field",
       "no_data_timeout_seconds"},
      {{{"name", ""}}, "invalid_field", "name"},
      {{{"name", std::string(101, 'n')}}, "invalid_field", "name"},
      {{{"slug", "Has Spaces"}}, "invalid_field", "slug"},
      {{{"notes", "x"}}, "unknown_field", "notes"},
  };
  for (Case& c : cases) {
    json::object body{{"product", "shop"}, {"name", "App"}};
    for (const auto& [key, value] : c.extra) body[key] = value;
    EXPECT_TRUE(IsError(admin_.Post(kApps, body), 422, c.code, c.field))
        << json::serialize(body);
  }
  EXPECT_TRUE(IsError(admin_.Post(kApps, json::object{{"name", "App"}}), 422,
                      "missing_field", "product"));
  EXPECT_TRUE(IsError(admin_.Post(kApps, json::object{{"product", "shop"}}),
                      422, "missing_field", "name"));
  Response unknown_product = admin_.Post(
      kApps, json::object{{"product", "no-such-product"}, {"name", "App"}});
  EXPECT_TRUE(IsError(unknown_product, 422, "invalid_field", "product") ||
              IsError(unknown_product, 404, "not_found"))
      << unknown_product.body;
  EXPECT_TRUE(List().empty());
}

TEST_F(ApplicationsTest, SlugsAreUniqueInTheOrganization) {
  CreateProduct(admin_, "default", "Other");
  CreateApp(admin_, "default", "shop", "First", {{"slug", "api"}});
  EXPECT_TRUE(IsError(admin_.Post(kApps, json::object{{"product", "other"},
                                                      {"name", "Second"},
                                                      {"slug", "api"}}),
                      409, "conflict"));
  EXPECT_EQ(Str(CreateApp(admin_, "default", "other", "API"), "/slug"),
            "api-2");
  EXPECT_EQ(Str(CreateApp(admin_, "default", "shop", "Api"), "/slug"), "api-3");
  EXPECT_EQ(List().size(), 3u);
}

TEST_F(ApplicationsTest, ListFiltersByProduct) {
  json::value other = CreateProduct(admin_, "default", "Other");
  CreateApp(admin_, "default", "shop", "Shop One");
  CreateApp(admin_, "default", "shop", "Shop Two");
  CreateApp(admin_, "default", "other", "Other One");

  EXPECT_EQ(List().size(), 3u);
  for (const std::string& ref : {std::string("shop"), Str(shop_, "/id")}) {
    json::array apps = List("?product=" + ref);
    ASSERT_EQ(apps.size(), 2u) << ref;
    for (const json::value& app : apps) EXPECT_EQ(Str(app, "/product"), "shop");
  }
  json::array others = List("?product=" + Str(other, "/id"));
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(Str(others[0], "/name"), "Other One");
}

TEST_F(ApplicationsTest, PatchChangesOnlyWhatIsGiven) {
  json::value app = CreateApp(admin_, "default", "shop", "Checkout");
  CreateProduct(admin_, "default", "Other");
  Response r =
      admin_.Patch(Path("checkout"), json::object{{"severity", "sev1"},
                                                  {"failures_to_open", 5},
                                                  {"product", "other"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json::value patched = r.json();
  EXPECT_EQ(Str(patched, "/severity"), "sev1");
  EXPECT_EQ(At(patched, "/failures_to_open"), json::value(5));
  EXPECT_EQ(Str(patched, "/product"), "other");
  EXPECT_EQ(At(patched, "/hits_to_close"), json::value(1));
  EXPECT_EQ(Str(patched, "/name"), "Checkout");
  EXPECT_EQ(Str(patched, "/slug"), "checkout");
  EXPECT_EQ(Str(patched, "/created_at"), Str(app, "/created_at"));
  EXPECT_GE(Str(patched, "/updated_at"), Str(app, "/updated_at"));
  EXPECT_EQ(admin_.Get(Path(Str(app, "/id"))).json(), patched);

  EXPECT_TRUE(IsError(
      admin_.Patch(Path("checkout"),
                   json::object{{"hits_to_close", 0}, {"severity", "sev3"}}),
      422, "invalid_field", "hits_to_close"));
  EXPECT_TRUE(
      IsError(admin_.Patch(Path("checkout"),
                           json::object{{"no_data_timeout_seconds", "60"}}),
              422, "invalid_field", "no_data_timeout_seconds"));
  EXPECT_EQ(admin_.Get(Path("checkout")).json(), patched);
}

TEST_F(ApplicationsTest, DeleteRemovesIt) {
  json::value app = CreateApp(admin_, "default", "shop", "Checkout");
  CreateApp(admin_, "default", "shop", "Keeper");
  EXPECT_EQ(admin_.Delete(Path(Str(app, "/id"))).status, 204);
  EXPECT_TRUE(IsError(admin_.Get(Path("checkout")), 404, "not_found"));
  EXPECT_TRUE(IsError(admin_.Delete(Path("checkout")), 404, "not_found"));
  json::array list = List();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(Str(list[0], "/name"), "Keeper");
  // The slug is free again.
  EXPECT_EQ(Str(CreateApp(admin_, "default", "shop", "Checkout"), "/slug"),
            "checkout");
}

}  // namespace
}  // namespace hookwarden::testing
