#include "credentials_fixture.h"

#include <optional>
#include <regex>

namespace hookwarden::testing {

namespace json = boost::json;

bool IsToken(std::string_view token, std::string_view prefix) {
  static const std::regex kBody("[0-9A-Za-z]{38}");
  return token.substr(0, prefix.size()) == prefix &&
         std::regex_match(token.begin() + prefix.size(), token.end(), kBody);
}

::testing::AssertionResult Rejected(const Response& r) {
  if (r.status == 401 && r.body == kRejected)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected 401 " << kRejected
                                       << ", got " << r.status << " " << r.body;
}

std::string CredentialTest::OrgPath(std::string_view org, std::string_view id,
                                    std::string_view suffix) {
  return "/api/v1/orgs/" + std::string(org) + "/integration-tokens/" +
         std::string(id) + std::string(suffix);
}

std::string CredentialTest::Path(std::string_view id, std::string_view suffix) {
  return OrgPath("default", id, suffix);
}

std::string CredentialTest::AppPath(std::string_view app,
                                    std::string_view suffix) {
  return std::string(kApps) + "/" + std::string(app) + std::string(suffix);
}

json::value CredentialTest::CreateCredential(HttpClient& as,
                                             std::string_view org,
                                             std::string_view type,
                                             std::string_view name) {
  Response r =
      as.Post("/api/v1/orgs/" + std::string(org) + "/integration-tokens",
              json::object{{"type", type}, {"name", name}});
  EXPECT_EQ(r.status, 201) << type << " " << name << ": " << r.body;
  return r.status == 201 ? r.json() : json::value();
}

json::value CredentialTest::CreateCredential(std::string_view type,
                                             std::string_view name) {
  return CreateCredential(admin_, "default", type, name);
}

json::value CredentialTest::Get(std::string_view id) {
  Response r = admin_.Get(Path(id));
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json();
}

Response CredentialTest::Activate(std::string_view token) {
  HttpClient anonymous = NewClient();
  return anonymous.Request("POST", "/api/v1/activate", std::nullopt,
                           {{"Authorization", "Bearer " + std::string(token)}});
}

std::string CredentialTest::ApiToken(std::string_view integration_token) {
  Response r = Activate(integration_token);
  EXPECT_EQ(r.status, 200) << r.body;
  return Str(r.json(), "/api_token");
}

Response CredentialTest::Revoke(std::string_view token) {
  HttpClient anonymous = NewClient();
  return anonymous.Post(kRevoke, json::object{{"token", token}});
}

std::string CredentialTest::DeployToken(std::string_view app) {
  Response r = admin_.Get(AppPath(app, "/deploy-token"));
  EXPECT_EQ(r.status, 200) << app << ": " << r.body;
  return Str(r.json(), "/token");
}

json::array CredentialTest::Audit(std::string_view action,
                                  std::string_view target_id) {
  Response r = admin_.Get("/api/v1/orgs/default/audit-log?limit=500");
  EXPECT_EQ(r.status, 200) << r.body;
  json::array out;
  for (const json::value& e : Items(r.json(), "/entries")) {
    if (Str(e, "/action") == action && Str(e, "/target_id") == target_id)
      out.push_back(e);
  }
  return out;
}

}  // namespace hookwarden::testing
