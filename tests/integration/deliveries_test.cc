// Deliveries to a real receiver on loopback: secrets filled in at delivery
// time and shown nowhere, signatures a receiver can check, the events that
// cause deliveries (each once), an incident's deliveries listed with it,
// retries after 5xx and none after 4xx, and pending deliveries that survive
// a restart.
#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <map>

#include "channels_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

const std::string kToken = MadeUpSecret("delivery-token");
constexpr std::string_view kPath = "T0001/B0002/PATHSECRET77";

class DeliveriesTest : public ChannelTest {
 protected:
  // A channel to the receiver taking `events`, without a body template.
  json::value PlainChannel(std::string_view name, json::array events,
                           json::array apps = {}) {
    return MakeChannel({{"name", name},
                        {"url", receiver_.Url("/" + std::string(name))},
                        {"events", std::move(events)},
                        {"applications", std::move(apps)},
                        // Each incident change at once, ungrouped.
                        {"group_seconds", 0}});
  }
};

json::value Body(const ReceivedRequest& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  return ec ? json::value() : v;
}

TEST_F(DeliveriesTest, SecretsAreFilledInWhenSentAndShownNowhere) {
  MakeSecret("TOKEN", kToken);
  MakeSecret("SLACK_PATH", kPath);
  json::value ch = MakeChannel(
      {{"name", "Slack"},
       {"url",
        receiver_.Url("/services/{{SLACK_PATH}}?app={{application.name}}")},
       {"headers", {{"Authorization", "Bearer {{TOKEN}}"}}},
       {"body_template",
        R"({"text":"{{incident.severity}}: {{application.name}}","token":"{{TOKEN}}"})"},
       {"events", {"incident.opened"}}});
  std::string id = Str(ch, "/id");
  std::string signing_secret = Str(ch, "/signing_secret");

  json::value queued = SendTest(id);
  EXPECT_EQ(Str(queued, "/event_type"), "test");
  EXPECT_EQ(Str(queued, "/status"), "pending");
  std::vector<ReceivedRequest> got = WaitForRequests(1);
  ASSERT_EQ(got.size(), 1u);
  const ReceivedRequest& r = got[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target,
            "/services/" + std::string(kPath) + "?app=Example%20application");
  EXPECT_EQ(r.header("authorization"), "Bearer " + std::string(kToken));
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("x-hookwarden-event"), "test");
  EXPECT_EQ(r.header("x-hookwarden-delivery"), Str(queued, "/id"));
  EXPECT_EQ(Body(r), json::parse(R"({"text":"sev2: Example application",)"
                                 R"("token":")" +
                                 std::string(kToken) + "\"}"))
      << r.body;
  EXPECT_TRUE(SignedWith(r, signing_secret));
  EXPECT_FALSE(SignedWith(r, "hws_some-other-secret"));

  json::array list = WaitForDeliveries(id, [](const json::array& l) {
    return AllHaveStatus(l, 1, "delivered");
  });
  ASSERT_EQ(list.size(), 1u);
  json::value attempt = At(list[0], "/attempts/0");
  EXPECT_EQ(At(attempt, "/status_code"), 200);
  EXPECT_EQ(
      Str(attempt, "/url"),
      receiver_.Url("/services/{{SLACK_PATH}}?app=Example%20application"));
  EXPECT_TRUE(IsTimestamp(Str(attempt, "/at")));
  EXPECT_EQ(Str(list[0], "/payload/type"), "test");

  // A signing secret regenerated signs what follows.
  Response rotated =
      admin_.Post(ChannelPath(id, "/signing-secret"), json::object{});
  ASSERT_EQ(rotated.status, 200);
  SendTest(id);
  got = WaitForRequests(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(SignedWith(got[1], Str(rotated.json(), "/signing_secret")));
  EXPECT_FALSE(SignedWith(got[1], signing_secret));
  WaitForDeliveries(id, [](const json::array& l) {
    return AllHaveStatus(l, 2, "delivered");
  });

  // A secret deleted by force: the next delivery fails, naming it only.
  ASSERT_EQ(
      admin_.Delete("/api/v1/orgs/default/secrets/TOKEN?force=true").status,
      204);
  SendTest(id);
  list = WaitForDeliveries(id, [](const json::array& l) {
    return l.size() == 3 && Str(l[0], "/status") == "failed";
  });
  EXPECT_NE(Str(list[0], "/last_error").find("TOKEN no longer exists"),
            std::string::npos)
      << list[0];
  EXPECT_EQ(receiver_.Requests().size(), 2u);

  ExpectNowhere(kToken);
  ExpectNowhere(kPath);
  // The signing secret was in the answer that made it, and nowhere else.
  EXPECT_EQ(server_.log_text().find(signing_secret), std::string::npos);
  Response audit = admin_.Get("/api/v1/orgs/default/audit-log?limit=500");
  EXPECT_EQ(audit.body.find(signing_secret), std::string::npos);
  for (const json::value& d : Deliveries(id)) {
    EXPECT_EQ(json::serialize(d).find(signing_secret), std::string::npos);
  }
}

