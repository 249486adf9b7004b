// The configuration lists page through `limit` and `cursor` like the event
// lists: products, applications (org-wide and per product), credentials,
// secrets, channels, members, invitations (sent and received), API keys,
// organizations and the audit log. Each walk with a small limit shows every
// row once, in the list's order, even while rows are added; a cursor of
// another organization or user, a garbage cursor and a bad limit are 400s
// naming the parameter; the CLI's lists and export still show every row. On
// SQLite and on PostgreSQL (HOOKWARDEN_TEST_POSTGRES_URL, see
// scripts/test-postgres.sh).
#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "harness.h"
#include "storage/postgres/scratch_database.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

std::string Join(const std::string& path, std::string_view query) {
  return path + (path.find('?') == std::string::npos ? "?" : "&") +
         std::string(query);
}

// One list endpoint: where it is, the field of its items, and the JSON
// pointers of an item's id and (when the list is ordered by it) sort key.
struct ListCase {
  std::string path;
  std::string field;
  std::string id = "/id";
  std::string key;  // "" when ordered by creation.
};

struct Page {
  std::vector<std::string> ids;
  json::value next;
  int64_t total = -1;
};

class WholeListsTest : public ServerTest,
                       public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      database_ = std::make_unique<ScratchDatabase>();
      ASSERT_FALSE(database_->url().empty()) << database_->error();
    }
    ServerTest::SetUp();
  }
  std::vector<std::string> ServerArgs() const override {
    std::vector<std::string> args = {"--allow-private-targets"};
    if (database_) {
      args.push_back("--database");
      args.push_back(database_->url());
    }
    return args;
  }

  // One page of `list` as `as`; fails the test unless 200.
  Page Read(HttpClient& as, const ListCase& list, std::string_view query) {
    Response r = as.Get(Join(list.path, query));
    EXPECT_EQ(r.status, 200) << list.path << "?" << query << ": " << r.body;
    Page page;
    if (r.status != 200) return page;
    json::value doc = r.json();
    for (const json::value& item : Items(doc, "/" + list.field)) {
      json::value id = At(item, list.id);
      page.ids.push_back(id.is_string() ? std::string(id.as_string())
                                        : json::serialize(id));
    }
    page.next = At(doc, "/next_cursor");
    json::value total = At(doc, "/total");
    if (!total.is_null()) page.total = total.to_number<int64_t>();
    return page;
  }

  // Checks `list` as `as` holds `count` rows, ordered by its key (then id),
  // and that a walk `limit` at a time shows each once in that order. Returns
  // the first page's cursor.
  std::string WalkWhole(HttpClient& as, const ListCase& list, size_t count,
                        int limit) {
    Response whole = as.Get(Join(list.path, "limit=500"));
    EXPECT_EQ(whole.status, 200) << whole.body;
    Page all = Read(as, list, "limit=500");
    EXPECT_EQ(all.ids.size(), count) << list.path << ": " << whole.body;
    EXPECT_TRUE(all.next.is_null()) << list.path;
    if (!list.key.empty()) {
      std::vector<std::pair<std::string, std::string>> keys;
      for (const json::value& item : Items(whole.json(), "/" + list.field)) {
        keys.emplace_back(Str(item, list.key), Str(item, list.id));
      }
      EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()))
          << list.path << " is ordered by " << list.key << ": " << whole.body;
    }
    std::vector<std::string> walked;
    std::string first_cursor;
    std::string query = "limit=" + std::to_string(limit);
    size_t pages = 0;
    for (; pages < 100; ++pages) {
      Page page = Read(as, list, query);
      EXPECT_LE(page.ids.size(), static_cast<size_t>(limit));
      walked.insert(walked.end(), page.ids.begin(), page.ids.end());
      if (page.next.is_null()) break;
      std::string cursor(page.next.as_string());
      if (first_cursor.empty()) first_cursor = cursor;
      query = "limit=" + std::to_string(limit) + "&cursor=" + cursor;
    }
    EXPECT_EQ(walked, all.ids) << list.path << ": each row once, in order";
    EXPECT_EQ(pages + 1, (count + limit - 1) / limit) << list.path;
    EXPECT_FALSE(first_cursor.empty()) << list.path << " fits one page";
    return first_cursor;
  }

  // Garbage cursors and bad limits are 400s naming the parameter; so is
  // `foreign`, a cursor of the same list elsewhere.
  void RefusesBadPages(HttpClient& as, const ListCase& list,
                       const std::string& foreign) {
    for (auto [query, field] : std::vector<std::pair<std::string, std::string>>{
             {"cursor=zz", "cursor"},
             {"cursor=" + std::string(64, 'a'), "cursor"},
             {"cursor=" + foreign, "cursor"},
             {"limit=0", "limit"},
             {"limit=501", "limit"},
             {"limit=x", "limit"}}) {
      Response r = as.Get(Join(list.path, query));
      EXPECT_TRUE(IsError(r, 400, "bad_request", field))
          << list.path << "?" << query << ": " << r.body;
    }
  }

  // Walks `mine` and checks its cursor is refused by `other`, the same list
  // of another organization (and the other way round).
  void WalkAndRefuseForeign(const ListCase& mine, const ListCase& other,
                            size_t count, int limit) {
    SCOPED_TRACE(mine.path);
    std::string cursor = WalkWhole(admin_, mine, count, limit);
    RefusesBadPages(admin_, other, cursor);
    Page others = Read(admin_, other, "limit=1");
    if (others.next.is_string()) {
      RefusesBadPages(admin_, mine, std::string(others.next.as_string()));
    }
  }

  std::unique_ptr<ScratchDatabase> database_;
};

