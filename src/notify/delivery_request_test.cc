#include "notify/delivery_request.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>

#include "auth/random.h"
#include "auth/signature.h"
#include "domain/envelope.h"
#include "domain/organization.h"
#include "notify/event_fields.h"

namespace hookwarden::notify {
namespace {

// Made up for this run, with a quote that JSON bodies must escape.
const std::string kTokenStem = "chat-token-" + auth::RandomHex(8);
const std::string kToken = kTokenStem + "\"value";
const std::string kSigningSecret = "hws_test-signing-secret";

ClaimedDelivery Claimed() {
  Incident incident;
  incident.id = "inc_1";
  incident.organization_id = "org_1";
  incident.application_id = "app_1";
  incident.kind = "failures";
  incident.severity = "sev2";
  incident.status = "alarmed";
  incident.cause = "bank down\r\nX-Injected: yes";
  incident.opened_at = 1'700'000'000'000;
  EventApplication app{"app_1", "checkout", "Check out & pay", "shop"};
  ClaimedDelivery c;
  c.delivery.id = "dlv_1";
  c.delivery.organization_id = "org_1";
  c.delivery.channel_id = "chn_1";
  c.delivery.event_id = "evt_1";
  c.delivery.event_type = "incident.opened";
  c.delivery.payload = MakeEnvelope(
      "evt_1", "incident.opened", 1'700'000'000'500,
      Organization{"org_1", "Acme", "acme", 0}, IncidentData(incident, app));
  c.channel.id = "chn_1";
  c.channel.organization_id = "org_1";
  c.channel.url =
      "https://hooks.example.com/{{TOKEN}}?app={{application.name}}";
  c.channel.headers = {{"Authorization", "Bearer {{TOKEN}}"},
                       {"X-Cause", "{{incident.cause}}"}};
  c.channel.body_template =
      R"({"text":"{{incident.severity}} on {{application.name}}: {{incident.cause}}","t":"{{TOKEN}}"})";
  c.channel.events = {"incident.opened"};
  return c;
}

class DeliveryRequestTest : public ::testing::Test {
 protected:
  Result<DeliveryRequest> Build(const ClaimedDelivery& c) {
    return BuildDeliveryRequest(
        c,
        [this](const std::string& name) -> Result<std::string> {
          ++opened_;
          auto it = secrets_.find(name);
          if (it == secrets_.end()) return Status::NotFound("no secret");
          return it->second;
        },
        kSigningSecret, 1'700'000'001, "hookwarden/test");
  }

  std::string Header(const DeliveryRequest& r, std::string_view name) {
    for (const auto& [n, v] : r.request.headers) {
      if (n == name) return v;
    }
    return "<absent>";
  }

  std::map<std::string, std::string> secrets_{{"TOKEN", std::string(kToken)}};
  int opened_ = 0;
};

TEST_F(DeliveryRequestTest, FillsSecretsAndFieldsEachAsItsPlaceWants) {
  auto r = Build(Claimed());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(opened_, 1) << "each secret is opened once per delivery";
  EXPECT_EQ(r->request.method, "POST");
  EXPECT_EQ(r->request.url, "https://hooks.example.com/" + std::string(kToken) +
                                "?app=Check%20out%20%26%20pay");
  EXPECT_EQ(r->display_url,
            "https://hooks.example.com/{{TOKEN}}?app=Check%20out%20%26%20pay");
  EXPECT_EQ(Header(*r, "Authorization"), "Bearer " + std::string(kToken));
  // A field cannot add a header line.
  EXPECT_EQ(Header(*r, "X-Cause"), "bank down  X-Injected: yes");
  EXPECT_EQ(
      r->request.body,
      R"({"text":"sev2 on Check out & pay: bank down\r\nX-Injected: yes","t":")" +
          kTokenStem + R"(\"value"})");
  EXPECT_EQ(Header(*r, "Content-Type"), "application/json");
  EXPECT_EQ(Header(*r, "User-Agent"), "hookwarden/test");
  EXPECT_EQ(Header(*r, "X-Hookwarden-Event"), "incident.opened");
  EXPECT_EQ(Header(*r, "X-Hookwarden-Event-Id"), "evt_1");
  EXPECT_EQ(Header(*r, "X-Hookwarden-Delivery"), "dlv_1");
  EXPECT_EQ(
      Header(*r, "X-Hookwarden-Signature"),
      "t=1700000001,v1=" +
          auth::HmacSha256Hex(kSigningSecret, "1700000001." + r->request.body));
  EXPECT_EQ(r->hidden,
            (std::vector<std::string>{kSigningSecret, std::string(kToken)}));
}

TEST_F(DeliveryRequestTest, WithoutATemplateTheBodyIsTheEnvelope) {
  ClaimedDelivery c = Claimed();
  c.channel.body_template.reset();
  c.channel.headers = {{"Content-Type", "application/cloudevents+json"}};
  auto r = Build(c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->request.body, c.delivery.payload);
  EXPECT_EQ(Header(*r, "Content-Type"), "application/cloudevents+json");
}

TEST_F(DeliveryRequestTest, PlainTextBodiesAreNotEscaped) {
  ClaimedDelivery c = Claimed();
  c.channel.headers = {{"Content-Type", "text/plain"}};
  c.channel.body_template = "{{application.name}} \"{{TOKEN}}\"";
  auto r = Build(c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->request.body, "Check out & pay \"" + std::string(kToken) + "\"");
}

TEST_F(DeliveryRequestTest, FailsWithoutValuesInTheMessage) {
  secrets_.clear();
  auto gone = Build(Claimed());
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().message(), "the secret TOKEN no longer exists");

