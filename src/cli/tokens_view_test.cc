#include "cli/tokens_view.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

constexpr std::string_view kToken = "hwi_example-integration-token";

json::value HitsFailure() {
  return json::parse(R"({
    "id": "itk_1", "type": "hits_failure", "name": "ci", "hint": "hwi_...OCYu",
    "generation": 2, "created_at": "2026-11-26T20:56:34.293Z",
    "created_by": "admin", "updated_at": "2026-11-26T21:00:00.000Z",
    "activated_at": "2026-11-26T20:57:00.123Z", "activated_from": "10.0.0.7",
    "activated_user_agent": "curl/7.88.1",
    "last_used_at": null, "last_used_from": null, "use_count": 12,
    "applications": [{"id": "app_1", "slug": "checkout", "name": "Checkout"}]
  })");
}

json::value Deploy() {
  return json::parse(R"({
    "id": "itk_22", "type": "deploy", "name": "ship", "hint": null,
    "generation": 1, "created_at": "2026-11-26T20:56:35.845Z",
    "created_by": {"user_id": "usr_1", "username": "alice"},
    "updated_at": "2026-11-26T20:56:35.845Z", "activated_at": null,
    "activated_from": null, "activated_user_agent": null,
    "last_used_at": "2026-11-27T08:00:00.000Z", "last_used_from": "10.0.0.9",
    "use_count": 3, "applications": []
  })");
}

TEST(TokensViewTest, DisplayTime) {
  EXPECT_EQ(DisplayTime("2026-11-26T20:26:29.123Z"), "2026-11-26 20:26:29Z");
  EXPECT_EQ(DisplayTime("2026-11-26T20:26:29Z"), "2026-11-26 20:26:29Z");
  EXPECT_EQ(DisplayTime("yesterday"), "yesterday");
  EXPECT_EQ(DisplayTime(""), "");
}

TEST(TokensViewTest, ListIsATableWithoutTokenValues) {
  json::object answer;
  json::value with_token = HitsFailure();
  with_token.as_object()["token"] = kToken;  // Must not be shown even so.
  answer["integration_tokens"] = json::array{with_token, Deploy()};
  EXPECT_EQ(FormatCredentialList(answer, "default"),
            "ID      TYPE          NAME  HINT         ACTIVATED             "
            "LAST USED             USES\n"
            "itk_1   hits_failure  ci    hwi_...OCYu  2026-11-26 20:57:00Z  "
            "never                   12\n"
            "itk_22  deploy        ship  -            -                     "
            "2026-11-27 08:00:00Z     3\n");
}

TEST(TokensViewTest, EmptyList) {
  EXPECT_EQ(
      FormatCredentialList(json::parse(R"({"integration_tokens":[]})"), "acme"),
      "No integration tokens in organization acme.\n");
  EXPECT_EQ(FormatCredentialList(json::value(), "acme"),
            "No integration tokens in organization acme.\n");
}

TEST(TokensViewTest, CredentialAsLabelledLines) {
  EXPECT_EQ(FormatCredential(HitsFailure()),
            "ID:           itk_1\n"
            "Type:         hits_failure\n"
            "Name:         ci\n"
            "Hint:         hwi_...OCYu\n"
            "Generation:   2\n"
            "Created:      2026-11-26 20:56:34Z by admin\n"
            "Updated:      2026-11-26 21:00:00Z\n"
            "Activated:    2026-11-26 20:57:00Z from 10.0.0.7 (curl/7.88.1)\n"
            "Last used:    never\n"
            "Uses:         12\n"
            "Applications: checkout (app_1)\n");
  EXPECT_EQ(FormatCredential(Deploy()),
            "ID:           itk_22\n"
            "Type:         deploy\n"
            "Name:         ship\n"
            "Generation:   1\n"
            "Created:      2026-11-26 20:56:35Z by alice\n"
            "Updated:      2026-11-26 20:56:35Z\n"
            "Last used:    2026-11-27 08:00:00Z from 10.0.0.9\n"
            "Uses:         3\n"
            "Applications: none\n");
}

TEST(TokensViewTest, MissingFieldsShowAsDashes) {
  std::string out = FormatCredential(json::parse(R"({"id": 5})"));
  EXPECT_NE(out.find("ID:           5\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Name:         -\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Activated:    never\n"), std::string::npos) << out;
  EXPECT_FALSE(FormatCredential(json::value()).empty());
}