std::string Nth(std::string_view stem, int i) {
  // Names that sort out of creation order: 6, 5, ..., 0 would be easy.
  return std::string(stem) + "-" + std::to_string((i * 5) % 7);
}

TEST_P(WholeListsTest, EveryOrganizationListPagesByCursor) {
  const std::string org = "/api/v1/orgs/default";
  const std::string other_org = "/api/v1/orgs/other";
  ASSERT_TRUE(CreateOrg(admin_, "other", "Other").is_object());
  for (const char* o : {"default", "other"}) {
    std::string base = "/api/v1/orgs/" + std::string(o);
    for (int i = 0; i < 7; ++i) {
      ASSERT_TRUE(
          CreateProduct(admin_, o, Nth("Shop", i), "shop-" + std::to_string(i))
              .is_object());
      ASSERT_TRUE(
          CreateApp(admin_, o, i % 2 ? "shop-1" : "shop-0", Nth("App", i))
              .is_object());
      json::object token{{"type", "hits_failure"}, {"name", Nth("Cred", i)}};
      ASSERT_EQ(admin_.Post(base + "/integration-tokens", token).status, 201);
      json::object secret{{"name", "SECRET_" + std::to_string((i * 5) % 7)},
                          {"value", "v-" + std::to_string(i)}};
      ASSERT_EQ(admin_.Post(base + "/secrets", secret).status, 201);
      json::object channel{{"name", Nth("Pager", i)},
                           {"url", "http://127.0.0.1:9/hook"},
                           {"events", json::array{"incident.opened"}}};
      Response made = admin_.Post(base + "/channels", channel);
      ASSERT_EQ(made.status, 201) << made.body;
      json::object invite{{"username", Nth("guest", i) + o},
                          {"role", "member"}};
      ASSERT_EQ(admin_.Post(base + "/invitations", invite).status, 201);
    }
  }
  for (int i = 0; i < 4; ++i) {
    AddMember(admin_, "default", Nth("user", i), "member", "Pa55word-user-x");
  }
  AddMember(admin_, "other", "visitor", "member", "Pa55word-user-x");

  auto both = [&](std::string suffix, std::string field, std::string id,
                  std::string key) {
    return std::pair<ListCase, ListCase>{{org + suffix, field, id, key},
                                         {other_org + suffix, field, id, key}};
  };
  struct Walk {
    std::pair<ListCase, ListCase> lists;
    size_t count;
    int limit;
  };
  for (const Walk& walk : std::vector<Walk>{
           {both("/products", "products", "/id", "/name"), 7, 3},
           {both("/applications", "applications", "/id", "/name"), 7, 2},
           {both("/integration-tokens", "integration_tokens", "/id", "/name"),
            7, 3},
           {both("/secrets", "secrets", "/name", "/name"), 7, 4},
           {both("/channels", "channels", "/id", "/name"), 7, 3},
           {both("/members", "members", "/user_id", "/username"), 5, 2},
           {both("/invitations", "invitations", "/id", ""), 7, 3}}) {
    WalkAndRefuseForeign(walk.lists.first, walk.lists.second, walk.count,
                         walk.limit);
  }

  // Per product: a cursor of the org-wide list is not one of a product's.
  ListCase shop0{org + "/applications?product=shop-0", "applications", "/id",
                 "/name"};
  ListCase shop1{org + "/applications?product=shop-1", "applications", "/id",
                 "/name"};
  std::string cursor = WalkWhole(admin_, shop0, 4, 3);
  RefusesBadPages(admin_, shop1, cursor);
  std::string org_wide = WalkWhole(
      admin_, {org + "/applications", "applications", "/id", "/name"}, 7, 3);
  RefusesBadPages(admin_, shop0, org_wide);
}

