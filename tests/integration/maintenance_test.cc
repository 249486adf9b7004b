// End-to-end tests of maintenance windows against the real binary: who may
// plan them and what is refused, that an application in one keeps its
// events but opens no incident and reads `maintenance`, that channels hear
// of its start and end, and that ending it now brings the rules back.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "channels_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kWindows =
    "/api/v1/orgs/default/maintenance-windows";

class MaintenanceTest : public ChannelTest {
 protected:
  // A window from now for an hour over `apps`, as the admin.
  Response Plan(json::object body) {
    const int64_t now = NowMillis();
    if (!body.contains("reason")) body["reason"] = "database upgrade";
    if (!body.contains("starts_at")) body["starts_at"] = FormatTime(now);
    if (!body.contains("ends_at")) body["ends_at"] = FormatTime(now + kHour);
    return admin_.Post(kWindows, body);
  }
  static std::string WindowPath(std::string_view id,
                                std::string_view suffix = "") {
    return std::string(kWindows) + "/" + std::string(id) + std::string(suffix);
  }
  // The maintenance events the receiver got, in order.
  std::vector<std::string> Heard(size_t n) {
    std::vector<std::string> types;
    for (const ReceivedRequest& r : WaitForRequests(n)) {
      types.push_back(Str(json::parse(r.body), "/type"));
    }
    return types;
  }
};

TEST_F(MaintenanceTest, InvalidWindowsAreRefusedNamingTheField) {
  const int64_t now = NowMillis();
  json::array checkout{kIngestApp};
  EXPECT_TRUE(IsError(Plan({{"applications", checkout}, {"reason", ""}}), 422,
                      "invalid_field", "reason"));
  EXPECT_TRUE(IsError(
      Plan({{"applications", checkout}, {"reason", std::string(501, 'x')}}),
      422, "invalid_field", "reason"));
  EXPECT_TRUE(IsError(Plan({{"applications", checkout},
                            {"ends_at", FormatTime(now - kMinute)}}),
                      422, "invalid_field", "ends_at"));
  EXPECT_TRUE(IsError(Plan({{"applications", checkout},
                            {"starts_at", FormatTime(now - kHour)}}),
                      422, "invalid_field", "starts_at"));
  EXPECT_TRUE(IsError(Plan({{"applications", checkout},
                            {"ends_at", FormatTime(now + 31 * kDay)}}),
                      422, "invalid_field", "ends_at"));
  EXPECT_TRUE(IsError(Plan({{"applications", json::array{"no-such-app"}}}), 422,
                      "invalid_field", "applications"));
  EXPECT_TRUE(IsError(Plan({{"products", json::array{"no-such-product"}}}), 422,
                      "invalid_field", "products"));
  EXPECT_TRUE(IsError(Plan({}), 422, "invalid_field", "applications"));
  EXPECT_TRUE(IsError(Plan({{"applications", checkout}, {"colour", "red"}}),
                      422, "unknown_field"));
  // Nothing of it was kept.
  Response list = admin_.Get(kWindows);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(At(list.json(), "/maintenance_windows").as_array().empty())
      << list.body;
}

