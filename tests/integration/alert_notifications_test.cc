// Alert incidents notify channels exactly as incidents opened by failures
// do: opened, acknowledged and resolved, and a repeated trigger not at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "channels_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

using AlertNotificationsTest = ChannelTest;

TEST_F(AlertNotificationsTest, AlertIncidentsNotifyLikeAnyIncident) {
  MakeChannel(
      {{"name", "pager"},
       {"url", receiver_.Url("/pager")},
       {"events",
        {"incident.opened", "incident.acknowledged", "incident.resolved"}},
       {"group_seconds", 0}});
  auto event = [&](std::string_view action) {
    json::object body{{"routing_key", api_token_},
                      {"event_action", action},
                      {"dedup_key", "db1-disk"}};
    if (action == "trigger") {
      body["payload"] = {{"summary", "disk full on db1"},
                         {"source", "db1"},
                         {"severity", "critical"},
                         {"component", kIngestApp}};
    }
    Response r = PostAs("", "/v2/enqueue", json::serialize(body));
    EXPECT_EQ(r.status, 202) << action << ": " << r.body;
  };
  event("trigger");
  ASSERT_EQ(WaitForRequests(1).size(), 1u);
  event("trigger");  // A repeat: no notification.
  event("acknowledge");
  ASSERT_EQ(WaitForRequests(2).size(), 2u);
  event("resolve");
  std::vector<ReceivedRequest> got = WaitForRequests(3);
  ASSERT_EQ(got.size(), 3u);
  std::vector<std::string> types;
  for (const ReceivedRequest& r : got) {
    types.push_back(r.header("x-hookwarden-event"));
    EXPECT_NE(r.body.find("disk full on db1"), std::string::npos) << r.body;
  }
  EXPECT_EQ(types, (std::vector<std::string>{"incident.opened",
                                             "incident.acknowledged",
                                             "incident.resolved"}));
  EXPECT_EQ(receiver_.Requests().size(), 3u);
}

}  // namespace
}  // namespace hookwarden::testing
