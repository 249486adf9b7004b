// Notification channels through the HTTP API: create, read, change and
// delete them; the signing secret shown once; secrets named by channels
// (used_by, 409 on delete unless forced); and every bad input, role and
// organization refused without changing anything.
#include "channels_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

const std::string kToken = MadeUpSecret("chat-token");

class ChannelsApiTest : public ChannelTest {
 protected:
  json::object Slack() {
    return {{"name", "Slack"},
            {"url", receiver_.Url("/services/{{SLACK_PATH}}")},
            {"headers", {{"Authorization", "Bearer {{TOKEN}}"}}},
            {"body_template", R"({"text":"{{incident.severity}} on )"
                              R"({{application.name}}"})"},
            {"events", {"incident.opened", "incident.resolved"}}};
  }

  json::array List(HttpClient& as) {
    Response r = as.Get(ChannelsPath());
    Expose(r);
    EXPECT_EQ(r.status, 200) << r.body;
    return Items(r.json(), "/channels");
  }
};

TEST_F(ChannelsApiTest, CreateReadChangeAndDelete) {
  MakeSecret("TOKEN", kToken);
  MakeSecret("SLACK_PATH", "T000/B000/xyz");
  json::value ch = MakeChannel(Slack());
  std::string id = Str(ch, "/id");
  ASSERT_EQ(id.rfind("chn_", 0), 0u) << ch;
  std::string signing_secret = Str(ch, "/signing_secret");
  EXPECT_EQ(signing_secret.rfind("hws_", 0), 0u) << ch;
  EXPECT_EQ(signing_secret.size(), 47u);
  EXPECT_EQ(Str(ch, "/method"), "POST");
  EXPECT_EQ(Str(ch, "/url"), receiver_.Url("/services/{{SLACK_PATH}}"));
  EXPECT_EQ(Str(ch, "/headers/Authorization"), "Bearer {{TOKEN}}");
  EXPECT_EQ(At(ch, "/events"),
            json::value({"incident.opened", "incident.resolved"}));
  EXPECT_EQ(At(ch, "/applications"), json::value(json::array()));
  EXPECT_EQ(At(ch, "/secrets"), json::value({"SLACK_PATH", "TOKEN"}));
  EXPECT_EQ(Str(ch, "/created_by"), "admin");
  EXPECT_TRUE(IsTimestamp(Str(ch, "/created_at")));

  // Shown once: neither the list nor the channel shows it again.
  json::array list = List(admin_);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_FALSE(list[0].as_object().contains("signing_secret"));
  Response one = admin_.Get(ChannelPath(id));
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.body.find(signing_secret), std::string::npos);
  EXPECT_EQ(Str(one.json(), "/name"), "Slack");

  // The secrets name the channel that uses them.
  Response secrets = admin_.Get("/api/v1/orgs/default/secrets");
  Expose(secrets);
  for (const json::value& s : Items(secrets.json(), "/secrets")) {
    EXPECT_EQ(At(s, "/used_by"), json::value({{{"id", id}, {"name", "Slack"}}}))
        << s;
  }

  // PATCH changes what it names and keeps the rest.
  Response patched = admin_.Patch(ChannelPath(id),
                                  json::object{{"name", "Slack ops"},
                                               {"body_template", nullptr},
                                               {"method", "PUT"},
                                               {"headers", json::object{}},
                                               {"events", {"deploy.created"}},
                                               {"applications", {"checkout"}}});
  Expose(patched);
  ASSERT_EQ(patched.status, 200) << patched.body;
  json::value p = patched.json();
  EXPECT_EQ(Str(p, "/name"), "Slack ops");
  EXPECT_TRUE(At(p, "/body_template").is_null());
  EXPECT_EQ(Str(p, "/method"), "PUT");
  EXPECT_EQ(Str(p, "/url"), receiver_.Url("/services/{{SLACK_PATH}}"));
  EXPECT_EQ(At(p, "/secrets"), json::value(json::array{"SLACK_PATH"}));
  EXPECT_EQ(Str(p, "/applications/0/slug"), "checkout");
  EXPECT_EQ(Str(p, "/applications/0/id"), app_id_);
  Response token = admin_.Get("/api/v1/orgs/default/secrets");
  EXPECT_EQ(
      At(FindBy(Items(token.json(), "/secrets"), "name", "TOKEN"), "/used_by"),
      json::value(json::array()))
      << token.body;

  // A new signing secret, shown once more.
  Response rotated =
      admin_.Post(ChannelPath(id, "/signing-secret"), json::object{});
  Expose(rotated);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  std::string second = Str(rotated.json(), "/signing_secret");
  EXPECT_EQ(second.rfind("hws_", 0), 0u);
  EXPECT_NE(second, signing_secret);

  EXPECT_EQ(admin_.Delete(ChannelPath(id)).status, 204);
  EXPECT_TRUE(IsError(admin_.Get(ChannelPath(id)), 404, "not_found"));
  EXPECT_TRUE(IsError(admin_.Delete(ChannelPath(id)), 404, "not_found"));
  EXPECT_TRUE(List(admin_).empty());

  // Audited, without the signing secrets or the secret values.
  Response audit = admin_.Get("/api/v1/orgs/default/audit-log?limit=100");
  std::vector<std::string> actions;
  for (const json::value& e : Items(audit.json(), "/entries")) {
    if (Str(e, "/target_type") == "channel")
      actions.push_back(Str(e, "/action"));
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"channel.deleted",
                                      "channel.signing_secret_regenerated",
                                      "channel.updated", "channel.created"}));
  EXPECT_EQ(audit.body.find(signing_secret), std::string::npos);
  EXPECT_EQ(audit.body.find(second), std::string::npos);
  EXPECT_EQ(server_.log_text().find(signing_secret), std::string::npos);
  EXPECT_EQ(server_.log_text().find(second), std::string::npos);
  ExpectNowhere(kToken);
}