TEST_F(MaintenanceTest, MembersReadAdminsChangeOtherOrganizationsSeeNothing) {
  Response made = Plan({{"applications", json::array{kIngestApp}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = Str(made.json(), "/id");
  ASSERT_EQ(id.rfind("mnt_", 0), 0u) << made.body;
  EXPECT_EQ(Str(made.json(), "/status"), "active");
  EXPECT_EQ(Str(made.json(), "/created_by"), "admin");
  EXPECT_EQ(At(made.json(), "/applications"), json::array{kIngestApp});

  constexpr std::string_view kPassword = "Member-pa55word-long";
  AddMember(admin_, "default", "mia", "member", kPassword);
  HttpClient mia = Login("mia", kPassword);
  EXPECT_EQ(mia.Get(WindowPath(id)).status, 200);
  EXPECT_EQ(mia.Get(kWindows).status, 200);
  EXPECT_TRUE(IsError(mia.Post(kWindows, json::object{}), 403, "forbidden"));
  EXPECT_TRUE(
      IsError(mia.Request("POST", WindowPath(id, "/end")), 403, "forbidden"));
  EXPECT_TRUE(IsError(mia.Delete(WindowPath(id)), 403, "forbidden"));

  // Someone else's organization: the window is not there at all.
  CreateOrg(admin_, "other");
  std::string other = "/api/v1/orgs/other/maintenance-windows/" + id;
  EXPECT_TRUE(IsError(admin_.Get(other), 404, "not_found"));
  EXPECT_TRUE(
      IsError(admin_.Request("POST", other + "/end"), 404, "not_found"));
  EXPECT_TRUE(IsError(admin_.Delete(other), 404, "not_found"));
  Response listed = admin_.Get("/api/v1/orgs/other/maintenance-windows");
  ASSERT_EQ(listed.status, 200);
  EXPECT_TRUE(At(listed.json(), "/maintenance_windows").as_array().empty());

  // Under way, it cannot be deleted: it is ended first.
  EXPECT_TRUE(IsError(admin_.Delete(WindowPath(id)), 409, "conflict"));
  Response ended = admin_.Request("POST", WindowPath(id, "/end"));
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(Str(ended.json(), "/status"), "ended");
  EXPECT_TRUE(
      IsError(admin_.Request("POST", WindowPath(id, "/end")), 409, "conflict"));
  EXPECT_TRUE(IsError(admin_.Patch(WindowPath(id), {{"reason", "later"}}), 409,
                      "conflict"));
  EXPECT_EQ(admin_.Delete(WindowPath(id)).status, 204);
  EXPECT_TRUE(IsError(admin_.Get(WindowPath(id)), 404, "not_found"));
  for (std::string_view action :
       {"maintenance_window.created", "maintenance_window.ended",
        "maintenance_window.deleted"}) {
    EXPECT_EQ(Audit(action, id).size(), 1u) << action;
  }
}

TEST_F(MaintenanceTest, AnApplicationInMaintenanceOpensNothingUntilItEnds) {
  MakeChannel(
      {{"name", "ops"},
       {"url", receiver_.Url("/hook")},
       {"events",
        {"maintenance.started", "maintenance.ended", "incident.opened"}}});
  // Planned through the application's product.
  Response made = Plan({{"products", json::array{kIngestProduct}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = Str(made.json(), "/id");

  Response failure = Failure();
  EXPECT_EQ(Str(failure.json(), "/state"), "maintenance") << failure.body;
  EXPECT_TRUE(At(failure.json(), "/incident").is_null()) << failure.body;
  EXPECT_EQ(Str(GetApp(), "/state"), "maintenance");
  Response active = admin_.Get(std::string(kWindows) + "?active=true");
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_EQ(At(active.json(), "/maintenance_windows").as_array().size(), 1u);

  EXPECT_EQ(Heard(1), std::vector<std::string>{"maintenance.started"});
  json::value started = json::parse(WaitForRequests(1)[0].body);
  EXPECT_EQ(Str(started, "/data/maintenance/id"), id) << started;
  EXPECT_EQ(Str(started, "/data/applications/0/slug"), kIngestApp) << started;
  // The failure was kept and counted, and opened nothing.
  EXPECT_EQ(Events().size(), 1u);
  EXPECT_TRUE(ListIncidents().empty());

  ASSERT_EQ(admin_.Request("POST", WindowPath(id, "/end")).status, 200);
  EXPECT_EQ(Heard(2), (std::vector<std::string>{"maintenance.started",
                                                "maintenance.ended"}));
  EXPECT_EQ(Str(GetApp(), "/state"), "operational");
  Response after = Failure();
  EXPECT_TRUE(InState(after, "incident")) << after.body;
  json::array open = ListIncidents("?status=open");
  ASSERT_EQ(open.size(), 1u);
  Response active_after = admin_.Get(std::string(kWindows) + "?active=true");
  EXPECT_TRUE(
      At(active_after.json(), "/maintenance_windows").as_array().empty());
}

}  // namespace
}  // namespace hookwarden::testing
