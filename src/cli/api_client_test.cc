#include "cli/api_client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <string>

#include "auth/token.h"

namespace hookwarden::cli {
namespace {

TEST(ServerUrlTest, HostAndPort) {
  auto url = ParseServerUrl("http://127.0.0.1:8080");
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, "8080");
  EXPECT_EQ(url->host_header, "127.0.0.1:8080");
  EXPECT_EQ(url->base_path, "");
  EXPECT_EQ(url->display, "http://127.0.0.1:8080");
}

TEST(ServerUrlTest, DefaultPortAndBasePath) {
  auto url = ParseServerUrl("HTTP://hookwarden.internal/prefix/");
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_EQ(url->host, "hookwarden.internal");
  EXPECT_EQ(url->port, "80");
  EXPECT_EQ(url->host_header, "hookwarden.internal");
  EXPECT_EQ(url->base_path, "/prefix");
  EXPECT_EQ(url->display, "http://hookwarden.internal/prefix");
  EXPECT_EQ(ParseServerUrl("http://h/")->base_path, "");
}

TEST(ServerUrlTest, Ipv6) {
  auto url = ParseServerUrl("http://[::1]:9000");
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, "9000");
  EXPECT_EQ(url->host_header, "[::1]:9000");
}

TEST(ServerUrlTest, HttpsTakesPort443ByDefault) {
  auto url = ParseServerUrl("https://hookwarden.example.com/base/");
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->port, "443");
  EXPECT_EQ(url->host_header, "hookwarden.example.com");
  EXPECT_EQ(url->display, "https://hookwarden.example.com/base");
  auto plain = ParseServerUrl("http://127.0.0.1:8080");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->tls);
}

TEST(ApiClientTest, AnUnreadableCaFileIsRefusedByName) {
  ApiClientOptions options;
  options.url = "https://127.0.0.1:8443";
  options.cacert = "/nonexistent/ca.pem";
  auto client = ApiClient::Create(options);
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.status().message().find("/nonexistent/ca.pem"),
            std::string::npos)
      << client.status().message();
}

TEST(ServerUrlTest, OtherBadUrls) {
  for (const char* bad :
       {"", "127.0.0.1:8080", "ftp://h", "http://", "http://h:99999",
        "http://h:0", "http://h/?x=1", "http://h/#top", "not a url"}) {
    EXPECT_FALSE(ParseServerUrl(bad).ok()) << bad;
  }
}

TEST(ServerUrlTest, CredentialsInTheUrlAreRefusedWithoutRepeatingThem) {
  auto url = ParseServerUrl("http://bob:s3cret@h:8080");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.status().message().find("s3cret"), std::string::npos);
  EXPECT_NE(url.status().message().find("HOOKWARDEN_API_KEY"),
            std::string::npos);
}

TEST(ApiClientTest, RefusesControlCharactersInTheKey) {
  EXPECT_FALSE(ApiClient::Create({"http://h", "hwp_x\r\nX-Evil: 1"}).ok());
  EXPECT_TRUE(ApiClient::Create({"http://h", "hwp_x"}).ok());
}

TEST(ApiClientTest, UnreachableServerNamesTheUrlButNotTheKey) {
  // A port that was just free: nothing listens on it.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t length = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length), 0);
  close(fd);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

  const std::string key = auth::MintToken(auth::TokenKind::kPersonal);
  auto client = ApiClient::Create({url, key});
  ASSERT_TRUE(client.ok());
  auto answer = client->Call("GET", "/api/v1/me");
  ASSERT_FALSE(answer.ok());
  EXPECT_NE(answer.status().message().find("cannot reach " + url),
            std::string::npos)
      << answer.status().message();
  EXPECT_EQ(answer.status().message().find(key), std::string::npos);
}

TEST(PathSegmentTest, EncodesAllButUnreserved) {
  EXPECT_EQ(PathSegment("itk_Abc-1.2~"), "itk_Abc-1.2~");
  EXPECT_EQ(PathSegment("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
  EXPECT_EQ(PathSegment(".."), "..");
  EXPECT_EQ(PathSegment("\xc3\xa9"), "%C3%A9");
  EXPECT_EQ(PathSegment(""), "");
}

ApiResponse Answer(int status, std::string body) {
  ApiResponse r;
  r.status = status;
  r.body = body;
  boost::system::error_code ec;
  r.json = boost::json::parse(body, ec);
  return r;
}

TEST(DescribeErrorTest, DocumentedErrorBody) {
  EXPECT_EQ(
      DescribeError(Answer(
          404, R"({"error":{"code":"not_found","message":"no such thing"}})")),
      "no such thing (not_found)");
  EXPECT_EQ(DescribeError(Answer(422, R"({"error":{"code":"invalid_field",
                "message":"name must be 1 to 100 characters","field":"name"}})")),
            "name must be 1 to 100 characters (invalid_field, field name)");
  EXPECT_EQ(DescribeError(
                Answer(409, R"({"error":{"code":"conflict","message":"taken",
                         "field":null}})")),
            "taken (conflict)");
}

TEST(DescribeErrorTest, AnythingElse) {
  EXPECT_EQ(DescribeError(Answer(502, "<html>Bad Gateway</html>")),
            "the server answered 502 without an error description");
  EXPECT_EQ(DescribeError(Answer(500, R"({"error":"boom"})")),
            "the server answered 500 without an error description");
  EXPECT_EQ(DescribeError(Answer(418, R"({"error":{"code":"teapot"}})")),
            "the server answered 418 (teapot)");
  EXPECT_EQ(
      DescribeError(Answer(
          400, "{\"error\":{\"code\":\"x\",\"message\":\"a\\u001b[2Jb\"}}")),
      "a\\x1b[2Jb (x)");
}

}  // namespace
}  // namespace hookwarden::cli