  secrets_["TOKEN"] = "line\r\nbreak-VALUE";
  auto broken = Build(Claimed());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("TOKEN"), std::string::npos);
  EXPECT_EQ(broken.status().message().find("VALUE"), std::string::npos);
}

TEST(RedactTest, HidesEveryValueAndItsJsonForm) {
  std::vector<std::string> hidden = {"abc\"d", "hws_key", ""};
  EXPECT_EQ(Redact("x abc\"d y abc\\\"d z hws_key", hidden),
            "x [redacted] y [redacted] z [redacted]");
  EXPECT_EQ(Redact("nothing here", hidden), "nothing here");
  // A value inside another goes with the longer one.
  EXPECT_EQ(Redact("tok-tok-long", {"tok", "tok-tok-long"}), "[redacted]");
}

TEST(RedactTest, ACutKeepsNoFragmentOfAValue) {
  const std::string secret = "S3cr3t-value-of-forty-characters-0123456";
  // A value straddling the cut: redacted whole before the cut.
  std::string padding(20, '.');
  EXPECT_EQ(RedactAndCut(padding + secret + " tail", {secret}, 30),
            padding + "[redacted]");
  // A value's start left at the end of a text cut before: still the value.
  EXPECT_EQ(RedactAndCut(padding + secret.substr(0, 7), {secret}, 512,
                         /*already_cut=*/true),
            padding + "[redacted]");
  EXPECT_EQ(RedactAndCut(padding + "S", {secret}, 21, true),
            padding + "[redacted]");
  // A text that was not cut keeps what merely looks like a value's start.
  EXPECT_EQ(RedactAndCut(padding + "S3cr", {secret}, 512), padding + "S3cr");
  // Its JSON form is a value too.
  EXPECT_EQ(RedactAndCut("x abc\\\"", {"abc\"d"}, 512, true), "x [redacted]");
}

TEST(EventFieldsTest, ValuesComeFromTheEnvelope) {
  ClaimedDelivery c = Claimed();
  boost::system::error_code ec;
  auto envelope = boost::json::parse(c.delivery.payload, ec).as_object();
  EXPECT_EQ(FieldValue(envelope, "event.id"), "evt_1");
  EXPECT_EQ(FieldValue(envelope, "event.type"), "incident.opened");
  EXPECT_EQ(FieldValue(envelope, "event.created_at"),
            "2023-11-14T22:13:20.500Z");
  EXPECT_EQ(FieldValue(envelope, "organization.slug"), "acme");
  EXPECT_EQ(FieldValue(envelope, "incident.severity"), "sev2");
  EXPECT_EQ(FieldValue(envelope, "incident.acknowledged_at"), "");
  EXPECT_EQ(FieldValue(envelope, "application.product"), "shop");
  EXPECT_EQ(FieldValue(envelope, "deploy.version"), "");
  EXPECT_EQ(FieldValue(envelope, "incident.severity.x"), "");
  EXPECT_TRUE(
      IsFieldOfAny("deploy.version", {"incident.opened", "deploy.created"}));
  EXPECT_FALSE(IsFieldOfAny("deploy.version", {"incident.opened"}));
  EXPECT_FALSE(IsFieldOfAny("incident.nothing", {"incident.opened"}));
  EXPECT_TRUE(IsFieldOfAny("organization.name", {"credential.regenerated"}));
  // Every field a test event may name is in its sample data.
  auto test =
      boost::json::parse(MakeEnvelope("evt_t", "test", 0,
                                      Organization{"org_1", "Acme", "acme", 0},
                                      TestData(0, "admin")))
          .as_object();
  for (std::string_view field : FieldsOf("test")) {
    if (field.find("_at") != std::string_view::npos ||
        field.find("_by") != std::string_view::npos ||
        field.find("previous") != std::string_view::npos ||
        field == "deploy.description")
      continue;  // Null in the sample.
    EXPECT_NE(FieldValue(test, field), "") << field;
  }
}

}  // namespace
}  // namespace hookwarden::notify
