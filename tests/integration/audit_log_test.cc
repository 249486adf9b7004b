// The audit log: one entry per change, newest first, paginated.
#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kLog = "/api/v1/orgs/acme/audit-log";

class AuditLogTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    org_ = CreateOrg(admin_, "acme", "Acme");
    admin_id_ = Str(admin_.Get("/api/v1/me").json(), "/user/id");
  }
  json::array Entries(std::string_view query = "") {
    Response r = admin_.Get(std::string(kLog) + std::string(query));
    EXPECT_EQ(r.status, 200) << r.body;
    return Items(r.json(), "/entries");
  }
  static std::vector<std::string> Actions(const json::array& entries) {
    std::vector<std::string> out;
    for (const json::value& e : entries) out.push_back(Str(e, "/action"));
    return out;
  }

  json::value org_;
  std::string admin_id_;
};

TEST_F(AuditLogTest, EveryChangeIsRecordedNewestFirst) {
  json::value product = CreateProduct(admin_, "acme", "Shop");
  admin_.Patch("/api/v1/orgs/acme/products/shop",
               json::object{{"name", "Store"}});
  json::value app = CreateApp(admin_, "acme", "shop", "Checkout");
  admin_.Patch("/api/v1/orgs/acme/applications/checkout",
               json::object{{"severity", "sev2"}});
  admin_.Delete("/api/v1/orgs/acme/applications/checkout");
  admin_.Delete("/api/v1/orgs/acme/products/shop");
  json::value bob =
      AddMember(admin_, "acme", "bob", "member", "Bob-pa55word-long");
  admin_.Patch("/api/v1/orgs/acme/members/bob",
               json::object{{"role", "admin"}});
  admin_.Delete("/api/v1/orgs/acme/members/bob");

  json::array entries = Entries();
  std::vector<std::string> expected = {
      "member.removed",      "member.updated",      "invitation.accepted",
      "invitation.created",  "product.deleted",     "application.deleted",
      "application.updated", "application.created", "product.updated",
      "product.created"};
  std::vector<std::string> actions = Actions(entries);
  ASSERT_GE(actions.size(), expected.size() + 1) << json::serialize(entries);
  EXPECT_EQ(std::vector<std::string>(actions.begin(),
                                     actions.begin() + expected.size()),
            expected);
  json::value created = FindBy(entries, "action", "organization.created");
  EXPECT_EQ(Str(created, "/target_id"), Str(org_, "/id"))
      << json::serialize(entries);

  for (const json::value& e : entries) {
    EXPECT_FALSE(At(e, "/id").is_null()) << e;
    EXPECT_TRUE(IsTimestamp(Str(e, "/at"))) << e;
    // Bob accepted his invitation himself.
    bool by_bob = Str(e, "/action") == "invitation.accepted";
    EXPECT_EQ(Str(e, "/actor/username"), by_bob ? "bob" : "admin") << e;
    if (by_bob) {
      EXPECT_EQ(Str(e, "/actor/user_id"), Str(bob, "/user_id")) << e;
      EXPECT_EQ(Str(e, "/target_id"), Str(bob, "/user_id")) << e;
      continue;
    }
    EXPECT_EQ(Str(e, "/actor/user_id"), admin_id_) << e;
    EXPECT_NE(Str(e, "/address").find("127.0.0.1"), std::string::npos) << e;
    EXPECT_TRUE(e.as_object().contains("details")) << e;
    EXPECT_FALSE(Str(e, "/target_type").empty()) << e;
  }
  for (size_t i = 1; i < entries.size(); ++i)
    EXPECT_GE(Str(entries[i - 1], "/at"), Str(entries[i], "/at"));

  json::value product_created = entries[expected.size() - 1];
  EXPECT_EQ(Str(product_created, "/target_id"), Str(product, "/id"));
  EXPECT_EQ(Str(product_created, "/target_name"), "Shop");
  EXPECT_EQ(Str(entries[7], "/target_id"), Str(app, "/id"));
  EXPECT_EQ(Str(entries[7], "/target_name"), "Checkout");
  EXPECT_EQ(Str(entries[0], "/target_id"), Str(bob, "/user_id"));
  EXPECT_EQ(Str(entries[0], "/target_name"), "bob");
}

TEST_F(AuditLogTest, FailedRequestsAndReadsAddNothing) {
  CreateProduct(admin_, "acme", "Shop");
  size_t before = Entries().size();
  admin_.Post("/api/v1/orgs/acme/products",
              json::object{{"name", "Dup"}, {"slug", "shop"}});
  admin_.Post("/api/v1/orgs/acme/products", json::object{{"name", ""}});
  admin_.Get("/api/v1/orgs/acme/products/shop");
  admin_.Delete("/api/v1/orgs/acme/members/admin");
  EXPECT_EQ(Entries().size(), before);
}

TEST_F(AuditLogTest, PagesWithLimitAndBefore) {
  for (int i = 0; i < 6; ++i)
    CreateProduct(admin_, "acme", "Product " + std::to_string(i));
  json::array all = Entries();
  ASSERT_GE(all.size(), 7u);  // organization.created and six products

  json::array paged;
  std::string query = "?limit=2";
  for (int pages = 0; pages < 10; ++pages) {
    Response r = admin_.Get(std::string(kLog) + query);
    ASSERT_EQ(r.status, 200) << r.body;
    json::array page = Items(r.json(), "/entries");
    EXPECT_LE(page.size(), 2u);
    paged.insert(paged.end(), page.begin(), page.end());
    json::value next = At(r.json(), "/next_before");
    if (next.is_null()) break;
    query =
        "?limit=2&before=" + (next.is_string() ? std::string(next.get_string())
                                               : json::serialize(next));
  }
  EXPECT_EQ(paged, all);

  Response first = admin_.Get(std::string(kLog) + "?limit=500");
  EXPECT_TRUE(At(first.json(), "/next_before").is_null()) << first.body;
  EXPECT_TRUE(first.json().as_object().contains("next_before")) << first.body;
}

TEST_F(AuditLogTest, MalformedPagingIsABadRequest) {
  for (const char* query :
       {"?limit=0", "?limit=501", "?limit=abc", "?limit=-1", "?limit=2.5"}) {
    EXPECT_TRUE(
        IsError(admin_.Get(std::string(kLog) + query), 400, "bad_request"))
        << query;
  }
}

TEST_F(AuditLogTest, MembersReadItAndTheirChangesNameThem) {
  AddMember(admin_, "acme", "bob", "admin", "Bob-pa55word-long");
  AddMember(admin_, "acme", "carol", "member", "Carol-pa55word-long");
  HttpClient bob = Login("bob", "Bob-pa55word-long");
  CreateProduct(bob, "acme", "Bobs Product");

  HttpClient carol = Login("carol", "Carol-pa55word-long");
  Response r = carol.Get(std::string(kLog));
  ASSERT_EQ(r.status, 200) << r.body;
  json::value newest = At(r.json(), "/entries/0");
  EXPECT_EQ(Str(newest, "/action"), "product.created");
  EXPECT_EQ(Str(newest, "/actor/username"), "bob");
  EXPECT_EQ(Str(newest, "/target_name"), "Bobs Product");
}

TEST_F(AuditLogTest, EachOrganizationSeesOnlyItsOwnEntries) {
  CreateProduct(admin_, "default", "Elsewhere");
  for (const json::value& e : Entries())
    EXPECT_NE(Str(e, "/target_name"), "Elsewhere") << e;
}

}  // namespace
}  // namespace hookwarden::testing