TEST_F(ChannelsApiTest, ASecretInUseIsNotDeletedUnlessForced) {
  MakeSecret("TOKEN", kToken);
  MakeSecret("SLACK_PATH", "T000/B000/xyz");
  json::value ch = MakeChannel(Slack());
  // Still not editable.
  Response edit = admin_.Patch("/api/v1/orgs/default/secrets/TOKEN",
                               json::object{{"value", "new"}});
  EXPECT_TRUE(IsError(edit, 405, "method_not_allowed")) << edit.body;

  Response refused = admin_.Delete("/api/v1/orgs/default/secrets/TOKEN");
  Expose(refused);
  EXPECT_TRUE(IsError(refused, 409, "conflict", "name")) << refused.body;
  EXPECT_NE(Str(refused.json(), "/error/message").find("Slack"),
            std::string::npos)
      << refused.body;
  Response forced =
      admin_.Delete("/api/v1/orgs/default/secrets/TOKEN?force=true");
  EXPECT_EQ(forced.status, 204) << forced.body;
  Response secrets = admin_.Get("/api/v1/orgs/default/secrets");
  EXPECT_EQ(Items(secrets.json(), "/secrets").size(), 1u) << secrets.body;
  // The channel still names it, so changing it now asks for the secret.
  Response patch = admin_.Patch(ChannelPath(Str(ch, "/id")),
                                json::object{{"name", "Renamed"}});
  EXPECT_TRUE(IsError(patch, 422, "invalid_field", "headers")) << patch.body;
  EXPECT_NE(patch.body.find("TOKEN"), std::string::npos);
  ExpectNowhere(kToken);
}

