#include "http/trusted_proxies.h"

#include <gtest/gtest.h>

namespace hookwarden::http {
namespace {

TEST(TrustedProxiesTest, ParsesAddressesAndNetworks) {
  auto p = TrustedProxies::Parse("10.0.0.0/8, 127.0.0.1,fd00::/8");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(p->Contains("10.1.2.3"));
  EXPECT_TRUE(p->Contains("127.0.0.1"));
  EXPECT_TRUE(p->Contains("::ffff:127.0.0.1"));
  EXPECT_TRUE(p->Contains("fd12::1"));
  EXPECT_FALSE(p->Contains("127.0.0.2"));
  EXPECT_FALSE(p->Contains("11.0.0.1"));
  EXPECT_FALSE(TrustedProxies::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(TrustedProxies::Parse("proxy.local").ok());
  EXPECT_TRUE(TrustedProxies::Parse("").ok());
}

TEST(TrustedProxiesTest, BelievesForwardedForOnlyFromTrustedPeers) {
  auto p = *TrustedProxies::Parse("10.0.0.0/8");
  std::string xff = "203.0.113.9, 198.51.100.7";
  // An untrusted peer: its own address, whatever it claims.
  EXPECT_EQ(p.ClientAddress("198.51.100.1", xff), "198.51.100.1");
  // A trusted proxy: the right-most address that is not a proxy.
  EXPECT_EQ(p.ClientAddress("10.0.0.2", xff), "198.51.100.7");
  std::string chain = "203.0.113.9, 10.0.0.7";
  EXPECT_EQ(p.ClientAddress("10.0.0.2", chain), "203.0.113.9");
  std::string garbage = "nonsense";
  EXPECT_EQ(p.ClientAddress("10.0.0.2", garbage), "10.0.0.2");
  EXPECT_EQ(p.ClientAddress("10.0.0.2", std::nullopt), "10.0.0.2");
  EXPECT_EQ(TrustedProxies().ClientAddress("10.0.0.2", xff), "10.0.0.2");
}

}  // namespace
}  // namespace hookwarden::http
