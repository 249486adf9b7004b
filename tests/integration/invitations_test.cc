// Invitations, leaving an organization, and usernames compared without case,
// against the real server.
#include "harness.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kBobPassword = "Bob-pa55word-long";
constexpr std::string_view kOtherPassword = "Someone-else-pa55word";

class InvitationsTest : public ServerTest {
 protected:
  // Creates `username` offline, as the server's operator does.
  void CreateUser(std::string_view username, std::string_view password) {
    CliResult r = RunCli({"admin", "create-user", std::string(username),
                          "--data", server_.data_dir()},
                         {{"HOOKWARDEN_PASSWORD", std::string(password)}});
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  Response Invite(std::string_view username, json::object extra = {}) {
    extra["username"] = username;
    if (!extra.contains("role")) extra["role"] = "member";
    return admin_.Post("/api/v1/orgs/default/invitations", extra);
  }
  // The answer with what names one invitation (its id, username and times)
  // replaced, for comparing two answers.
  static std::string Shape(const Response& r) {
    json::value v = r.json();
    if (json::object* inv =
            v.is_object() && v.as_object().contains("invitation")
                ? v.at("invitation").if_object()
                : nullptr) {
      for (const char* k : {"id", "username", "created_at", "expires_at"}) {
        if (inv->contains(k)) (*inv)[k] = "*";
      }
    }
    return std::to_string(r.status) + " " + json::serialize(v);
  }
  std::vector<std::string> Actions() {
    std::vector<std::string> out;
    for (const json::value& e :
         Items(admin_.Get("/api/v1/orgs/default/audit-log").json(), "/entries"))
      out.push_back(Str(e, "/action"));
    return out;
  }
  bool IsMember(std::string_view username) {
    return !FindBy(Items(admin_.Get("/api/v1/orgs/default/members").json(),
                         "/members"),
                   "username", username)
                .is_null();
  }
};

TEST_F(InvitationsTest, TheAnswerIsTheSameWhetherOrNotTheUserExists) {
  ASSERT_NO_FATAL_FAILURE(CreateUser("bob", kBobPassword));
  // Without a password, and with one: "bob" exists, "zed" does not.
  for (json::object extra :
       {json::object{}, json::object{{"password", kOtherPassword}}}) {
    std::string suffix = extra.empty() ? "" : "2";
    if (!suffix.empty()) {
      ASSERT_EQ(admin_
                    .Delete("/api/v1/orgs/default/invitations/" +
                            Str(FindBy(Items(admin_
                                                 .Get("/api/v1/orgs/default/"
                                                      "invitations")
                                                 .json(),
                                             "/invitations"),
                                       "username", "bob"),
                                "/id"))
                    .status,
                204);
    }
    Response existing = Invite("bob", extra);
    Response unknown = Invite("zed" + suffix, extra);
    EXPECT_EQ(existing.status, 201) << existing.body;
    EXPECT_EQ(Shape(existing), Shape(unknown));
    EXPECT_EQ(Str(existing.json(), "/invitation/username"), "bob");
    EXPECT_EQ(existing.body.find(kOtherPassword), std::string::npos);
  }
  // The existing account kept its own password; the new one got the
  // owner's, and neither is a member yet.
  EXPECT_EQ(NewClient().Login("bob", kBobPassword).status, 200);
  EXPECT_EQ(NewClient().Login("bob", kOtherPassword).status, 401);
  EXPECT_EQ(NewClient().Login("zed2", kOtherPassword).status, 200);
  EXPECT_FALSE(IsMember("bob"));
  EXPECT_FALSE(IsMember("zed2"));
  // The audit log does not tell them apart either.
  json::array entries =
      Items(admin_.Get("/api/v1/orgs/default/audit-log").json(), "/entries");
  json::value for_bob = FindBy(entries, "target_name", "bob");
  json::value for_zed = FindBy(entries, "target_name", "zed2");
  EXPECT_EQ(At(for_bob, "/details"), At(for_zed, "/details"));
}

TEST_F(InvitationsTest, AcceptedMakesAMemberDeclinedDoesNot) {
  ASSERT_NO_FATAL_FAILURE(CreateUser("bob", kBobPassword));
  ASSERT_NO_FATAL_FAILURE(CreateUser("carol", kBobPassword));
  ASSERT_EQ(Invite("bob", {{"role", "admin"}}).status, 201);
  ASSERT_EQ(Invite("carol").status, 201);
  HttpClient bob = Login("bob", kBobPassword);
  HttpClient carol = Login("carol", kBobPassword);
  std::string bobs =
      Str(At(bob.Get("/api/v1/invitations").json(), "/invitations/0"), "/id");
  std::string carols =
      Str(At(carol.Get("/api/v1/invitations").json(), "/invitations/0"), "/id");
  ASSERT_FALSE(bobs.empty());
  ASSERT_FALSE(carols.empty());

  // Before answering, neither is a member.
  EXPECT_TRUE(
      IsError(bob.Get("/api/v1/orgs/default/products"), 404, "not_found"));
  EXPECT_FALSE(IsMember("bob"));
  // Nobody answers another's invitation.
  EXPECT_TRUE(IsError(
      carol.Post("/api/v1/invitations/" + bobs + "/accept", json::object{}),
      404, "not_found"));
  EXPECT_TRUE(IsError(
      admin_.Post("/api/v1/invitations/" + bobs + "/accept", json::object{}),
      404, "not_found"));

  Response accepted =
      bob.Post("/api/v1/invitations/" + bobs + "/accept", json::object{});
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(Str(accepted.json(), "/role"), "admin");
  EXPECT_EQ(bob.Get("/api/v1/orgs/default/products").status, 200);
  EXPECT_TRUE(IsMember("bob"));

  EXPECT_EQ(
      carol.Post("/api/v1/invitations/" + carols + "/decline", json::object{})
          .status,
      204);
  EXPECT_FALSE(IsMember("carol"));
  EXPECT_TRUE(IsError(carol.Get("/api/v1/orgs/default"), 404, "not_found"));
  // An answered invitation is gone.
  EXPECT_TRUE(IsError(
      carol.Post("/api/v1/invitations/" + carols + "/accept", json::object{}),
      404, "not_found"));
  EXPECT_TRUE(Items(admin_.Get("/api/v1/orgs/default/invitations").json(),
                    "/invitations")
                  .empty());
  std::vector<std::string> actions = Actions();
  ASSERT_GE(actions.size(), 4u);
  EXPECT_EQ(
      std::vector<std::string>(actions.begin(), actions.begin() + 4),
      (std::vector<std::string>{"invitation.declined", "invitation.accepted",
                                "invitation.created", "invitation.created"}));
}

TEST_F(InvitationsTest, OwnersListAndCancelOthersCannot) {
  ASSERT_NO_FATAL_FAILURE(CreateUser("bob", kBobPassword));
  AddMember(admin_, "default", "mia", "admin", kOtherPassword);
  HttpClient mia = Login("mia", kOtherPassword);
  EXPECT_TRUE(
      IsError(mia.Post("/api/v1/orgs/default/invitations",
                       json::object{{"username", "bob"}, {"role", "member"}}),
              403, "forbidden"));
  EXPECT_TRUE(
      IsError(mia.Get("/api/v1/orgs/default/invitations"), 403, "forbidden"));

  Response invited = Invite("bob");
  ASSERT_EQ(invited.status, 201);
  std::string id = Str(invited.json(), "/invitation/id");
  json::array pending = Items(
      admin_.Get("/api/v1/orgs/default/invitations").json(), "/invitations");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(Str(pending[0], "/id"), id);
  EXPECT_EQ(Str(pending[0], "/invited_by"), "admin");
  EXPECT_TRUE(IsTimestamp(Str(pending[0], "/expires_at")));
  EXPECT_GT(Str(pending[0], "/expires_at"), Str(pending[0], "/created_at"));

  EXPECT_TRUE(IsError(mia.Delete("/api/v1/orgs/default/invitations/" + id), 403,
                      "forbidden"));
  EXPECT_EQ(admin_.Delete("/api/v1/orgs/default/invitations/" + id).status,
            204);
  EXPECT_TRUE(IsError(admin_.Delete("/api/v1/orgs/default/invitations/" + id),
                      404, "not_found"));
  HttpClient bob = Login("bob", kBobPassword);
  EXPECT_TRUE(
      Items(bob.Get("/api/v1/invitations").json(), "/invitations").empty());
  EXPECT_TRUE(
      IsError(bob.Post("/api/v1/invitations/" + id + "/accept", json::object{}),
              404, "not_found"));
  EXPECT_EQ(Actions().front(), "invitation.cancelled");
}

TEST_F(InvitationsTest, MembersLeaveButTheLastOwnerCannot) {
  AddMember(admin_, "default", "bob", "member", kBobPassword);
  HttpClient bob = Login("bob", kBobPassword);
  EXPECT_TRUE(IsError(admin_.Post("/api/v1/orgs/default/leave", json::object{}),
                      409, "conflict", "organization"));
  Response refused = admin_.Post("/api/v1/orgs/default/leave", json::object{});
  EXPECT_NE(refused.body.find("last owner"), std::string::npos) << refused.body;
  EXPECT_TRUE(IsMember("admin"));

  EXPECT_EQ(bob.Post("/api/v1/orgs/default/leave", json::object{}).status, 204);
  EXPECT_FALSE(IsMember("bob"));
  EXPECT_TRUE(IsError(bob.Get("/api/v1/orgs/default"), 404, "not_found"));
  EXPECT_EQ(Actions().front(), "member.left");

  // With another owner, an owner may leave too.
  AddMember(admin_, "default", "carol", "owner", kOtherPassword);
  EXPECT_EQ(admin_.Post("/api/v1/orgs/default/leave", json::object{}).status,
            204);
  HttpClient carol = Login("carol", kOtherPassword);
  EXPECT_TRUE(FindBy(Items(carol.Get("/api/v1/orgs/default/members").json(),
                           "/members"),
                     "username", "admin")
                  .is_null());
}

TEST_F(InvitationsTest, UsernamesAreOneAccountWhateverTheCase) {
  // The admin account is "admin": any case logs in to it, shown as created.
  HttpClient shouting = NewClient();
  Response login = shouting.Login("ADMIN", kAdminPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(Str(login.json(), "/user/username"), "admin") << login.body;

  CliResult twin =
      RunCli({"admin", "create-user", "Admin", "--data", server_.data_dir()},
             {{"HOOKWARDEN_PASSWORD", std::string(kOtherPassword)}});
  EXPECT_NE(twin.exit_code, 0) << twin.output;
  EXPECT_NE(twin.output.find("taken"), std::string::npos) << twin.output;
  EXPECT_EQ(NewClient().Login("Admin", kOtherPassword).status, 401);

  // An invitation with a password for "ADMIN" creates no second account.
  AddMember(admin_, "default", "Mia", "member", kBobPassword);
  CreateOrg(admin_, "acme");
  Response again = admin_.Post("/api/v1/orgs/acme/invitations",
                               json::object{{"username", "MIA"},
                                            {"role", "member"},
                                            {"password", kOtherPassword}});
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(NewClient().Login("mia", kOtherPassword).status, 401);
  HttpClient mia = Login("mIA", kBobPassword);
  json::array received =
      Items(mia.Get("/api/v1/invitations").json(), "/invitations");
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(Str(received[0], "/organization/slug"), "acme");
  // Members are named in any case too, and keep their own.
  Response promoted = admin_.Patch("/api/v1/orgs/default/members/MIA",
                                   json::object{{"role", "admin"}});
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(Str(promoted.json(), "/username"), "Mia");
}

}  // namespace
}  // namespace hookwarden::testing
