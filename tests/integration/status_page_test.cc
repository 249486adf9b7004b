// End-to-end tests of the public status page and badges against the real
// binary: the owners' settings, the page's 404s, its uptimes on a trace of
// incidents written by hand (with client timestamps in the past), what an
// admin publishes of an incident, what never shows, the rate limit, and
// the badges with their key.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <string>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kSettings = "/api/v1/orgs/default/status-page";
constexpr std::string_view kRawCause = "db password rejected by 10.1.2.3";

class StatusPageTest : public IncidentTest {
 protected:
  Response Put(HttpClient& as, json::object body,
               std::string_view path = kSettings) {
    return as.Request("PUT", path, json::value(std::move(body)));
  }
  // Publishes the page listing product "shop"; the test fails unless 200.
  void Enable() {
    Response r = Put(admin_, {{"enabled", true},
                              {"title", "Acme status"},
                              {"description", "Checkout and friends"},
                              {"products", {kIngestProduct}}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // An incident of "checkout" from `from` to `to` (client timestamps),
  // opened by a failure with the raw cause; returns its id.
  std::string Incident(int64_t from, int64_t to) {
    EXPECT_EQ(SendFailure(from, kRawCause).status, 200);
    EXPECT_EQ(SendHit(to).status, 200);
    auto items = ListIncidents("?status=resolved");
    for (const json::value& i : items) {
      if (TimeAt(i, "/opened_at") == from) return Str(i, "/id");
    }
    ADD_FAILURE() << "no incident opened at " << FormatTime(from);
    return "";
  }
  // The audit entries of `action` about the default organization's page.
  json::array PageAudit(std::string_view action) {
    return Audit(action, Str(admin_.Get("/api/v1/orgs/default").json(), "/id"));
  }
  Response Public(std::string_view path) { return NewClient().Get(path); }
  // A new badge key, as its owner sees it once.
  std::string NewBadgeKey() {
    Response r =
        admin_.Post(std::string(kSettings) + "/badge-key", json::object{});
    EXPECT_EQ(r.status, 200) << r.body;
    return Str(r.json(), "/badge_key/value");
  }
  // Fails the test when `text` holds any of the server's tokens, ids,
  // usernames or the raw cause.
  void ExpectNothingPrivate(const std::string& text) {
    for (const std::string& secret :
         {api_token_, integration_token_, deploy_token_, app_id_,
          hits_credential_id_, std::string(kRawCause), std::string("admin"),
          std::string("inc_"), std::string("app_"), std::string("prd_"),
          std::string("org_"), std::string("usr_"), std::string("hwb_"),
          std::string("@")}) {
      EXPECT_EQ(text.find(secret), std::string::npos)
          << "'" << secret << "' in " << text.substr(0, 400);
    }
  }
};

TEST_F(StatusPageTest, ADisabledPageAndAMissingOneAreTheSame404) {
  Response settings = admin_.Get(kSettings);
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(At(settings.json(), "/enabled"), json::value(false));
  EXPECT_TRUE(At(settings.json(), "/badge_key").is_null());
  Response disabled = Public("/status/default.json");
  Response missing = Public("/status/nobody.json");
  EXPECT_TRUE(IsError(disabled, 404, "not_found"));
  EXPECT_EQ(disabled.body, missing.body);
  EXPECT_EQ(Public("/status/default").body, missing.body);
  EXPECT_EQ(Public("/status/default").status, 404);
  ASSERT_NO_FATAL_FAILURE(Enable());
  Response html = Public("/status/default");
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_NE(html.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(html.header("content-security-policy").find("script-src 'self'"),
            std::string::npos);
  EXPECT_NE(html.body.find("/status.js\"></script>"), std::string::npos);
  EXPECT_EQ(html.body.find("<script>"), std::string::npos);
  Response page = Public("/status/default.json");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(Str(page.json(), "/title"), "Acme status");
  EXPECT_EQ(Str(page.json(), "/products/0/slug"), kIngestProduct);
  EXPECT_EQ(Str(page.json(), "/products/0/applications/0/slug"), kIngestApp);
  EXPECT_NE(page.header("content-security-policy"), "");
  ASSERT_EQ(Put(admin_, {{"enabled", false},
                         {"title", "Acme status"},
                         {"products", json::array{}}})
                .status,
            200);
  EXPECT_EQ(Public("/status/default.json").body, missing.body);
}

TEST_F(StatusPageTest, OnlyOwnersChangeTheSettingsAndBadInputChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(Enable());
  json::value before = admin_.Get(kSettings).json();
  EXPECT_EQ(Items(before, "/products"), json::array{kIngestProduct});
  EXPECT_TRUE(Str(before, "/url").ends_with("/status/default")) << before;
  AddMember(admin_, "default", "ada", "admin", "Ada-Pa55word-for-tests");
  HttpClient ada = Login("ada", "Ada-Pa55word-for-tests");
  EXPECT_EQ(ada.Get(kSettings).status, 200);
  EXPECT_TRUE(IsError(
      Put(ada,
          {{"enabled", false}, {"title", "x"}, {"products", json::array{}}}),
      403, "forbidden"));
  EXPECT_TRUE(
      IsError(ada.Post(std::string(kSettings) + "/badge-key", json::object{}),
              403, "forbidden"));
  auto bad = [&](json::object body, int status, std::string_view field) {
    Response r = Put(admin_, std::move(body));
    EXPECT_EQ(r.status, status) << r.body;
    if (!field.empty()) {
      EXPECT_EQ(Str(r.json(), "/error/field"), field) << r.body;
    }
  };
  bad({{"enabled", true}, {"title", "t"}, {"products", {"nope"}}}, 422,
      "products");
  bad({{"enabled", true}, {"products", json::array{}}}, 422, "title");
  bad({{"enabled", true},
       {"title", std::string(101, 'x')},
       {"products", json::array{}}},
      422, "title");
  bad({{"enabled", true},
       {"title", "t"},
       {"description", std::string(1001, 'x')},
       {"products", json::array{}}},
      422, "description");
  bad({{"enabled", "yes"}, {"title", "t"}, {"products", json::array{}}}, 422,
      "enabled");
  bad({{"enabled", true},
       {"title", "t"},
       {"products", json::array{}},
       {"theme", "dark"}},
      422, "theme");
  EXPECT_EQ(admin_
                .RequestRaw("PUT", kSettings, "{",
                            {{"Content-Type", "application/json"}})
                .status,
            400);
  EXPECT_EQ(
      admin_
          .RequestRaw("PUT", kSettings, "{}", {{"Content-Type", "text/plain"}})
          .status,
      415);
  EXPECT_EQ(NewClient().Get(kSettings).status, 401);
  // Another organization's owner finds nothing to read or change.
  CreateOrg(admin_, "other");
  AddMember(admin_, "other", "olga", "owner", "Olga-Pa55word-for-tests");
  HttpClient olga = Login("olga", "Olga-Pa55word-for-tests");
  EXPECT_TRUE(IsError(olga.Get(kSettings), 404, "not_found"));
  EXPECT_TRUE(IsError(
      Put(olga,
          {{"enabled", false}, {"title", "x"}, {"products", json::array{}}}),
      404, "not_found"));
  EXPECT_TRUE(
      IsError(olga.Post(std::string(kSettings) + "/badge-key", json::object{}),
              404, "not_found"));
  EXPECT_EQ(admin_.Get(kSettings).json(), before);
  EXPECT_EQ(PageAudit("status_page.updated").size(), 1u);
}

TEST_F(StatusPageTest, UptimesAndNotesOnAHandWrittenTrace) {
  SetRules({{"failures_to_open", 1}, {"hits_to_close", 1}});
  const int64_t now = NowMillis();
  // One hour down ten hours ago; two hours down twenty hours ago (reports
  // may be at most 24 hours old).
  const std::string older = Incident(now - 20 * kHour, now - 18 * kHour);
  const std::string recent = Incident(now - 10 * kHour, now - 9 * kHour);
  ASSERT_FALSE(recent.empty());
  ASSERT_FALSE(older.empty());
  Response noted = admin_.Patch(IncidentPath(recent),
                                {{"public_note", "Payments were slow."}});
  ASSERT_EQ(noted.status, 200) << noted.body;
  EXPECT_EQ(Str(noted.json(), "/public_note"), "Payments were slow.");
  EXPECT_EQ(At(noted.json(), "/publish_cause"), json::value(false));
  ASSERT_EQ(admin_.Patch(IncidentPath(older), {{"publish_cause", true}}).status,
            200);
  EXPECT_EQ(Str(GetIncident(recent), "/public_note"), "Payments were slow.");
  EXPECT_TRUE(IsError(admin_.Patch(IncidentPath(recent), json::object{}), 422,
                      "missing_field", "public_note"));
  EXPECT_TRUE(IsError(admin_.Patch(IncidentPath(recent),
                                   {{"public_note", std::string(1001, 'x')}}),
                      422, "invalid_field", "public_note"));
  EXPECT_TRUE(
      IsError(admin_.Patch(IncidentPath("inc_missing"), {{"public_note", "x"}}),
              404, "not_found"));
  ASSERT_NO_FATAL_FAILURE(Enable());

  Response r = Public("/status/default.json");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value page = r.json();
  json::value app = At(page, "/products/0/applications/0");
  EXPECT_EQ(Str(app, "/state"), "operational");
  EXPECT_NEAR(*NumberAt(app, "/uptime_percent/24h"), 100.0 * (1 - 3.0 / 24),
              1e-9);
  EXPECT_NEAR(*NumberAt(app, "/uptime_percent/7d"), 100.0 * (1 - 3.0 / 168),
              1e-9);
  EXPECT_NEAR(*NumberAt(app, "/uptime_percent/90d"), 100.0 * (1 - 3.0 / 2160),
              1e-9);
  json::array days = Items(app, "/days");
  ASSERT_EQ(days.size(), 90u);
  EXPECT_EQ(Str(days.back(), "/date"), FormatTime(now).substr(0, 10));
  // The day the recent incident opened lists it with its note only.
  json::value day =
      FindBy(days, "date", FormatTime(now - 10 * kHour).substr(0, 10));
  ASSERT_FALSE(day.is_null());
  json::array listed = Items(day, "/incidents");
  ASSERT_FALSE(listed.empty()) << day;
  EXPECT_EQ(Str(listed.back(), "/note"), "Payments were slow.");
  EXPECT_TRUE(At(listed.back(), "/cause").is_null());
  EXPECT_LT(*NumberAt(day, "/uptime_percent"), 100);
  // Recent incidents: the older one shows its published cause.
  json::array incidents = Items(page, "/incidents");
  ASSERT_EQ(incidents.size(), 2u) << page;
  EXPECT_EQ(Str(incidents[0], "/note"), "Payments were slow.");
  EXPECT_EQ(Str(incidents[1], "/cause"), kRawCause);
  EXPECT_EQ(TimeAt(incidents[1], "/opened_at"), now - 20 * kHour);
  // The published cause shows wherever the older incident does; nothing
  // else private shows anywhere.
  const std::string published = FormatTime(now - 20 * kHour);
  int causes = 0;
  std::function<void(json::value&)> drop = [&](json::value& v) {
    if (v.is_array()) {
      for (json::value& item : v.as_array()) drop(item);
    } else if (v.is_object()) {
      json::object& o = v.as_object();
      if (o.contains("cause") && Str(v, "/opened_at") == published) {
        EXPECT_EQ(Str(v, "/cause"), kRawCause);
        o.erase("cause");
        ++causes;
      }
      for (auto& [k, child] : o) drop(child);
    }
  };
  drop(page);
  EXPECT_GE(causes, 2);  // Its day's bar and the recent incidents.
  ASSERT_NO_FATAL_FAILURE(ExpectNothingPrivate(json::serialize(page)));
  ASSERT_NO_FATAL_FAILURE(ExpectNothingPrivate(Public("/status/default").body));
}

TEST_F(StatusPageTest, TooManyRequestsFromOneAddressAre429WithRetryAfter) {
  ASSERT_NO_FATAL_FAILURE(Enable());
  Response last;
  for (int i = 0; i < 500; ++i) {
    last = Public("/status/default.json");
    if (last.status != 200) break;
  }
  EXPECT_TRUE(IsError(last, 429, "rate_limited"));
  EXPECT_GE(std::stoi(last.header("retry-after").empty()
                          ? "0"
                          : last.header("retry-after")),
            1);
}

TEST_F(StatusPageTest, BadgesShowStateAndUptimeOnlyWithTheCurrentKey) {
  SetRules({{"failures_to_open", 1}, {"hits_to_close", 1}});
  const int64_t now = NowMillis();
  ASSERT_FALSE(Incident(now - 20 * kHour, now - 18 * kHour).empty());
  ASSERT_FALSE(Incident(now - 10 * kHour, now - 9 * kHour).empty());
  const std::string key = NewBadgeKey();
  ASSERT_TRUE(IsToken(key, "hwb_")) << key;
  // Settings show the hint, never the key again; the audit log neither.
  Response settings = admin_.Get(kSettings);
  EXPECT_EQ(settings.body.find(key), std::string::npos);
  EXPECT_EQ(Str(settings.json(), "/badge_key/hint").substr(0, 4), "hwb_");
  EXPECT_EQ(admin_.Get("/api/v1/orgs/default/audit-log").body.find(key),
            std::string::npos);
  // The badge works while the page is not published.
  const std::string base = "/badge/" + key + "/" + std::string(kIngestApp);
  Response state = Public(base + ".json");
  ASSERT_EQ(state.status, 200) << state.body;
  EXPECT_EQ(state.json(), json::parse(R"({"schemaVersion":1,"label":)"
                                      R"("checkout","message":"operational",)"
                                      R"("color":"brightgreen"})"));
  for (auto [window, message] :
       {std::pair{"24h", "87.50%"}, {"7d", "98.21%"}, {"30d", "99.58%"}}) {
    Response w = Public(base + ".json?window=" + window);
    ASSERT_EQ(w.status, 200) << w.body;
    EXPECT_EQ(Str(w.json(), "/message"), message) << window;
    EXPECT_EQ(Str(w.json(), "/label"),
              "checkout uptime " + std::string(window));
    Response svg = Public(base + ".svg?window=" + window);
    ASSERT_EQ(svg.status, 200);
    EXPECT_EQ(svg.header("content-type"), "image/svg+xml");
    EXPECT_NE(svg.body.find(message), std::string::npos) << svg.body;
  }
  Response svg = Public(base + ".svg");
  ASSERT_EQ(svg.status, 200);
  EXPECT_NE(svg.body.find(">operational</text>"), std::string::npos);
  ASSERT_NO_FATAL_FAILURE(ExpectNothingPrivate(svg.body));
  EXPECT_TRUE(
      IsError(Public(base + ".json?window=1y"), 400, "bad_request", "window"));
  // Unknown applications, keys and forms all give one answer.
  Response unknown = Public("/badge/" + key + "/nope.svg");
  EXPECT_TRUE(IsError(unknown, 404, "not_found"));
  std::string mistyped = key;
  mistyped[10] = mistyped[10] == 'a' ? 'b' : 'a';
  EXPECT_EQ(Public("/badge/" + mistyped + "/checkout.svg").body, unknown.body);
  EXPECT_EQ(Public("/badge/" + key + "/" + app_id_ + ".svg").body,
            unknown.body);
  EXPECT_EQ(Public("/badge/" + key + "/checkout.png").body, unknown.body);
  EXPECT_EQ(Public("/badge/" + api_token_ + "/checkout.svg").body,
            unknown.body);
  // A new key: the old one stops at once.
  const std::string renewed = NewBadgeKey();
  EXPECT_NE(renewed, key);
  EXPECT_EQ(Public(base + ".json").body, unknown.body);
  EXPECT_EQ(Public("/badge/" + renewed + "/checkout.json").status, 200);
  // Another organization's key does not open this one's applications.
  CreateOrg(admin_, "other");
  Response other =
      admin_.Post("/api/v1/orgs/other/status-page/badge-key", json::object{});
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(Public("/badge/" + Str(other.json(), "/badge_key/value") +
                   "/checkout.json")
                .body,
            unknown.body);
  EXPECT_EQ(PageAudit("status_page.badge_key_regenerated").size(), 2u);
}

TEST_F(StatusPageTest, WhoeverHoldsTheBadgeKeyCanRevokeIt) {
  const std::string key = NewBadgeKey();
  const std::string badge = "/badge/" + key + "/checkout.json";
  ASSERT_EQ(Public(badge).status, 200);
  Response revoked =
      NewClient().Post("/api/v1/tokens/revoke", json::object{{"token", key}});
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_TRUE(IsError(Public(badge), 404, "not_found"));
  // The settings show no key; the audit names the key by its hint only.
  EXPECT_TRUE(admin_.Get(kSettings).json().at("badge_key").is_null());
  json::array audit = PageAudit("status_page.badge_key_revoked");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(json::serialize(audit).find(key), std::string::npos);
  // Revoking it again changes nothing and answers the same; a new key works.
  Response again =
      NewClient().Post("/api/v1/tokens/revoke", json::object{{"token", key}});
  EXPECT_EQ(again.body, revoked.body);
  EXPECT_EQ(PageAudit("status_page.badge_key_revoked").size(), 1u);
  EXPECT_EQ(Public("/badge/" + NewBadgeKey() + "/checkout.json").status, 200);
}

}  // namespace
}  // namespace hookwarden::testing