TEST_F(DeliveriesTest, IncidentChangesReachTheReceiverOnceEach) {
  SetRules(
      {{"failures_to_open", 2}, {"hits_to_close", 1}, {"severity", "sev1"}});
  AddApp("other", kIngestProduct);
  json::value ch = PlainChannel(
      "ops", {"incident.opened", "incident.acknowledged", "incident.resolved"});
  json::value elsewhere =
      PlainChannel("elsewhere", {"incident.opened"}, {"other"});
  json::value deploys = PlainChannel("deploys", {"deploy.created"});
  std::string signing_secret = Str(ch, "/signing_secret");

  int64_t t = NowMillis();
  ASSERT_TRUE(InState(SendFailure(t, "bank down"), "operational"));
  Response opened = SendFailure(t + 1, "bank still down");
  ASSERT_TRUE(InState(opened, "incident"));
  ASSERT_TRUE(InState(SendFailure(t + 2, "and again"), "incident"));
  std::string incident = Str(opened.json(), "/incident/id");
  Response ack =
      admin_.Post(IncidentPath(incident, "/acknowledge"), json::object{});
  ASSERT_EQ(ack.status, 200) << ack.body;
  ASSERT_TRUE(InState(SendHit(t + 3), "operational"));

  std::vector<ReceivedRequest> got = WaitForRequests(3);
  json::array list = WaitForDeliveries(
      Str(ch, "/id"),
      [](const json::array& l) { return AllHaveStatus(l, 3, "delivered"); });
  ASSERT_EQ(got.size(), 3u);
  std::vector<std::string> types;
  std::map<std::string, json::value> by_type;
  for (const ReceivedRequest& r : got) {
    EXPECT_EQ(r.target, "/ops");
    EXPECT_TRUE(SignedWith(r, signing_secret));
    json::value e = Body(r);
    types.push_back(Str(e, "/type"));
    by_type[Str(e, "/type")] = e;
    EXPECT_EQ(r.header("x-hookwarden-event"), Str(e, "/type"));
    EXPECT_EQ(r.header("x-hookwarden-event-id"), Str(e, "/id"));
    EXPECT_EQ(Str(e, "/id").rfind("evt_", 0), 0u) << r.body;
    EXPECT_TRUE(IsTimestamp(Str(e, "/created_at"))) << r.body;
    EXPECT_EQ(Str(e, "/organization/slug"), "default");
    EXPECT_EQ(Str(e, "/data/incident/id"), incident);
    EXPECT_EQ(Str(e, "/data/incident/severity"), "sev1");
    EXPECT_EQ(Str(e, "/data/application/slug"), kIngestApp);
    EXPECT_EQ(Str(e, "/data/application/product"), kIngestProduct);
  }
  // Up to two deliveries of a channel are in flight at once, so they may
  // arrive in any order; each once.
  std::sort(types.begin(), types.end());
  EXPECT_EQ(types,
            (std::vector<std::string>{"incident.acknowledged",
                                      "incident.opened", "incident.resolved"}));
  EXPECT_EQ(Str(by_type["incident.opened"], "/data/incident/cause"),
            "bank still down");
  EXPECT_EQ(
      Str(by_type["incident.acknowledged"], "/data/incident/acknowledged_by"),
      "admin");
  EXPECT_EQ(Str(by_type["incident.resolved"], "/data/incident/resolved_by"),
            "auto");
  // Queued with the change itself: the other channels' outboxes are
  // settled, and hold nothing for these events.
  EXPECT_TRUE(Deliveries(Str(elsewhere, "/id")).empty());
  EXPECT_TRUE(Deliveries(Str(deploys, "/id")).empty());
  EXPECT_EQ(receiver_.Requests().size(), 3u);
}

