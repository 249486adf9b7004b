// End-to-end tests of the organization's figures (GET .../metrics) over
// several applications: each application's row holds exactly the figures of
// its own endpoint, the products and the total add them up over every
// application, and the applications come a page at a time (?limit=,
// ?cursor=, next_cursor) with the products and the total on every page.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

// The figures of an answer (an application's, a row, a product, the total).
constexpr const char* kFigureKeys[] = {
    "hits",         "failures",     "availability",   "maintenance_seconds",
    "outages",      "mttr_seconds", "mtta_seconds",   "downtime_seconds",
    "mtbf_seconds", "latency_ms",   "uptime_percent", "deploys",
    "runs"};

// The trace, in the default organization, from H0, a whole UTC hour three
// hours back, t(m) = H0 + m minutes; every incident resolved, so that no
// figure depends on when it is read:
//   checkout (shop): hits at t(1), t(2) (latency 10, 30 ms); deploy D1 at
//     t(5); failure t(10) opens, hit t(40) resolves; deploy D2 at t(50)
//   payments (billing): failure t(20) opens, hit t(50) resolves; hit t(130)
//   ledger (billing): hits t(30), t(31); failure t(95) opens, hit t(125)
//     resolves
//   alpha (ops): hit t(3)
//   zeta (ops): failure a minute ago opens, hit 20 s later resolves
//   a maintenance window of product ops over the last 50 s, ended now.
class OrgPagesTest : public IncidentTest {
 protected:
  void SetUp() override {
    IncidentTest::SetUp();
    if (HasFatalFailure()) return;
    h0_ = HourBase(3 * kHour);
    for (const char* product : {"billing", "ops"}) {
      ASSERT_TRUE(
          CreateProduct(admin_, "default", product, product).is_object());
    }
    for (auto [slug, product] : {std::pair{"payments", "billing"},
                                 {"ledger", "billing"},
                                 {"alpha", "ops"},
                                 {"zeta", "ops"}}) {
      ASSERT_TRUE(AddApp(slug, product).is_object()) << slug;
    }
    json::array hits;
    for (auto [minute, latency] : {std::pair{1, 10}, {2, 30}}) {
      hits.push_back(json::object{{"application", kIngestApp},
                                  {"status", "hit"},
                                  {"latency_ms", latency},
                                  {"timestamp", FormatTime(t(minute))}});
    }
    ASSERT_EQ(Batch(hits).status, 200);
    ASSERT_NO_FATAL_FAILURE(AddDeploy("D1", t(5)));
    ASSERT_TRUE(InState(SendFailure(t(10), "A"), "incident"));
    ASSERT_TRUE(InState(SendHit(t(40)), "operational"));
    ASSERT_NO_FATAL_FAILURE(AddDeploy("D2", t(50)));
    ASSERT_TRUE(InState(SendFailure(t(20), "P", "payments"), "incident"));
    ASSERT_TRUE(InState(SendHit(t(50), "payments"), "operational"));
    ASSERT_TRUE(InState(SendHit(t(130), "payments"), "operational"));
    ASSERT_TRUE(InState(SendHit(t(30), "ledger"), "operational"));
    ASSERT_TRUE(InState(SendHit(t(31), "ledger"), "operational"));
    ASSERT_TRUE(InState(SendFailure(t(95), "L", "ledger"), "incident"));
    ASSERT_TRUE(InState(SendHit(t(125), "ledger"), "operational"));
    ASSERT_TRUE(InState(SendHit(t(3), "alpha"), "operational"));
    const int64_t now = NowMillis();
    ASSERT_TRUE(InState(SendFailure(now - kMinute, "Z", "zeta"), "incident"));
    ASSERT_TRUE(InState(SendHit(now - 40 * kSecond, "zeta"), "operational"));
    Response made =
        admin_.Post("/api/v1/orgs/default/maintenance-windows",
                    json::object{{"reason", "database upgrade"},
                                 {"products", json::array{"ops"}},
                                 {"starts_at", FormatTime(now - 50 * kSecond)},
                                 {"ends_at", FormatTime(now + kHour)}});
    ASSERT_EQ(made.status, 201) << made.body;
    Response ended =
        admin_.Request("POST", "/api/v1/orgs/default/maintenance-windows/" +
                                   Str(made.json(), "/id") + "/end");
    ASSERT_EQ(ended.status, 200) << ended.body;
    // [H0, the end of the current minute): every span above is in it.
    window_ = Window(h0_, MinuteBase(0) + kMinute);
  }

  int64_t t(int64_t minutes) const { return h0_ + minutes * kMinute; }