TEST(TokensViewTest, IntegrationTokenWithItsCurlCommand) {
  json::value c = HitsFailure();
  EXPECT_EQ(FormatIntegrationToken(c), "");
  c.as_object()["token"] = kToken;
  c.as_object()["curl"] =
      "curl -sS -X POST 'http://h/api/v1/activate' \\\n  -H 'Authorization: "
      "Bearer " +
      std::string(kToken) + "'";
  EXPECT_EQ(FormatIntegrationToken(c),
            "Integration token: " + std::string(kToken) +
                "\n"
                "Run this once to activate the API; it answers with the API "
                "activation token that applications send with hits and "
                "failures:\n"
                "  curl -sS -X POST 'http://h/api/v1/activate' \\\n"
                "    -H 'Authorization: Bearer " +
                std::string(kToken) + "'\n");
}

TEST(TokensViewTest, ServerTextCannotReachTheTerminalRaw) {
  json::value c = HitsFailure();
  c.as_object()["name"] = "evil\x1b]0;title\x07";
  c.as_object()["token"] = "hwi_x\x1b[2J";
  c.as_object()["curl"] = "curl \x1b[31m";
  std::string out =
      FormatCredential(c) + FormatIntegrationToken(c) +
      FormatCredentialList(json::object{{"integration_tokens", json::array{c}}},
                           "o\x1b");
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.find('\x07'), std::string::npos) << out;
}

TEST(TokensViewTest, DeployNoteNamesTheDeployTokenEndpoint) {
  EXPECT_NE(DeployTokenNote("acme").find(
                "GET /api/v1/orgs/acme/applications/<app>/deploy-token"),
            std::string::npos);
}

TEST(TokensViewTest, RegenerationWarning) {
  json::value c = HitsFailure();
  EXPECT_EQ(RegenerationWarning(c),
            "Warning: the previous integration token and its API activation "
            "token are now invalid.\n");
  c.as_object()["previous_valid_until"] = nullptr;
  EXPECT_EQ(RegenerationWarning(c).find("are now invalid"),
            RegenerationWarning(c).size() - 17);
  c.as_object()["previous_valid_until"] = "2026-11-26T22:00:00.000Z";
  EXPECT_EQ(RegenerationWarning(c),
            "Warning: the previous integration token and its API activation "
            "token keep working until 2026-11-26 22:00:00Z, then stop; update "
            "whatever uses them before that.\n");
  EXPECT_EQ(RegenerationWarning(Deploy(), /*renamed=*/true),
            "Warning: renaming generated new credentials; the applications' "
            "previous deploy tokens are now invalid.\n");
}

TEST(TokensViewTest, Activation) {
  json::value answer = json::parse(R"({
    "api_token": "hwa_example-api-token",
    "credential": {"id": "itk_1", "name": "ci"},
    "organization": {"id": "org_1", "slug": "default", "name": "Default"},
    "curl": "curl -X POST 'http://h/api/v1/applications/APP/hits'"
  })");
  EXPECT_EQ(FormatActivation(answer),
            "API activation token: hwa_example-api-token\n"
            "Organization:         Default (default)\n"
            "Credential:           ci (itk_1)\n"
            "Report a hit with:\n"
            "  curl -X POST 'http://h/api/v1/applications/APP/hits'\n");
}

TEST(TokensViewTest, Deletion) {
  EXPECT_EQ(FormatDeletion(json::parse(
                R"({"id":"itk_1","deleted":true,"applications":[]})")),
            "Deleted credential itk_1; every token issued under it stopped "
            "working.\n"
            "No application used it.\n");
  EXPECT_EQ(FormatDeletion(json::parse(R"({"id":"itk_1","deleted":true,
                "applications":[{"id":"app_1","slug":"checkout",
                                 "name":"Checkout"}]})")),
            "Deleted credential itk_1; every token issued under it stopped "
            "working.\n"
            "Applications that used it (they now show it as deleted):\n"
            "SLUG      NAME      ID\n"
            "checkout  Checkout  app_1\n");
}

}  // namespace
}  // namespace hookwarden::cli
