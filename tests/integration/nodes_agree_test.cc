// Two real `hookwarden serve` processes on one PostgreSQL database agree:
// one application's events spread over both open and resolve the same
// incidents as one node seeing them all in the same order; a no-data
// incident opens once, not once per node; a notification is delivered
// once, not once per node.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "channels_fixture.h"
#include "storage/postgres/scratch_database.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class NodesAgreeTest : public ChannelTest {
 protected:
  void SetUp() override {
    ASSERT_FALSE(database_.url().empty()) << database_.error();
    ChannelTest::SetUp();
    if (HasFatalFailure()) return;
    std::ifstream key_file(server_.data_dir() + "/master.key");
    std::string master_key;
    ASSERT_TRUE(std::getline(key_file, master_key)) << "no master.key";
    ASSERT_TRUE(
        other_.Start(ServerArgs(), {{"HOOKWARDEN_MASTER_KEY", master_key}}));
  }
  void TearDown() override {
    other_.Stop();
    ChannelTest::TearDown();
  }
  std::vector<std::string> ServerArgs() const override {
    std::vector<std::string> args = ChannelTest::ServerArgs();
    args.insert(args.end(), {"--database", database_.url()});
    return args;
  }

  // One event to `app` at `at` through node B.
  Response SendThroughOther(bool failure, int64_t at, std::string_view message,
                            std::string_view app) {
    json::object body{{"timestamp", FormatTime(at)}};
    if (!message.empty()) body["message"] = message;
    HttpClient client(other_.port());
    return client.RequestRaw("POST",
                             ReportPath(app, failure ? "failures" : "hits"),
                             json::serialize(body),
                             {{"Authorization", "Bearer " + api_token_},
                              {"Content-Type", "application/json"}});
  }

  // The application's incidents, oldest first, as "kind opened resolved
  // cause" lines with times relative to `base`.
  std::vector<std::string> History(std::string_view app, int64_t base) {
    std::vector<std::string> lines;
    for (const json::value& i :
         ListIncidents("?application=" + std::string(app))) {
      int64_t resolved = TimeAt(i, "/resolved_at");
      lines.insert(lines.begin(),
                   Str(i, "/kind") + " " +
                       std::to_string(TimeAt(i, "/opened_at") - base) + " " +
                       (resolved < 0 ? std::string("open")
                                     : std::to_string(resolved - base)) +
                       " " + Str(i, "/cause"));
    }
    return lines;
  }

  ScratchDatabase database_;
  ServerProcess other_;
};

TEST_F(NodesAgreeTest, EventsSpreadOverNodesMakeTheIncidentsOfOneNode) {
  // Three failures open, two hits close; a hit between failures starts
  // the count again.
  SetRules({{"failures_to_open", 3}, {"hits_to_close", 2}});
  AddApp("solo", kIngestProduct,
         {{"failures_to_open", 3}, {"hits_to_close", 2}});
  const std::string trace = "ffhfffhfhhfffffhhfffhh";
  const int64_t base = MinuteBase(2 * kHour);
  for (size_t i = 0; i < trace.size(); ++i) {
    bool failure = trace[i] == 'f';
    int64_t at = base + static_cast<int64_t>(i) * kSecond;
    std::string message = "event " + std::to_string(i);
    // The spread application alternates nodes; "solo" uses node A only.
    Response spread = i % 2 == 0
                          ? SendThroughOther(failure, at, message, kIngestApp)
                          : Send(failure, at, message, kIngestApp);
    ASSERT_EQ(spread.status, 200) << spread.body;
    ASSERT_EQ(Send(failure, at, message, "solo").status, 200);
  }
  std::vector<std::string> one_node = History("solo", base);
  EXPECT_EQ(History(kIngestApp, base), one_node);
  // Worked out by hand: opened by events 5, 12 and 19, resolved by 9, 16
  // and 21.
  EXPECT_EQ(one_node,
            (std::vector<std::string>{"failures 5000 9000 event 5",
                                      "failures 12000 16000 event 12",
                                      "failures 19000 21000 event 19"}));
}

TEST_F(NodesAgreeTest, ANoDataIncidentOpensOnceWhateverTheNodes) {
  SetRules({{"no_data_timeout_seconds", 1}});
  ASSERT_EQ(Hit().status, 200);
  const std::string query = "?application=" + std::string(kIngestApp);
  std::vector<std::string> ids;
  ASSERT_TRUE(WaitUntil([&] {
    ids = ListedIds(query);
    return !ids.empty();
  })) << "no no_data incident within the deadline";
  // Both nodes watch every second: each ends two more checks (one under
  // way may have begun before the incident opened, the other began after)
  // and opens nothing more.
  auto checks = [](const ServerProcess& node) {
    return ServerMetric(node.port(), "hookwarden_no_data_checks_total");
  };
  const double a = checks(server_), b = checks(other_);
  ASSERT_TRUE(WaitUntil([&] {
    return checks(server_) >= a + 2 && checks(other_) >= b + 2;
  })) << "the nodes' no-data watches stopped checking";
  ids = ListedIds(query);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(Str(GetIncident(ids[0]), "/kind"), "no_data");
}

TEST_F(NodesAgreeTest, ANotificationIsDeliveredOnceWhateverTheNodes) {
  json::value channel =
      MakeChannel({{"name", "pager"},
                   {"url", receiver_.Url("/pager")},
                   {"events", {"incident.opened", "incident.resolved"}},
                   {"group_seconds", 0}});
  ASSERT_TRUE(channel.is_object());
  ASSERT_TRUE(InState(Send(true, MinuteBase(kHour), "down"), "incident"));
  ASSERT_TRUE(InState(Send(false, MinuteBase(kHour) + kSecond), "operational"));
  // Both nodes' workers poll the outbox: two deliveries, each once.
  WaitForRequests(2);
  WaitForDeliveries(Str(channel, "/id"), [](const json::array& list) {
    return AllHaveStatus(list, 2, "delivered");
  });
  // Once both are delivered, each node's worker looks twice more at the
  // outbox (a look under way may have begun before) and finishes whatever
  // it started: nothing is sent again.
  auto passes = [](const ServerProcess& node) {
    return ServerMetric(node.port(), "hookwarden_delivery_passes_total");
  };
  auto idle = [](const ServerProcess& node) {
    return ServerMetric(node.port(), "hookwarden_deliveries_in_flight") == 0;
  };
  const double a = passes(server_), b = passes(other_);
  ASSERT_TRUE(WaitUntil([&] {
    // Passes first: what a counted pass started is in flight until sent.
    return passes(server_) >= a + 2 && passes(other_) >= b + 2 &&
           idle(server_) && idle(other_);
  })) << "the nodes' delivery workers stopped or never finished";
  std::vector<ReceivedRequest> got = receiver_.Requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].header("x-hookwarden-event-id"),
            got[1].header("x-hookwarden-event-id"));
  EXPECT_TRUE(AllHaveStatus(Deliveries(Str(channel, "/id")), 2, "delivered"));
}

}  // namespace
}  // namespace hookwarden::testing