TEST_P(WholeListsTest, RowsAddedWhilePagingAreNeitherSkippedNorRepeated) {
  const std::string products = "/api/v1/orgs/default/products";
  for (std::string_view name : {"b", "d", "f", "h"}) {
    ASSERT_TRUE(CreateProduct(admin_, "default", name).is_object());
  }
  ListCase list{products, "products", "/name", "/name"};
  Page first = Read(admin_, list, "limit=2");
  ASSERT_EQ(first.ids, (std::vector<std::string>{"b", "d"}));
  EXPECT_EQ(first.total, 4);
  ASSERT_TRUE(first.next.is_string());
  // A row added before the cursor is not shown (the reader is past it), one
  // added after it is, and a row already shown and then deleted moves
  // nothing.
  ASSERT_TRUE(CreateProduct(admin_, "default", "a").is_object());
  ASSERT_TRUE(CreateProduct(admin_, "default", "e").is_object());
  ASSERT_EQ(admin_.Delete(products + "/b").status, 204);
  std::string next(first.next.as_string());
  Page second = Read(admin_, list, "limit=2&cursor=" + next);
  EXPECT_EQ(second.ids, (std::vector<std::string>{"e", "f"}));
  EXPECT_EQ(second.total, 5);
  ASSERT_TRUE(second.next.is_string());
  Page last = Read(admin_, list,
                   "limit=2&cursor=" + std::string(second.next.as_string()));
  EXPECT_EQ(last.ids, (std::vector<std::string>{"h"}));
  EXPECT_TRUE(last.next.is_null());
}

TEST_P(WholeListsTest, EveryUserListPagesByCursor) {
  for (int i = 0; i < 5; ++i) {
    ApiKey(admin_, Nth("key", i));
    ASSERT_TRUE(
        CreateOrg(admin_, "org-" + std::to_string((i * 3) % 5)).is_object());
  }
  AddMember(admin_, "default", "bob", "member", "Pa55word-bob-x");
  HttpClient bob = Login("bob", "Pa55word-bob-x");
  for (int i = 0; i < 5; ++i) {
    json::object invite{{"username", "bob"}, {"role", "member"}};
    std::string path = "/api/v1/orgs/org-" + std::to_string(i) + "/invitations";
    ASSERT_EQ(admin_.Post(path, invite).status, 201);
  }
  ApiKey(bob, "bob-1");
  ApiKey(bob, "bob-2");

  ListCase keys{"/api/v1/api-keys", "api_keys", "/id", ""};
  ListCase orgs{"/api/v1/orgs", "organizations", "/id", "/slug"};
  ListCase received{"/api/v1/invitations", "invitations", "/id", ""};
  // The admin's keys: 5 and the fixture's none; their organizations: 6.
  std::string key_cursor = WalkWhole(admin_, keys, 5, 2);
  std::string org_cursor = WalkWhole(admin_, orgs, 6, 4);
  WalkWhole(bob, received, 5, 2);
  // Another user's cursor of the same list is refused.
  RefusesBadPages(bob, keys, key_cursor);
  Response bob_orgs = bob.Get("/api/v1/orgs?limit=1&cursor=" + org_cursor);
  EXPECT_TRUE(IsError(bob_orgs, 400, "bad_request", "cursor")) << bob_orgs.body;
  Page bobs = Read(bob, keys, "limit=1");
  ASSERT_TRUE(bobs.next.is_string());
  RefusesBadPages(admin_, keys, std::string(bobs.next.as_string()));
}