  void AddDeploy(std::string_view id, int64_t finished_at) {
    Response r = Deploy(json::object{{"id", id},
                                     {"version", id},
                                     {"status", "success"},
                                     {"finished_at", FormatTime(finished_at)},
                                     {"commit_at", FormatTime(t(0))}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // GET .../metrics<query>; the test fails unless it is a 200.
  json::value Org(const std::string& query) {
    Response r = OrgMetrics(query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return r.status == 200 ? r.json() : json::value();
  }

  int64_t h0_ = 0;
  std::string window_;
};

int64_t Int(const json::value& v, std::string_view pointer) {
  return At(v, pointer).to_number<int64_t>();
}

TEST_F(OrgPagesTest, RowsAreEachApplicationsOwnFiguresAndAddUp) {
  for (const std::string step : {"", "&step=hour"}) {
    json::value org = Org(window_ + step + "&limit=500");
    json::array rows = Items(org, "/applications");
    ASSERT_EQ(rows.size(), 5u) << org;
    EXPECT_TRUE(At(org, "/next_cursor").is_null()) << org;
    std::map<std::string, std::vector<json::value>> by_product;
    for (const json::value& row : rows) {
      const std::string app = Str(row, "/application");
      Response own = AppMetrics(window_ + step, app);
      ASSERT_EQ(own.status, 200) << own.body;
      for (const char* key : kFigureKeys) {
        EXPECT_EQ(At(row, std::string("/") + key),
                  At(own.json(), std::string("/") + key))
            << app << " " << key << step;
      }
      if (!step.empty()) {
        json::array points = Items(row, "/series");
        json::array own_points = Items(own.json(), "/series");
        ASSERT_EQ(points.size(), own_points.size()) << app;
        for (size_t i = 0; i < points.size(); ++i) {
          for (const char* key : {"from", "availability", "hits", "failures"}) {
            EXPECT_EQ(At(points[i], std::string("/") + key),
                      At(own_points[i], std::string("/") + key))
                << app << " point " << i << " " << key;
          }
        }
      }
      by_product[Str(row, "/product")].push_back(row);
    }
    // Each product, and the total, count what their applications count.
    json::array products = Items(org, "/products");
    ASSERT_EQ(products.size(), 3u) << org;
    for (const json::value& product : products) {
      const std::vector<json::value>& apps =
          by_product[Str(product, "/product")];
      EXPECT_EQ(Int(product, "/applications"),
                static_cast<int64_t>(apps.size()));
      for (const char* key : {"/hits", "/failures", "/outages",
                              "/deploys/count", "/runs/count"}) {
        int64_t sum = 0;
        for (const json::value& app : apps) sum += Int(app, key);
        EXPECT_EQ(Int(product, key), sum) << product << key;
      }
    }
    for (const char* key :
         {"/hits", "/failures", "/outages", "/deploys/count"}) {
      int64_t sum = 0;
      for (const json::value& row : rows) sum += Int(row, key);
      EXPECT_EQ(Int(org, std::string("/total") + key), sum) << key;
    }
    // checkout 3, payments 2, ledger 3, alpha 1, zeta 1.
    EXPECT_EQ(Int(org, "/total/hits"), 10);
    EXPECT_EQ(Int(org, "/total/failures"), 4);
    EXPECT_EQ(Int(org, "/total/deploys/count"), 2);

    // Maintenance: ops's two applications were both in it, 50 s; the whole
    // organization was not.
    json::value ops = FindBy(products, "product", "ops");
    json::value alpha = FindBy(rows, "application", "alpha");
    json::value zeta = FindBy(rows, "application", "zeta");
    EXPECT_NEAR(*NumberAt(ops, "/maintenance_seconds"), 50, 1) << ops;
    EXPECT_EQ(At(alpha, "/maintenance_seconds"),
              At(ops, "/maintenance_seconds"));
    EXPECT_EQ(At(zeta, "/maintenance_seconds"),
              At(ops, "/maintenance_seconds"));
    EXPECT_EQ(*NumberAt(org, "/total/maintenance_seconds"), 0) << org;
    // zeta's incident (20 s) fell in the window but for the 10 s before it.
    EXPECT_NEAR(*NumberAt(zeta, "/downtime_seconds"), 10, 1) << zeta;
    // Downtime: checkout 30 min, payments 30 min (overlapping checkout's:
    // [10, 50) together), ledger 30 min, zeta 10 s.
    EXPECT_NEAR(*NumberAt(org, "/total/downtime_seconds"),
                40 * 60 + 30 * 60 + *NumberAt(zeta, "/downtime_seconds"), 1e-6)
        << org;
  }
}

TEST_F(OrgPagesTest, PagesWalkEveryApplicationOnceInOrder) {
  json::value whole = Org(window_ + "&step=hour");
  std::vector<std::string> expected, names;
  for (const json::value& row : Items(whole, "/applications")) {
    expected.push_back(Str(row, "/application"));
    names.push_back(Str(row, "/name"));
  }
  // By name, as the list of applications ("Checkout" before the others).
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end())) << whole;
  EXPECT_EQ(std::set<std::string>(expected.begin(), expected.end()),
            (std::set<std::string>{"alpha", "checkout", "ledger", "payments",
                                   "zeta"}));
  for (int limit : {1, 2, 4, 5}) {
    std::vector<std::string> walked;
    std::string cursor;
    int pages = 0;
    while (pages++ < 10) {
      std::string query = window_ + "&step=hour&limit=" + std::to_string(limit);
      if (!cursor.empty()) query += "&cursor=" + cursor;
      json::value page = Org(query);
      json::array rows = Items(page, "/applications");
      EXPECT_LE(rows.size(), static_cast<size_t>(limit));
      for (const json::value& row : rows) {
        walked.push_back(Str(row, "/application"));
        EXPECT_EQ(row, FindBy(Items(whole, "/applications"), "application",
                              walked.back()));
      }
      // The products and the total are of every application, on every page.
      EXPECT_EQ(At(page, "/products"), At(whole, "/products")) << limit;
      EXPECT_EQ(At(page, "/total"), At(whole, "/total")) << limit;
      EXPECT_EQ(At(page, "/window"), At(whole, "/window")) << limit;
      if (At(page, "/next_cursor").is_null()) break;
      cursor = Str(page, "/next_cursor");
    }
    EXPECT_EQ(walked, expected) << "limit " << limit;
    EXPECT_EQ(pages, (5 + limit - 1) / limit) << "limit " << limit;
  }
  // Without a limit, up to 100.
  EXPECT_TRUE(At(Org(window_), "/next_cursor").is_null());
  EXPECT_EQ(Items(Org(window_), "/applications").size(), 5u);
  // The application a cursor stopped at deleted between pages moves
  // nothing: the next page starts after it, as it would have.
  json::value first = Org(window_ + "&limit=2");
  ASSERT_FALSE(At(first, "/next_cursor").is_null()) << first;
  Response gone =
      admin_.Delete("/api/v1/orgs/default/applications/" + expected[1]);
  ASSERT_EQ(gone.status, 204) << gone.body;
  json::value second =
      Org(window_ + "&limit=2&cursor=" + Str(first, "/next_cursor"));
  json::array rows = Items(second, "/applications");
  ASSERT_EQ(rows.size(), 2u) << second;
  EXPECT_EQ(Str(rows[0], "/application"), expected[2]);
  EXPECT_EQ(Str(rows[1], "/application"), expected[3]);
}

TEST_F(OrgPagesTest, BadLimitOrCursorIs400AndOtherOrganizationsAre404) {
  for (const char* limit : {"0", "501", "-1", "ten", "1.5", ""}) {
    EXPECT_TRUE(IsError(OrgMetrics(window_ + "&limit=" + limit), 400,
                        "bad_request", "limit"))
        << limit;
  }
  EXPECT_EQ(OrgMetrics(window_ + "&limit=500").status, 200);
  // A cursor must be one this list answered: not a slug, nor a cursor of
  // another list of the organization.
  ASSERT_TRUE(CreateOrg(admin_, "other").is_object());
  ASSERT_TRUE(CreateProduct(admin_, "other", "Theirs", "theirs").is_object());
  ASSERT_TRUE(CreateApp(admin_, "other", "theirs", "elsewhere").is_object());
  Response products = admin_.Get("/api/v1/orgs/default/products?limit=1");
  ASSERT_EQ(products.status, 200) << products.body;
  const std::string products_cursor = Str(products.json(), "/next_cursor");
  for (const std::string& cursor :
       {std::string("nope"), std::string("elsewhere"), std::string("%00"),
        std::string("checkout"), products_cursor}) {
    EXPECT_TRUE(IsError(OrgMetrics(window_ + "&cursor=" + cursor), 400,
                        "bad_request", "cursor"))
        << cursor;
  }
  // Someone of another organization sees none of it.
  constexpr std::string_view kPassword = "Member-pa55word-long";
  AddMember(admin_, "other", "olga", "member", kPassword);
  HttpClient olga = Login("olga", kPassword);
  EXPECT_TRUE(IsError(olga.Get("/api/v1/orgs/default/metrics" + window_), 404,
                      "not_found"));
  Response theirs = olga.Get("/api/v1/orgs/other/metrics" + window_);
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  json::array rows = Items(theirs.json(), "/applications");
  ASSERT_EQ(rows.size(), 1u) << theirs.body;
  EXPECT_EQ(Str(rows[0], "/application"), "elsewhere");
  EXPECT_EQ(Int(theirs.json(), "/total/hits"), 0);
}

}  // namespace
}  // namespace hookwarden::testing
