#include "auth/signature.h"

#include <gtest/gtest.h>

namespace hookwarden::auth {
namespace {

// RFC 4231, test cases 1 and 2.
TEST(SignatureTest, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block size.
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key "
                          "First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(SignatureTest, HeaderSignsTimeDotBody) {
  std::string header = SignatureHeaderValue("Jefe", 1700000000, R"({"a":1})");
  EXPECT_EQ(header, "t=1700000000,v1=" +
                        HmacSha256Hex("Jefe", R"(1700000000.{"a":1})"));
  EXPECT_NE(header, SignatureHeaderValue("Jefe", 1700000001, R"({"a":1})"));
  EXPECT_NE(header, SignatureHeaderValue("Jefe", 1700000000, R"({"a":2})"));
  EXPECT_NE(header, SignatureHeaderValue("Jeff", 1700000000, R"({"a":1})"));
}

TEST(SignatureTest, SigningSecretsAreFreshAndShaped) {
  std::string a = NewSigningSecret(), b = NewSigningSecret();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 47u);
  EXPECT_EQ(a.substr(0, 4), "hws_");
  EXPECT_NE(SigningSecretContext("org_a", "chn_1"),
            SigningSecretContext("org_b", "chn_1"));
}

}  // namespace
}  // namespace hookwarden::auth