TEST_F(DeliveriesTest, AnIncidentListsWhatEachChannelWasSentAboutIt) {
  SetRules({{"failures_to_open", 2}, {"hits_to_close", 1}});
  json::value ch =
      PlainChannel("ops", {"incident.opened", "incident.resolved"});
  std::string id = Str(ch, "/id");
  receiver_.Script({400});  // The opening is refused; the rest is taken.
  int64_t t = NowMillis();
  ASSERT_TRUE(InState(SendFailure(t, "bank down"), "operational"));
  Response opened = SendFailure(t + 1, "bank still down");
  ASSERT_TRUE(InState(opened, "incident"));
  std::string incident = Str(opened.json(), "/incident/id");
  WaitForDeliveries(
      id, [](const json::array& l) { return AllHaveStatus(l, 1, "failed"); });
  ASSERT_TRUE(InState(SendHit(t + 2), "operational"));
  WaitForDeliveries(id, [](const json::array& l) {
    return l.size() == 2 && Str(l[0], "/status") == "delivered";
  });
  // A later incident's notifications are its own.
  ASSERT_TRUE(InState(SendFailure(t + 3, "down again"), "operational"));
  Response again = SendFailure(t + 4, "down again");
  ASSERT_TRUE(InState(again, "incident"));
  WaitForDeliveries(id, [](const json::array& l) { return l.size() == 3; });

  Response r = admin_.Get(IncidentPath(incident, "/deliveries"));
  ASSERT_EQ(r.status, 200) << r.body;
  json::array list = Items(r.json(), "/deliveries");
  ASSERT_EQ(list.size(), 2u) << r.body;
  EXPECT_EQ(Str(list[0], "/event_type"), "incident.resolved");
  EXPECT_EQ(Str(list[0], "/status"), "delivered");
  EXPECT_EQ(At(list[0], "/last_status_code"), 200);
  EXPECT_EQ(Str(list[0], "/channel_id"), id);
  EXPECT_EQ(Str(list[0], "/payload/data/incident/id"), incident);
  EXPECT_EQ(Str(list[1], "/event_type"), "incident.opened");
  EXPECT_EQ(Str(list[1], "/status"), "failed");
  EXPECT_EQ(At(list[1], "/last_status_code"), 400);
  EXPECT_TRUE(At(r.json(), "/next_cursor").is_null());

  // A page at a time.
  Response first = admin_.Get(IncidentPath(incident, "/deliveries?limit=1"));
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(Items(first.json(), "/deliveries").size(), 1u);
  EXPECT_EQ(Str(first.json(), "/deliveries/0/id"), Str(list[0], "/id"));
  Response second =
      admin_.Get(IncidentPath(incident, "/deliveries?limit=1&cursor=" +
                                            Str(first.json(), "/next_cursor")));
  ASSERT_EQ(second.status, 200) << second.body;
  ASSERT_EQ(Items(second.json(), "/deliveries").size(), 1u);
  EXPECT_EQ(Str(second.json(), "/deliveries/0/id"), Str(list[1], "/id"));
  EXPECT_TRUE(At(second.json(), "/next_cursor").is_null());
  for (std::string_view bad : {"limit=0", "limit=501", "cursor=zz"}) {
    Response b =
        admin_.Get(IncidentPath(incident, "/deliveries?" + std::string(bad)));
    EXPECT_TRUE(IsError(b, 400, "bad_request")) << bad << ": " << b.body;
  }
  EXPECT_TRUE(IsError(admin_.Get(IncidentPath("inc_none", "/deliveries")), 404,
                      "not_found"));

  // Another organization's incident is not found, under either path.
  constexpr std::string_view kPassword = "Member-pa55word-long";
  AddMember(admin_, "default", "bob", "member", kPassword);
  ASSERT_EQ(admin_.Delete("/api/v1/orgs/default/members/bob").status, 204);
  HttpClient bob = Login("bob", kPassword);
  CreateOrg(bob, "beta", "Beta");
  EXPECT_TRUE(IsError(bob.Get(IncidentPath(incident, "/deliveries", "beta")),
                      404, "not_found"));
  EXPECT_TRUE(IsError(bob.Get(IncidentPath(incident, "/deliveries")), 404,
                      "not_found"));
}

