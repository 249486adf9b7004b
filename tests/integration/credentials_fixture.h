// Shared helpers for the webhook credential ("Integration Token") tests in
// credentials_lifecycle_test.cc and credentials_security_test.cc: the paths
// they use, the token shape, the documented rejection, and a fixture with the
// calls both files make as the admin or as an anonymous token holder.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "harness.h"

namespace hookwarden::testing {

inline constexpr std::string_view kTokens =
    "/api/v1/orgs/default/integration-tokens";
inline constexpr std::string_view kApps = "/api/v1/orgs/default/applications";
inline constexpr std::string_view kRevoke = "/api/v1/tokens/revoke";
inline constexpr std::string_view kRejected =
    R"({"error":{"code":"unauthenticated","message":"missing or invalid credentials"}})";

// True when `token` is `prefix` followed by 32 + 6 base62 characters.
bool IsToken(std::string_view token, std::string_view prefix);

// Succeeds when `r` is the documented rejection, byte for byte.
::testing::AssertionResult Rejected(const Response& r);

// A running server with a logged-in admin, plus the credential calls the
// credential tests share. Everything acts in the "default" organization
// unless an organization is named.
class CredentialTest : public ServerTest {
 protected:
  // /api/v1/orgs/<org>/integration-tokens/<id><suffix>
  static std::string OrgPath(std::string_view org, std::string_view id,
                             std::string_view suffix = "");
  // The same in the default organization.
  static std::string Path(std::string_view id, std::string_view suffix = "");
  // /api/v1/orgs/default/applications/<app><suffix>
  static std::string AppPath(std::string_view app,
                             std::string_view suffix = "");

  // Creates a credential in `org` as `as`; the test fails unless it is a 201.
  boost::json::value CreateCredential(HttpClient& as, std::string_view org,
                                      std::string_view type,
                                      std::string_view name);
  // The same as the admin in the default organization.
  boost::json::value CreateCredential(std::string_view type,
                                      std::string_view name);
  // GET of the credential `id` as the admin; the test fails unless it is 200.
  boost::json::value Get(std::string_view id);
  // POST /api/v1/activate as a client that holds nothing but `token`.
  Response Activate(std::string_view token);
  // Activates `integration_token` and returns the API token; the test fails
  // unless activation is 200.
  std::string ApiToken(std::string_view integration_token);
  // POST /api/v1/tokens/revoke as a client that holds nothing else.
  Response Revoke(std::string_view token);
  // The deploy token of application `app` as the admin sees it; the test
  // fails unless the answer is 200.
  std::string DeployToken(std::string_view app);
  // Audit entries with `action` about `target_id`, newest first.
  boost::json::array Audit(std::string_view action, std::string_view target_id);
};

}  // namespace hookwarden::testing