TEST_P(WholeListsTest, AuditLogPagesByCursorAndStillByBefore) {
  for (int i = 0; i < 9; ++i) {
    ASSERT_TRUE(
        CreateProduct(admin_, "default", "p" + std::to_string(i)).is_object());
  }
  ASSERT_TRUE(CreateOrg(admin_, "other").is_object());
  ASSERT_TRUE(CreateProduct(admin_, "other", "x").is_object());
  ASSERT_TRUE(CreateProduct(admin_, "other", "y").is_object());
  ListCase log{"/api/v1/orgs/default/audit-log", "entries", "/id", ""};
  ListCase other{"/api/v1/orgs/other/audit-log", "entries", "/id", ""};
  Page all = Read(admin_, log, "limit=500");
  ASSERT_GE(all.ids.size(), 9u);
  std::string cursor = WalkWhole(admin_, log, all.ids.size(), 4);
  RefusesBadPages(admin_, other, cursor);

  // `before` (an entry id) still works, and answers next_before too.
  Response by_before = admin_.Get(log.path + "?limit=4");
  ASSERT_EQ(by_before.status, 200);
  json::value next_before = At(by_before.json(), "/next_before");
  ASSERT_TRUE(next_before.is_number()) << by_before.body;
  Page older =
      Read(admin_, log, "limit=4&before=" + json::serialize(next_before));
  EXPECT_EQ(older.ids,
            std::vector<std::string>(all.ids.begin() + 4, all.ids.begin() + 8));
  Response both = admin_.Get(log.path + "?before=5&cursor=" + cursor);
  EXPECT_TRUE(IsError(both, 400, "bad_request", "cursor")) << both.body;
}

TEST_P(WholeListsTest, TheCliListsShowEveryRowPastOnePage) {
  // More rows than the client's page (100), so it follows next_cursor.
  for (int i = 0; i < 105; ++i) {
    json::object secret{{"name", "S_" + std::to_string(1000 + i)},
                        {"value", "v"}};
    ASSERT_EQ(admin_.Post("/api/v1/orgs/default/secrets", secret).status, 201);
  }
  for (int i = 0; i < 3; ++i) {
    json::object token{{"type", "hits_failure"}, {"name", Nth("Cred", i)}};
    ASSERT_EQ(
        admin_.Post("/api/v1/orgs/default/integration-tokens", token).status,
        201);
  }
  Pairs env = {
      {"HOOKWARDEN_URL", "http://127.0.0.1:" + std::to_string(server_.port())},
      {"HOOKWARDEN_API_KEY", ApiKey(admin_, "cli")},
      {"HOOKWARDEN_ORG", "default"}};
  CliResult list = RunCli({"secrets", "list"}, env);
  ASSERT_EQ(list.exit_code, 0) << list.output;
  for (int i = 0; i < 105; ++i) {
    EXPECT_NE(list.output.find("S_" + std::to_string(1000 + i)),
              std::string::npos)
        << i;
  }
  CliResult as_json = RunCli({"secrets", "list", "--json"}, env);
  ASSERT_EQ(as_json.exit_code, 0) << as_json.output;
  json::value doc = json::parse(as_json.output);
  EXPECT_EQ(Items(doc, "/secrets").size(), 105u);
  EXPECT_TRUE(At(doc, "/next_cursor").is_null());

  // The export reads every page too: all 105 secrets' names are in it.
  const std::string file = server_.data_dir() + "/../export.json";
  CliResult exported =
      RunCli({"export", "--org", "default", "--output", file}, env);
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  json::value configuration = json::parse(text.str());
  EXPECT_EQ(Items(configuration, "/secrets").size(), 105u) << text.str();

  CliResult tokens = RunCli({"tokens", "list"}, env);
  ASSERT_EQ(tokens.exit_code, 0) << tokens.output;
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(tokens.output.find(Nth("Cred", i)), std::string::npos)
        << tokens.output;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, WholeListsTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param) {
                           return param.param ? "PostgreSQL" : "SQLite";
                         });

}  // namespace
}  // namespace hookwarden::testing