TEST_F(DeliveriesTest, DeploysAndRegeneratedCredentialsAreNotified) {
  json::value ch =
      PlainChannel("changes", {"deploy.created", "credential.regenerated"});
  json::value filtered =
      PlainChannel("checkout-only", {"deploy.created"}, {"checkout"});
  Response first = Deploy(json::object{{"version", "1.4.2"}, {"id", "run-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  // The same deploy again is an update, not a new one.
  ASSERT_EQ(
      Deploy(json::object{
                 {"version", "1.4.2"}, {"id", "run-1"}, {"status", "failure"}})
          .status,
      200);
  Response regenerated =
      admin_.Post("/api/v1/orgs/default/integration-tokens/" +
                      hits_credential_id_ + "/regenerate",
                  json::object{{"grace_seconds", 60}});
  ASSERT_EQ(regenerated.status, 200) << regenerated.body;
  std::string new_token = Str(regenerated.json(), "/token");

  std::vector<ReceivedRequest> got = WaitForRequests(3);
  WaitForDeliveries(Str(ch, "/id"), [](const json::array& l) {
    return AllHaveStatus(l, 2, "delivered");
  });
  WaitForDeliveries(Str(filtered, "/id"), [](const json::array& l) {
    return AllHaveStatus(l, 1, "delivered");
  });
  ASSERT_EQ(got.size(), 3u);
  std::map<std::string, json::value> by_target_type;
  for (const ReceivedRequest& r : got) {
    json::value e = Body(r);
    by_target_type[r.target + " " + Str(e, "/type")] = e;
  }
  json::value deploy = by_target_type["/changes deploy.created"];
  EXPECT_EQ(Str(deploy, "/data/deploy/id"), "run-1") << deploy;
  EXPECT_EQ(Str(deploy, "/data/deploy/version"), "1.4.2");
  EXPECT_EQ(Str(deploy, "/data/application/slug"), kIngestApp);
  EXPECT_TRUE(by_target_type.count("/checkout-only deploy.created"));
  json::value credential = by_target_type["/changes credential.regenerated"];
  EXPECT_EQ(Str(credential, "/data/credential/id"), hits_credential_id_)
      << credential;
  EXPECT_EQ(Str(credential, "/data/credential/regenerated_by"), "admin");
  EXPECT_TRUE(
      IsTimestamp(Str(credential, "/data/credential/previous_valid_until")));
  EXPECT_EQ(Str(credential, "/data/applications/0/slug"), kIngestApp);
  // No token travels with it.
  for (const ReceivedRequest& r : got) {
    EXPECT_EQ(r.body.find(new_token), std::string::npos);
    EXPECT_EQ(r.body.find(api_token_), std::string::npos);
    EXPECT_EQ(r.body.find(integration_token_), std::string::npos);
  }
}

TEST_F(DeliveriesTest, A5xxIsTriedAgainUntilItSucceeds) {
  json::value ch = PlainChannel("flaky", {"incident.opened"});
  std::string id = Str(ch, "/id");
  receiver_.Script({500, 503});
  SendTest(id);
  json::array list = WaitForDeliveries(id, [](const json::array& l) {
    return AllHaveStatus(l, 1, "delivered");
  });
  ASSERT_EQ(list.size(), 1u);
  json::array attempts = Items(list[0], "/attempts");
  ASSERT_EQ(attempts.size(), 3u) << list[0];
  EXPECT_EQ(At(attempts[0], "/status_code"), 500);
  EXPECT_EQ(Str(attempts[0], "/error"), "answered 500");
  EXPECT_EQ(Str(attempts[0], "/response"), "answer 500");
  EXPECT_EQ(At(attempts[1], "/status_code"), 503);
  EXPECT_EQ(At(attempts[2], "/status_code"), 200);
  EXPECT_TRUE(At(attempts[2], "/error").is_null());
  EXPECT_EQ(At(list[0], "/attempt_count"), 3);
  // Backoff with jitter: at least half of 100 ms, then of 200 ms.
  int64_t a0 = ParseTime(Str(attempts[0], "/at")).value_or(0);
  int64_t a1 = ParseTime(Str(attempts[1], "/at")).value_or(0);
  int64_t a2 = ParseTime(Str(attempts[2], "/at")).value_or(0);
  EXPECT_GE(a1 - a0, 50);
  EXPECT_GE(a2 - a1, 100);
  std::vector<ReceivedRequest> got = receiver_.Requests();
  ASSERT_EQ(got.size(), 3u);
  for (const ReceivedRequest& r : got) {
    EXPECT_EQ(r.header("x-hookwarden-delivery"), Str(list[0], "/id"));
    EXPECT_TRUE(SignedWith(r, Str(ch, "/signing_secret")));
  }
}

TEST_F(DeliveriesTest, A4xxIsFinal) {
  json::value ch = PlainChannel("strict", {"incident.opened"});
  std::string id = Str(ch, "/id");
  receiver_.Script({400});
  SendTest(id);
  json::array list = WaitForDeliveries(
      id, [](const json::array& l) { return AllHaveStatus(l, 1, "failed"); });
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(Items(list[0], "/attempts").size(), 1u);
  EXPECT_EQ(At(list[0], "/last_status_code"), 400);
  EXPECT_NE(Str(list[0], "/last_error").find("400"), std::string::npos);
  EXPECT_TRUE(At(list[0], "/next_attempt_at").is_null());
  EXPECT_TRUE(IsTimestamp(Str(list[0], "/finished_at")));
  // A later delivery goes through; the failed one was not tried again by
  // then (its retry would have come after 100 ms at most).
  SendTest(id);
  list = WaitForDeliveries(id, [](const json::array& l) {
    return l.size() == 2 && Str(l[0], "/status") == "delivered";
  });
  EXPECT_EQ(Str(list[1], "/status"), "failed");
  EXPECT_EQ(Items(list[1], "/attempts").size(), 1u);
  EXPECT_EQ(receiver_.Requests().size(), 2u);
}

TEST_F(DeliveriesTest, AnAnswerEchoingASecretAcrossTheCutKeepsNoneOfIt) {
  // 40 characters, sent as the Authorization header and echoed back by the
  // receiver after some padding, so that it straddles the kept 512 bytes.
  const std::string key = MadeUpSecret("echoed-authorization-key-0123");
  ASSERT_EQ(key.size(), 46u);
  MakeSecret("ECHOED", key);
  json::value ch = MakeChannel({{"name", "echo"},
                                {"url", receiver_.Url("/echo")},
                                {"headers", {{"Authorization", "{{ECHOED}}"}}},
                                {"events", {"incident.opened"}}});
  std::string id = Str(ch, "/id");
  const std::vector<size_t> paddings = {473, 500, 511};
  std::atomic<size_t> answered{0};
  receiver_.Respond([&](const ReceivedRequest& r) {
    size_t padding = paddings[answered++ % paddings.size()];
    return ReceiverAnswer{
        400, std::string(padding, '.') + r.header("authorization") + "!"};
  });
  for (size_t i = 0; i < paddings.size(); ++i) {
    SendTest(id);
    WaitForDeliveries(id, [&](const json::array& l) {
      return AllHaveStatus(l, i + 1, "failed");
    });
  }
  EXPECT_EQ(receiver_.Requests()[0].header("authorization"), key);
  json::array list = Deliveries(id);
  ASSERT_EQ(list.size(), paddings.size());
  for (size_t i = 0; i < list.size(); ++i) {
    // Newest first.
    size_t padding = paddings[paddings.size() - 1 - i];
    std::string kept = Str(list[i], "/attempts/0/response");
    ASSERT_GE(kept.size(), padding) << list[i];
    EXPECT_EQ(kept.substr(0, padding), std::string(padding, '.'));
    std::string rest = kept.substr(padding);
    EXPECT_EQ(std::string_view("[redacted]!").substr(0, rest.size()), rest)
        << "kept after the padding: " << rest;
    // Not even the secret's first two characters are kept.
    EXPECT_EQ(rest.find(key.substr(0, 2)), std::string::npos) << rest;
  }
  ExpectNowhere(key);
}

TEST_F(DeliveriesTest, PendingDeliveriesGoOutAfterARestart) {
  json::value ch = PlainChannel("patient", {"incident.opened"});
  std::string id = Str(ch, "/id");
  int port = receiver_.port();
  receiver_.Stop();  // Down: connections are refused.
  SendTest(id);
  json::array list = WaitForDeliveries(id, [](const json::array& l) {
    return l.size() == 1 && Items(l[0], "/attempts").size() >= 1;
  });
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(Str(list[0], "/status"), "pending");
  EXPECT_TRUE(At(list[0], "/last_status_code").is_null());
  EXPECT_NE(Str(list[0], "/last_error").find("cannot connect"),
            std::string::npos)
      << list[0];

  ASSERT_EQ(server_.Stop(), 0);
  ASSERT_TRUE(receiver_.Start(port));
  ASSERT_TRUE(server_.Start(ServerArgs()));
  admin_ = Login("admin", kAdminPassword);
  std::vector<ReceivedRequest> got = WaitForRequests(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].target, "/patient");
  EXPECT_TRUE(SignedWith(got[0], Str(ch, "/signing_secret")));
  list = WaitForDeliveries(id, [](const json::array& l) {
    return AllHaveStatus(l, 1, "delivered");
  });
  EXPECT_EQ(Str(Body(got[0]), "/id"), Str(list[0], "/event_id"));
}

}  // namespace
}  // namespace hookwarden::testing