TEST_F(ChannelsApiTest, BadInputIsRefusedAndChangesNothing) {
  MakeSecret("TOKEN", kToken);
  MakeSecret("SLACK_PATH", "T000/B000/xyz");
  struct Case {
    std::string what;
    json::object change;
    std::string code;
    std::string field;
    std::string message_has;
  };
  const std::vector<Case> cases = {
      {"unknown secret",
       {{"url", receiver_.Url("/{{NOPE}}")}},
       "invalid_field",
       "url",
       "NOPE"},
      {"unknown secret in a header",
       {{"headers", {{"Authorization", "Bearer {{MISSING}}"}}}},
       "invalid_field",
       "headers",
       "MISSING"},
      {"unknown field",
       {{"body_template", "{{incident.colour}}"}},
       "invalid_field",
       "body_template",
       "incident.colour"},
      {"field of another event",
       {{"body_template", "{{deploy.version}}"}},
       "invalid_field",
       "body_template",
       "deploy.version"},
      {"unclosed placeholder",
       {{"body_template", "{{TOKEN"}},
       "invalid_field",
       "body_template",
       ""},
      {"bad scheme",
       {{"url", "ftp://example.com/hook"}},
       "invalid_field",
       "url",
       "http"},
      {"not a URL",
       {{"url", "http://exa mple.com/"}},
       "invalid_field",
       "url",
       ""},
      {"bad method", {{"method", "DELETE"}}, "invalid_field", "method", ""},
      {"method not a string", {{"method", 1}}, "invalid_field", "method", ""},
      {"unknown event",
       {{"events", {"incident.closed"}}},
       "invalid_field",
       "events",
       "incident.closed"},
      {"no event", {{"events", json::array()}}, "invalid_field", "events", ""},
      {"events not strings", {{"events", {1}}}, "invalid_field", "events", ""},
      {"unknown application",
       {{"applications", {"nope"}}},
       "invalid_field",
       "applications",
       "nope"},
      {"oversized template",
       {{"body_template", std::string(16 * 1024 + 1, 'x')}},
       "invalid_field",
       "body_template",
       ""},
      {"reserved header",
       {{"headers", {{"Host", "evil"}}}},
       "invalid_field",
       "headers",
       ""},
      {"header not a string",
       {{"headers", {{"X-A", 1}}}},
       "invalid_field",
       "headers",
       ""},
      {"empty name", {{"name", ""}}, "invalid_field", "name", ""},
      {"unknown body field",
       {{"colour", "red"}},
       "unknown_field",
       "colour",
       ""},
  };
  for (const Case& c : cases) {
    json::object body = Slack();
    for (const auto& [key, value] : c.change) body[key] = value;
    Response r = PostChannel(admin_, body);
    EXPECT_TRUE(IsError(r, 422, c.code, c.field)) << c.what << ": " << r.body;
    EXPECT_NE(Str(r.json(), "/error/message").find(c.message_has),
              std::string::npos)
        << c.what << ": " << r.body;
  }
  for (const char* missing : {"name", "url", "events"}) {
    json::object body = Slack();
    body.erase(missing);
    EXPECT_TRUE(
        IsError(PostChannel(admin_, body), 422, "missing_field", missing));
  }
  Response not_json =
      admin_.RequestRaw("POST", ChannelsPath(),
                        "{\"name\":", {{"Content-Type", "application/json"}});
  EXPECT_TRUE(IsError(not_json, 400, "malformed_json")) << not_json.body;
  // Without --allow-private-targets a literal loopback host is refused when
  // saved; this server has the flag.
  json::object loopback = Slack();
  loopback["url"] = "http://127.0.0.1:9/";
  EXPECT_EQ(PostChannel(admin_, loopback).status, 201);
  ASSERT_EQ(List(admin_).size(), 1u);

  // A bad change to an existing channel changes nothing either.
  std::string id = Str(List(admin_)[0], "/id");
  Response before = admin_.Get(ChannelPath(id));
  Response bad = admin_.Patch(
      ChannelPath(id), json::object{{"name", "Other"}, {"events", {"nope"}}});
  EXPECT_TRUE(IsError(bad, 422, "invalid_field", "events")) << bad.body;
  EXPECT_EQ(admin_.Get(ChannelPath(id)).body, before.body);
  // Two channels may not share a name.
  EXPECT_TRUE(IsError(PostChannel(admin_, Slack()), 409, "conflict", "name"));
  EXPECT_EQ(List(admin_).size(), 1u);
  ExpectNowhere(kToken);
}

TEST_F(ChannelsApiTest, RolesOrganizationsAndCredentialsAreChecked) {
  MakeSecret("TOKEN", kToken);
  MakeSecret("SLACK_PATH", "T000/B000/xyz");
  std::string id = Str(MakeChannel(Slack()), "/id");
  constexpr std::string_view kPassword = "Member-pa55word-long";

  // A member reads channels and deliveries, and changes nothing.
  AddMember(admin_, "default", "mia", "member", kPassword);
  HttpClient mia = Login("mia", kPassword);
  EXPECT_EQ(List(mia).size(), 1u);
  EXPECT_EQ(mia.Get(ChannelPath(id)).status, 200);
  EXPECT_EQ(mia.Get(ChannelPath(id, "/deliveries")).status, 200);
  EXPECT_TRUE(IsError(PostChannel(mia, Slack()), 403, "forbidden"));
  EXPECT_TRUE(IsError(mia.Patch(ChannelPath(id), json::object{{"name", "x"}}),
                      403, "forbidden"));
  EXPECT_TRUE(IsError(mia.Delete(ChannelPath(id)), 403, "forbidden"));
  EXPECT_TRUE(IsError(mia.Post(ChannelPath(id, "/test"), json::object{}), 403,
                      "forbidden"));
  EXPECT_TRUE(
      IsError(mia.Post(ChannelPath(id, "/signing-secret"), json::object{}), 403,
              "forbidden"));

  // Another organization's channels are not found, under either path.
  AddMember(admin_, "default", "bob", "member", kPassword);
  ASSERT_EQ(admin_.Delete("/api/v1/orgs/default/members/bob").status, 204);
  HttpClient bob = Login("bob", kPassword);
  CreateOrg(bob, "beta", "Beta");
  EXPECT_TRUE(IsError(bob.Get(ChannelPath(id, "", "beta")), 404, "not_found"));
  EXPECT_TRUE(
      IsError(bob.Delete(ChannelPath(id, "", "beta")), 404, "not_found"));
  EXPECT_TRUE(
      IsError(bob.Post(ChannelPath(id, "/test", "beta"), json::object{}), 404,
              "not_found"));
  EXPECT_TRUE(IsError(bob.Get(ChannelPath(id, "/deliveries", "beta")), 404,
                      "not_found"));
  EXPECT_TRUE(IsError(bob.Get(ChannelPath(id)), 404, "not_found"));
  EXPECT_TRUE(IsError(PostChannel(bob, Slack()), 404, "not_found"));
  // Beta's channel cannot name default's secrets or applications.
  json::object beta = Slack();
  beta["url"] = receiver_.Url("/beta");
  beta["headers"] = json::object{};
  beta["body_template"] = nullptr;
  beta["applications"] = json::array{"checkout"};
  EXPECT_TRUE(IsError(PostChannel(bob, beta, "beta"), 422, "invalid_field",
                      "applications"));
  beta.erase("applications");
  beta["headers"] = {{"Authorization", "{{TOKEN}}"}};
  EXPECT_TRUE(
      IsError(PostChannel(bob, beta, "beta"), 422, "invalid_field", "headers"));

  // No credentials at all.
  HttpClient nobody = NewClient();
  EXPECT_TRUE(IsError(nobody.Get(ChannelsPath()), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(PostChannel(nobody, Slack()), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(nobody.Get(ChannelPath(id, "/deliveries")), 401,
                      "unauthenticated"));
  EXPECT_TRUE(IsError(nobody.Post(ChannelPath(id, "/test"), json::object{}),
                      401, "unauthenticated"));

  ASSERT_EQ(List(admin_).size(), 1u);
  EXPECT_TRUE(Deliveries(id).empty());
  ExpectNowhere(kToken);
}

// A server without --allow-private-targets: loopback receivers are refused
// when saved (a literal address) and when sent to (a name that resolves to
// one), and the receiver gets nothing.
class PrivateTargetsTest : public ChannelTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--delivery-retry-base-ms", "100", "--delivery-poll-ms", "50"};
  }
};

