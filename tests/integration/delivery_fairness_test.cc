// One organization's slow receiver never delays another's notifications:
// deliveries run concurrently within bounds per channel and organization,
// and test events are rate-limited per channel and per organization.
#include <boost/json.hpp>
#include <chrono>

#include "channels_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

class DeliveryFairnessTest : public ChannelTest {
 protected:
  // The fixture's, with the default limits of test events and a delivery
  // timeout that a hanging receiver outlasts.
  std::vector<std::string> ServerArgs() const override {
    return {"--allow-private-targets",
            "--delivery-retry-base-ms",
            "100",
            "--delivery-retry-cap-ms",
            "400",
            "--delivery-poll-ms",
            "50",
            "--delivery-timeout-ms",
            "3000"};
  }

  // A channel of `org` to `url` taking the test event only.
  std::string Channel(std::string_view org, std::string_view name,
                      const std::string& url) {
    Response r = PostChannel(admin_,
                             {{"name", name},
                              {"url", url},
                              {"events", json::array{"deploy.created"}}},
                             org);
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(r.json(), "/id");
  }

  Response PostTest(std::string_view org, std::string_view channel_id) {
    return admin_.Post(ChannelPath(channel_id, "/test", org), json::object{});
  }
};

TEST_F(DeliveryFairnessTest, AHangingReceiverDelaysNoOtherOrganization) {
  // Organization A's receiver answers only after the delivery timeout.
  receiver_.Respond([](const ReceivedRequest&) {
    return ReceiverAnswer{200, "late", milliseconds(10'000)};
  });
  Response org = admin_.Post("/api/v1/orgs",
                             json::object{{"name", "Beta"}, {"slug", "beta"}});
  ASSERT_EQ(org.status, 201) << org.body;
  Receiver other;
  ASSERT_TRUE(other.Start());

  std::string slow_one = Channel("default", "slow-one", receiver_.Url("/1"));
  std::string slow_two = Channel("default", "slow-two", receiver_.Url("/2"));
  std::string quick = Channel("beta", "quick", other.Url("/b"));
  // Queued for A: every test its channels may send at once.
  for (const std::string& ch : {slow_one, slow_two}) {
    for (int i = 0; i < 5; ++i) ASSERT_EQ(PostTest("default", ch).status, 202);
  }
  // A's deliveries are hanging on its receiver.
  ASSERT_TRUE(receiver_.WaitForRequests(1, std::chrono::seconds(5)));

  auto caused = steady_clock::now();
  ASSERT_EQ(PostTest("beta", quick).status, 202);
  EXPECT_TRUE(other.WaitForRequests(1, std::chrono::seconds(1)))
      << "organization B's delivery did not arrive within 1 s";
  auto arrived = steady_clock::now();
  RecordProperty(
      "b_delivery_ms",
      static_cast<int>(
          std::chrono::duration_cast<milliseconds>(arrived - caused).count()));
  // Every test of A was queued, and A's are still waiting on its receiver.
  EXPECT_EQ(Deliveries(slow_one).size(), 5u);
}

TEST_F(DeliveryFairnessTest, TestSendsPastTheLimitAre429) {
  std::string ch = Channel("default", "tests", receiver_.Url("/t"));
  std::string second = Channel("default", "tests-two", receiver_.Url("/u"));
  for (int i = 0; i < 5; ++i) ASSERT_EQ(PostTest("default", ch).status, 202);
  Response refused = PostTest("default", ch);
  ASSERT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(Str(refused.json(), "/error/code"), "test_sends_limited");
  int retry_after = std::stoi(refused.header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  // Nothing was queued for the refused test; another channel may still test.
  EXPECT_EQ(Deliveries(ch).size(), 5u);
  EXPECT_EQ(PostTest("default", second).status, 202);
}

}  // namespace
}  // namespace hookwarden::testing
