// A channel's deliveries about one application are grouped and spared the
// storms: an incident's changes within the channel's group window become one
// delivery with the latest state, and an application that opens and
// resolves incidents over and over notifies when it starts flapping rather
// than at every incident. Against the real server and a receiver counting
// what it gets.
#include <algorithm>
#include <boost/json.hpp>

#include "channels_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class NoticeGroupingTest : public ChannelTest {
 protected:
  json::value Channel(std::string_view name, json::object settings) {
    json::object body{
        {"name", name},
        {"url", receiver_.Url("/" + std::string(name))},
        {"events",
         {"incident.opened", "incident.acknowledged", "incident.resolved"}}};
    for (auto& [key, value] : settings) body[key] = value;
    return MakeChannel(body);
  }
  std::vector<std::string> Types(const json::array& deliveries) {
    std::vector<std::string> types;
    for (const json::value& d : deliveries)
      types.push_back(Str(d, "/event_type"));
    return types;
  }
};

json::value Body(const ReceivedRequest& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  return ec ? json::value() : v;
}

TEST_F(NoticeGroupingTest, SettingsHaveDefaultsAreValidatedAndChange) {
  json::value ch = Channel("defaults", {});
  EXPECT_EQ(At(ch, "/group_seconds"), 30);
  EXPECT_EQ(At(ch, "/flapping_incidents"), 5);
  EXPECT_EQ(At(ch, "/flapping_minutes"), 30);
  std::string id = Str(ch, "/id");
  struct Bad {
    const char* field;
    json::value value;
  };
  for (const Bad& bad :
       {Bad{"group_seconds", -1}, Bad{"group_seconds", 3601},
        Bad{"group_seconds", "30"}, Bad{"flapping_incidents", 0},
        Bad{"flapping_minutes", 0}, Bad{"flapping_minutes", 1441}}) {
    Response r =
        admin_.Patch(ChannelPath(id), json::object{{bad.field, bad.value}});
    EXPECT_EQ(r.status, 422) << bad.field << ": " << r.body;
    EXPECT_EQ(Str(r.json(), "/error/field"), bad.field) << r.body;
    Response made = PostChannel(admin_, {{"name", "bad"},
                                         {"url", receiver_.Url("/bad")},
                                         {"events", {"incident.opened"}},
                                         {bad.field, bad.value}});
    EXPECT_EQ(made.status, 422) << made.body;
  }
  Response read = admin_.Get(ChannelPath(id));
  EXPECT_EQ(At(read.json(), "/group_seconds"), 30) << "changed by bad input";
  Response changed =
      admin_.Patch(ChannelPath(id), json::object{{"group_seconds", 0},
                                                 {"flapping_incidents", 12},
                                                 {"flapping_minutes", 60}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  Response again = admin_.Get(ChannelPath(id));
  EXPECT_EQ(At(again.json(), "/group_seconds"), 0);
  EXPECT_EQ(At(again.json(), "/flapping_incidents"), 12);
  EXPECT_EQ(At(again.json(), "/flapping_minutes"), 60);
  EXPECT_EQ(Items(admin_.Get(ChannelsPath()).json(), "/channels").size(), 1u);
}

TEST_F(NoticeGroupingTest, AnIncidentOpenedAndAcknowledgedInTheWindowIsOne) {
  SetRules({{"failures_to_open", 1}, {"hits_to_close", 1}});
  json::value ch = Channel("grouped", {{"group_seconds", 3}});
  std::string id = Str(ch, "/id");
  Response opened = SendFailure(NowMillis(), "bank down");
  ASSERT_TRUE(InState(opened, "incident"));
  std::string incident = Str(opened.json(), "/incident/id");
  ASSERT_EQ(admin_.Post(IncidentPath(incident, "/acknowledge"), json::object{})
                .status,
            200);

  json::array list = WaitForDeliveries(id, [](const json::array& l) {
    return AllHaveStatus(l, 1, "delivered");
  });
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(Str(list[0], "/event_type"), "incident.acknowledged");
  std::vector<ReceivedRequest> got = receiver_.Requests();
  ASSERT_EQ(got.size(), 1u);
  json::value e = Body(got[0]);
  EXPECT_EQ(Str(e, "/type"), "incident.acknowledged");
  EXPECT_EQ(Str(e, "/data/incident/id"), incident);
  EXPECT_EQ(Str(e, "/data/incident/status"), "acknowledged");
  EXPECT_EQ(Str(e, "/data/incident/acknowledged_by"), "admin");
}

TEST_F(NoticeGroupingTest, AFlappingApplicationSendsAHandfulNotHundreds) {
  SetRules({{"failures_to_open", 1}, {"hits_to_close", 1}});
  json::value ch = Channel("pager", {{"group_seconds", 5},
                                     {"flapping_incidents", 5},
                                     {"flapping_minutes", 30}});
  std::string id = Str(ch, "/id");
  int64_t t = NowMillis();
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(InState(SendFailure(t + 2 * i, "down"), "incident"));
    ASSERT_TRUE(InState(SendHit(t + 2 * i + 1), "operational"));
  }
  // Five incidents, each one delivery with its latest state, then the one
  // notice that the application is flapping; none for the 35 after it.
  json::array list = WaitForDeliveries(id, [](const json::array& l) {
    return AllHaveStatus(l, 6, "delivered");
  });
  std::vector<std::string> types = Types(list);
  EXPECT_EQ(std::count(types.begin(), types.end(), "incident.resolved"), 5)
      << json::serialize(list);
  EXPECT_EQ(
      std::count(types.begin(), types.end(), "application.flapping_started"),
      1);
  std::vector<ReceivedRequest> got = receiver_.Requests();
  EXPECT_EQ(got.size(), 6u);
  for (const ReceivedRequest& r : got) {
    json::value e = Body(r);
    if (Str(e, "/type") != "application.flapping_started") continue;
    EXPECT_EQ(Str(e, "/data/application/slug"), kIngestApp);
    EXPECT_EQ(At(e, "/data/flapping/incidents"), 6);
    EXPECT_EQ(At(e, "/data/flapping/threshold"), 5);
    EXPECT_EQ(At(e, "/data/flapping/window_minutes"), 30);
  }
  // Forty incidents were opened all the same.
  EXPECT_EQ(ListIncidents("?status=resolved&limit=100").size(), 40u);
}

}  // namespace
}  // namespace hookwarden::testing