TEST_F(PrivateTargetsTest, LoopbackIsRefusedUnlessAllowed) {
  json::object body{{"name", "Local"},
                    {"url", receiver_.Url("/hook")},
                    {"events", {"incident.opened"}}};
  Response literal = PostChannel(admin_, body);
  EXPECT_TRUE(IsError(literal, 422, "invalid_field", "url")) << literal.body;
  EXPECT_NE(literal.body.find("--allow-private-targets"), std::string::npos);
  body["url"] = "http://localhost:" + std::to_string(receiver_.port()) + "/";
  EXPECT_TRUE(IsError(PostChannel(admin_, body), 422, "invalid_field", "url"));

  // A host that only resolution shows to be loopback: the name comes from a
  // secret, which the save-time check cannot read.
  MakeSecret("HOST", "localhost");
  body["url"] = "http://{{HOST}}:" + std::to_string(receiver_.port()) + "/hook";
  std::string id = Str(MakeChannel(body), "/id");
  SendTest(id);
  json::array list = WaitForDeliveries(
      id, [](const json::array& l) { return AllHaveStatus(l, 1, "failed"); });
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(Items(list[0], "/attempts").size(), 1u) << list[0];
  std::string error = Str(list[0], "/last_error");
  EXPECT_NE(error.find("refused"), std::string::npos) << error;
  EXPECT_NE(error.find("loopback"), std::string::npos) << error;
  EXPECT_NE(error.find("--allow-private-targets"), std::string::npos) << error;
  EXPECT_TRUE(At(list[0], "/last_status_code").is_null());
  EXPECT_TRUE(receiver_.Requests().empty());

  // The environment variable allows them.
  server_.Stop();
  ASSERT_TRUE(server_.Start(ServerArgs(),
                            {{"HOOKWARDEN_ALLOW_PRIVATE_TARGETS", "true"}}));
  admin_ = Login("admin", kAdminPassword);
  body["name"] = "Local again";
  body["url"] = receiver_.Url("/allowed");
  std::string allowed = Str(MakeChannel(body), "/id");
  SendTest(allowed);
  std::vector<ReceivedRequest> got = WaitForRequests(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].target, "/allowed");
}

TEST_F(PrivateTargetsTest, LoopbackWrittenAsInetAtonReadsItIsRefused) {
  const std::string port = std::to_string(receiver_.port());
  for (const char* host : {"127.1", "2130706433", "0x7f000001", "0177.0.0.1",
                           "017700000001", "0x7f.1", "0"}) {
    json::object body{{"name", std::string("Local ") + host},
                      {"url", "http://" + std::string(host) + ":" + port + "/"},
                      {"events", {"incident.opened"}}};
    Response r = PostChannel(admin_, body);
    EXPECT_TRUE(IsError(r, 422, "invalid_field", "url"))
        << host << ": " << r.status << " " << r.body;
  }
  EXPECT_TRUE(Items(admin_.Get(ChannelsPath()).json(), "/channels").empty());
  EXPECT_TRUE(receiver_.Requests().empty());
}

}  // namespace
}  // namespace hookwarden::testing
