#include "channels_fixture.h"

#include <sodium.h>

#include <chrono>
#include <thread>

namespace hookwarden::testing {

namespace json = boost::json;

std::string TestHmacSha256Hex(std::string_view key, std::string_view message) {
  if (sodium_init() < 0) return "";
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(
      &state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(message.data()),
      message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

::testing::AssertionResult SignedWith(const ReceivedRequest& r,
                                      std::string_view signing_secret) {
  std::string header = r.header("x-hookwarden-signature");
  size_t comma = header.find(",v1=");
  if (header.rfind("t=", 0) != 0 || comma == std::string::npos) {
    return ::testing::AssertionFailure() << "malformed: '" << header << "'";
  }
  std::string t = header.substr(2, comma - 2);
  std::string v1 = header.substr(comma + 4);
  int64_t sent = std::stoll(t);
  int64_t now = NowMillis() / 1000;
  if (std::abs(now - sent) > 300) {
    return ::testing::AssertionFailure() << "t=" << t << " is stale";
  }
  std::string expected = TestHmacSha256Hex(signing_secret, t + "." + r.body);
  if (sodium_memcmp(expected.data(), v1.data(),
                    std::min(expected.size(), v1.size())) != 0 ||
      expected.size() != v1.size()) {
    return ::testing::AssertionFailure()
           << "v1=" << v1 << " but the HMAC is " << expected;
  }
  return ::testing::AssertionSuccess();
}

void ChannelTest::SetUp() {
  IncidentTest::SetUp();
  if (HasFatalFailure()) return;
  ASSERT_TRUE(receiver_.Start());
}

std::vector<std::string> ChannelTest::ServerArgs() const {
  return {"--allow-private-targets", "--delivery-retry-base-ms", "100",
          "--delivery-retry-cap-ms", "400", "--delivery-poll-ms", "50",
          // Tests send test events in bursts; the limits have their own
          // test (delivery_fairness_test.cc).
          "--test-sends-per-channel", "100", "--test-sends-per-organization",
          "1000"};
}

std::string ChannelTest::ChannelsPath(std::string_view org) {
  return "/api/v1/orgs/" + std::string(org) + "/channels";
}

std::string ChannelTest::ChannelPath(std::string_view id,
                                     std::string_view suffix,
                                     std::string_view org) {
  return ChannelsPath(org) + "/" + std::string(id) + std::string(suffix);
}

Response ChannelTest::PostChannel(HttpClient& as, const json::object& body,
                                  std::string_view org) {
  Response r = as.Post(ChannelsPath(org), body);
  Expose(r);
  return r;
}

json::value ChannelTest::MakeChannel(const json::object& body) {
  Response r = PostChannel(admin_, body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json() : json::value();
}

void ChannelTest::MakeSecret(std::string_view name, std::string_view value) {
  Response r = admin_.Post("/api/v1/orgs/default/secrets",
                           json::object{{"name", name}, {"value", value}});
  Expose(r);
  EXPECT_EQ(r.status, 201) << r.body;
}

json::value ChannelTest::SendTest(std::string_view channel_id) {
  Response r = admin_.Post(ChannelPath(channel_id, "/test"), json::object{});
  Expose(r);
  EXPECT_EQ(r.status, 202) << r.body;
  return r.json();
}

json::array ChannelTest::Deliveries(std::string_view channel_id) {
  Response r = admin_.Get(ChannelPath(channel_id, "/deliveries"));
  Expose(r);
  EXPECT_EQ(r.status, 200) << r.body;
  return Items(r.json(), "/deliveries");
}

json::array ChannelTest::WaitForDeliveries(
    std::string_view channel_id,
    const std::function<bool(const json::array&)>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  json::array list;
  while (std::chrono::steady_clock::now() < deadline) {
    list = Deliveries(channel_id);
    if (done(list)) return list;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ADD_FAILURE() << "the deliveries never reached the expected state: "
                << json::serialize(list);
  return list;
}

std::vector<ReceivedRequest> ChannelTest::WaitForRequests(size_t n) {
  EXPECT_TRUE(receiver_.WaitForRequests(n, std::chrono::seconds(15)))
      << "the receiver got " << receiver_.Requests().size() << " of " << n;
  return receiver_.Requests();
}

void ChannelTest::ExpectNowhere(std::string_view value) {
  Response audit = admin_.Get("/api/v1/orgs/default/audit-log?limit=500");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(seen_.find(value), std::string::npos) << "in an answer";
  EXPECT_EQ(audit.body.find(value), std::string::npos) << "in the audit log";
  EXPECT_EQ(server_.log_text().find(value), std::string::npos)
      << "in the server's log";
}

bool AllHaveStatus(const json::array& list, size_t n, std::string_view status) {
  if (list.size() != n) return false;
  for (const json::value& d : list) {
    if (Str(d, "/status") != status) return false;
  }
  return true;
}

}  // namespace hookwarden::testing
