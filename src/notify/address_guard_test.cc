#include "notify/address_guard.h"

#include <gtest/gtest.h>

namespace hookwarden::notify {
namespace {

std::optional<std::string> Reason(const char* text) {
  return ForbiddenAddressReason(boost::asio::ip::make_address(text));
}

TEST(AddressGuardTest, RefusesInternalIpv4) {
  for (const char* a : {"0.0.0.0",        "0.255.1.2",       "10.0.0.1",
                        "10.255.255.255", "100.64.0.1",      "100.127.255.255",
                        "127.0.0.1",      "127.1.2.3",       "169.254.169.254",
                        "172.16.0.1",     "172.31.255.255",  "192.0.0.8",
                        "192.0.2.10",     "192.168.1.1",     "198.18.0.1",
                        "198.19.255.255", "198.51.100.7",    "203.0.113.9",
                        "224.0.0.1",      "239.255.255.250", "240.0.0.1",
                        "255.255.255.255"}) {
    EXPECT_TRUE(Reason(a).has_value()) << a;
  }
  EXPECT_EQ(*Reason("127.0.0.1"), "a loopback address");
  EXPECT_EQ(*Reason("192.168.0.1"), "a private (RFC 1918) address");
  EXPECT_EQ(*Reason("169.254.169.254"), "a link-local address");
}

TEST(AddressGuardTest, AllowsPublicIpv4IncludingRangeNeighbours) {
  for (const char* a :
       {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255",
        "100.128.0.0", "126.255.255.255", "128.0.0.0", "169.253.255.255",
        "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255",
        "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255"}) {
    EXPECT_FALSE(Reason(a).has_value()) << a << ": " << Reason(a).value_or("");
  }
}

TEST(AddressGuardTest, RefusesInternalIpv6AndEmbeddedIpv4) {
  for (const char* a : {"::",
                        "::1",
                        "::ffff:127.0.0.1",
                        "::ffff:10.1.2.3",
                        "::ffff:192.168.0.1",
                        "::127.0.0.1",
                        "::8.8.8.8",
                        "64:ff9b::7f00:1",
                        "64:ff9b::a00:1",
                        "64:ff9b:1::1",
                        "100::1",
                        "2001:db8::1",
                        "2001::1",
                        "2002:7f00:1::",
                        "2002:c0a8:101::1",
                        "fc00::1",
                        "fd12:3456:789a::1",
                        "fe80::1",
                        "febf::1",
                        "fec0::1",
                        "ff02::1",
                        "ff0e::1"}) {
    EXPECT_TRUE(Reason(a).has_value()) << a;
  }
  EXPECT_EQ(*Reason("::1"), "a loopback address");
  EXPECT_EQ(*Reason("::ffff:127.0.0.1"),
            "an IPv4-mapped form of a loopback address");
  EXPECT_EQ(*Reason("fd00::1"), "a private (unique local) address");
}

TEST(AddressGuardTest, AllowsPublicIpv6) {
  for (const char* a : {"2606:4700:4700::1111", "2a00:1450:4001::200e",
                        "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
                        "fbff::1", "fe7f::1", "2001:db9::1", "2001:1::1"}) {
    EXPECT_FALSE(Reason(a).has_value()) << a << ": " << Reason(a).value_or("");
  }
}

TEST(AddressGuardTest, LiteralHostsAreReadAsInetAtonReadsThem) {
  for (const char* host : {"127.1", "2130706433", "0x7f000001", "0177.0.0.1",
                           "017700000001", "0x7f.1", "127.0.0.1"}) {
    auto a = LiteralHostAddress(host);
    ASSERT_TRUE(a) << host;
    EXPECT_EQ(a->to_string(), "127.0.0.1") << host;
  }
  EXPECT_EQ(LiteralHostAddress("0")->to_string(), "0.0.0.0");
  EXPECT_EQ(LiteralHostAddress("::1")->to_string(), "::1");
  for (const char* name : {"example.com", "cafe", "deadbeef.com", "1.2.3.4.5",
                           "0x", "", "127.0.0.1 x"}) {
    EXPECT_FALSE(LiteralHostAddress(name)) << name;
  }
}

}  // namespace
}  // namespace hookwarden::notify
