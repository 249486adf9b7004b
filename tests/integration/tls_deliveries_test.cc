// https deliveries: a channel's receiver whose certificate a private CA
// signed is reached when the server is given that CA (--cacert), and one
// whose CA the server does not know is refused, with the reason in the
// delivery's record and nothing sent to it.
#include <boost/json.hpp>

#include "channels_fixture.h"
#include "test_ca.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class TlsDeliveriesTest : public ChannelTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    std::vector<std::string> args = ChannelTest::ServerArgs();
    args.push_back("--cacert");
    args.push_back(ca_.cert_file());
    return args;
  }

  // A receiver speaking TLS with a certificate `ca` signed.
  static void StartTlsReceiver(Receiver& receiver, TestCa& ca) {
    ASSERT_TRUE(ca.ok()) << ca.error();
    CertificateFiles files = ca.Issue("receiver");
    ASSERT_TRUE(receiver.UseTls(files.cert, files.key));
    ASSERT_TRUE(receiver.Start());
  }

  json::value ChannelTo(const Receiver& receiver, std::string_view name) {
    return MakeChannel({{"name", name},
                        {"url", receiver.Url("/hook")},
                        {"events", {"incident.opened"}}});
  }

  TestCa ca_;
};

TEST_F(TlsDeliveriesTest, AReceiverSignedByTheGivenCaGetsTheDelivery) {
  Receiver secure;
  StartTlsReceiver(secure, ca_);
  ASSERT_EQ(secure.Url("/hook").rfind("https://127.0.0.1:", 0), 0u);
  json::value channel = ChannelTo(secure, "private CA");
  std::string id = Str(channel, "/id");
  SendTest(id);

  ASSERT_TRUE(secure.WaitForRequests(1, std::chrono::seconds(15)));
  ReceivedRequest got = secure.Requests()[0];
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.target, "/hook");
  EXPECT_TRUE(SignedWith(got, Str(channel, "/signing_secret")));
  json::array list = WaitForDeliveries(id, [](const json::array& l) {
    return AllHaveStatus(l, 1, "delivered");
  });
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(At(list[0], "/attempts/0/status_code"), 200);
}

TEST_F(TlsDeliveriesTest, AReceiverOfAnUnknownCaIsRefusedWithTheReason) {
  TestCa stranger("a CA the server does not know");
  Receiver untrusted;
  StartTlsReceiver(untrusted, stranger);
  std::string id = Str(ChannelTo(untrusted, "unknown CA"), "/id");
  SendTest(id);

  json::array list = WaitForDeliveries(id, [](const json::array& l) {
    return l.size() == 1 && !Items(l[0], "/attempts").empty();
  });
  ASSERT_EQ(list.size(), 1u);
  std::string error = Str(list[0], "/attempts/0/error");
  EXPECT_NE(error.find("TLS handshake with 127.0.0.1 failed: certificate "
                       "verify failed"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("--cacert"), std::string::npos) << error;
  EXPECT_TRUE(At(list[0], "/attempts/0/status_code").is_null())
      << json::serialize(list[0]);
  EXPECT_NE(Str(list[0], "/status"), "delivered");
  EXPECT_TRUE(untrusted.Requests().empty());
  EXPECT_GE(untrusted.failed_handshakes(), 1);
}

}  // namespace
}  // namespace hookwarden::testing
