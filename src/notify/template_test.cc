#include "notify/template.h"

#include <gtest/gtest.h>

namespace hookwarden::notify {
namespace {

Result<std::string> Upper(const std::string& name) { return "<" + name + ">"; }
Result<std::string> Lower(const std::string& name) { return "[" + name + "]"; }

TEST(TemplateTest, ParsesTextSecretsAndFields) {
  auto t = Template::Parse(
      "https://x/{{ SLACK_PATH "
      "}}?s={{incident.severity}}&t={{_T1}}{{event.id}}",
      "url");
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->parts().size(), 7u);
  EXPECT_EQ(t->parts()[0].kind, TemplatePart::kText);
  EXPECT_EQ(t->parts()[0].text, "https://x/");
  EXPECT_EQ(t->parts()[1].kind, TemplatePart::kSecret);
  EXPECT_EQ(t->parts()[1].text, "SLACK_PATH");
  EXPECT_EQ(t->parts()[3].kind, TemplatePart::kField);
  EXPECT_EQ(t->parts()[3].text, "incident.severity");
  EXPECT_EQ(t->Secrets(), (std::vector<std::string>{"SLACK_PATH", "_T1"}));
  EXPECT_EQ(t->Fields(),
            (std::vector<std::string>{"incident.severity", "event.id"}));
  auto out = t->Render(Upper, Escape::kNone, Lower, Escape::kNone);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out,
            "https://x/<SLACK_PATH>?s=[incident.severity]&t=<_T1>[event.id]");
}

TEST(TemplateTest, TextWithoutPlaceholdersAndRepeatedNames) {
  auto plain = Template::Parse("no placeholders } { here", "body_template");
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->Secrets().empty());
  auto empty = Template::Parse("", "body_template");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty->Render(Upper, Escape::kNone, Lower, Escape::kNone), "");
  auto twice = Template::Parse("{{A}}{{A}}{{a.b}}{{a.b}}", "x");
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->Secrets().size(), 1u);
  EXPECT_EQ(twice->Fields().size(), 1u);
}

TEST(TemplateTest, RefusesBrokenPlaceholdersNamingTheField) {
  for (const char* bad : {"{{TOKEN", "a {{ b", "{{}}", "{{ }}", "{{Token}}",
                          "{{a-b}}", "{{1A}}", "{{incident.}}", "{{.x}}",
                          "{{a..b}}", "{{a b}}", "{{a.1b}}", "{{{TOKEN}}}"}) {
    auto t = Template::Parse(bad, "headers");
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.status().code(), ErrorCode::kInvalid) << bad;
    EXPECT_EQ(t.status().field(), "headers") << bad;
  }
}

TEST(TemplateTest, EscapesFieldsAndSecretsAsAsked) {
  auto t = Template::Parse("{{S}}|{{f.x}}", "x");
  ASSERT_TRUE(t.ok());
  auto value = [](const std::string&) -> Result<std::string> {
    return std::string("a b/\"c\"\n\xc3\xa9");
  };
  EXPECT_EQ(*t->Render(value, Escape::kNone, value, Escape::kUrl),
            "a b/\"c\"\n\xc3\xa9|a%20b%2F%22c%22%0A%C3%A9");
  EXPECT_EQ(*t->Render(value, Escape::kJson, value, Escape::kJson),
            "a b/\\\"c\\\"\\n\xc3\xa9|a b/\\\"c\\\"\\n\xc3\xa9");
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
}

TEST(TemplateTest, RenderStopsAtTheFirstFailedLookup) {
  auto t = Template::Parse("{{GONE}}", "x");
  ASSERT_TRUE(t.ok());
  auto missing = [](const std::string& name) -> Result<std::string> {
    return Status::NotFound("the secret " + name + " no longer exists");
  };
  auto out = t->Render(missing, Escape::kNone, Lower, Escape::kNone);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(), "the secret GONE no longer exists");
}

}  // namespace
}  // namespace hookwarden::notify
