#include "notify/channel_rules.h"

#include <gtest/gtest.h>

namespace hookwarden::notify {
namespace {

Channel Valid() {
  Channel ch;
  ch.name = "Ops";
  ch.url = "https://hooks.example.com/services/{{SLACK_PATH}}";
  ch.headers = {{"Authorization", "Bearer {{TOKEN}}"},
                {"X-App", "{{application.slug}}"}};
  ch.body_template = R"({"text": "{{incident.severity}} {{TOKEN}}"})";
  ch.events = {"incident.opened", "incident.resolved"};
  return ch;
}

::testing::AssertionResult RefusedOn(const Channel& ch, std::string_view field,
                                     bool allow_private = false) {
  auto r = CheckChannelText(ch, allow_private);
  if (r.ok()) return ::testing::AssertionFailure() << "accepted";
  if (r.status().field() != field || r.status().code() != ErrorCode::kInvalid)
    return ::testing::AssertionFailure()
           << "field " << r.status().field() << ": " << r.status().message();
  return ::testing::AssertionSuccess() << r.status().message();
}

TEST(ChannelRulesTest, AcceptsAValidChannelAndListsItsSecrets) {
  auto secrets = CheckChannelText(Valid(), false);
  ASSERT_TRUE(secrets.ok()) << secrets.status().message();
  EXPECT_EQ(*secrets, (std::vector<std::string>{"SLACK_PATH", "TOKEN"}));
}

TEST(ChannelRulesTest, Events) {
  EXPECT_TRUE(CheckEvents({"deploy.created"}).ok());
  EXPECT_TRUE(CheckEvents({"incident.opened", "incident.acknowledged",
                           "incident.resolved", "deploy.created",
                           "credential.regenerated"})
                  .ok());
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {},
           {"incident.closed"},
           {"test"},
           {"deploy.created", "deploy.created"}}) {
    Status s = CheckEvents(bad);
    EXPECT_EQ(s.code(), ErrorCode::kInvalid);
    EXPECT_EQ(s.field(), "events");
  }
}

TEST(ChannelRulesTest, MethodAndUrl) {
  Channel ch = Valid();
  ch.method = "GET";
  EXPECT_TRUE(RefusedOn(ch, "method"));
  for (const char* m : {"POST", "PUT", "PATCH"}) {
    ch.method = m;
    EXPECT_TRUE(CheckChannelText(ch, false).ok()) << m;
  }
  for (const char* url :
       {"ftp://example.com/", "example.com/hook", "javascript:alert(1)",
        "http://", "http://user:pw@example.com/", "https://example.com/#x",
        "https://example.com:0/", "https://example.com:70000/",
        "https://example.com/{{TOKEN", "https://exa mple.com/",
        "https://example.com/\n"}) {
    ch = Valid();
    ch.url = url;
    EXPECT_TRUE(RefusedOn(ch, "url")) << url;
  }
  ch = Valid();
  ch.url = "https://example.com/" + std::string(kMaxChannelUrlBytes, 'a');
  EXPECT_TRUE(RefusedOn(ch, "url"));
  // A field of none of the channel's events.
  ch = Valid();
  ch.url = "https://example.com/{{deploy.version}}";
  EXPECT_TRUE(RefusedOn(ch, "url"));
  ch.events.push_back("deploy.created");
  EXPECT_TRUE(CheckChannelText(ch, false).ok());
  ch.url = "HTTPS://{{HOST}}/x";
  EXPECT_TRUE(CheckChannelText(ch, false).ok());
}

TEST(ChannelRulesTest, LiteralPrivateHostsNeedTheFlag) {
  for (const char* url :
       {"http://127.0.0.1:8080/", "http://10.1.2.3/", "http://[::1]/",
        "http://169.254.169.254/latest/meta-data", "http://localhost:9000/",
        "http://api.localhost/", "http://[fd00::1]/",
        // IPv4 as inet_aton reads it.
        "http://127.1/", "http://2130706433/", "http://0x7f000001/",
        "http://0177.0.0.1/", "http://017700000001/", "http://0x7f.1/",
        "http://0/", "http://0X7F.0.0.1:80/", "http://10.1/"}) {
    Channel ch = Valid();
    ch.url = url;
    auto refused = CheckChannelText(ch, false);
    ASSERT_FALSE(refused.ok()) << url;
    EXPECT_EQ(refused.status().field(), "url");
    EXPECT_NE(refused.status().message().find("--allow-private-targets"),
              std::string::npos)
        << refused.status().message();
    EXPECT_TRUE(CheckChannelText(ch, true).ok()) << url;
  }
}

TEST(ChannelRulesTest, HeadersAndBody) {
  Channel ch = Valid();
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{
           {"Host", "x"},
           {"content-length", "1"},
           {"X-Hookwarden-Signature", "x"},
           {"Proxy-Authorization", "x"},
           {"Bad Name", "x"},
           {"", "x"},
           {"X-Ok", "line\r\nbreak"},
           {"X-Ok", std::string(kMaxHeaderValueBytes + 1, 'v')},
           {"X-Ok", "{{unknown.field}}"}}) {
    ch = Valid();
    ch.headers.emplace_back(name, value);
    EXPECT_TRUE(RefusedOn(ch, "headers")) << name;
  }
  ch = Valid();
  ch.headers.emplace_back("authorization", "twice");
  EXPECT_TRUE(RefusedOn(ch, "headers"));
  ch = Valid();
  ch.headers.clear();
  for (size_t i = 0; i <= kMaxChannelHeaders; ++i)
    ch.headers.emplace_back("X-H" + std::to_string(i), "v");
  EXPECT_TRUE(RefusedOn(ch, "headers"));

  ch = Valid();
  ch.body_template = std::string(kMaxBodyTemplateBytes + 1, 'b');
  EXPECT_TRUE(RefusedOn(ch, "body_template"));
  ch.body_template = std::string(kMaxBodyTemplateBytes, 'b');
  EXPECT_TRUE(CheckChannelText(ch, false).ok());
  ch.body_template = "{{deploy.version}}";
  EXPECT_TRUE(RefusedOn(ch, "body_template"));
}

TEST(ChannelRulesTest, ContentTypeDecidesHowTheBodyIsEscaped) {
  Channel ch = Valid();
  EXPECT_EQ(ContentTypeOf(ch), "application/json");
  EXPECT_EQ(BodyEscapeOf(ch), Escape::kJson);
  ch.headers.emplace_back("content-type", "text/plain");
  EXPECT_EQ(ContentTypeOf(ch), "text/plain");
  EXPECT_EQ(BodyEscapeOf(ch), Escape::kNone);
  ch.headers.back().second = "application/vnd.api+json; charset=utf-8";
  EXPECT_EQ(BodyEscapeOf(ch), Escape::kJson);
}

}  // namespace
}  // namespace hookwarden::notify
