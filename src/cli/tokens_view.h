// Text for people from the API's integration-token answers (docs/api.md,
// "Integration tokens"), as `hookwarden tokens ...` prints them without
// --json. Every function is pure, takes the parsed JSON answer, tolerates
// missing or mistyped fields (shown as "-") and makes all server text safe
// for a terminal. Each result is empty or ends in "\n".
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "cli/json_fields.h"

namespace hookwarden::cli {

// The answer of GET .../integration-tokens as a table with the columns ID,
// TYPE, NAME, HINT, ACTIVATED, LAST USED and USES, or a sentence saying that
// organization `org` has none. Never shows a token value.
// Times are shown in `zone` here and below.
std::string FormatCredentialList(const boost::json::value& answer,
                                 std::string_view org, Zone zone = Zone::kUtc);

// One credential as labelled lines: id, type, name, hint, generation,
// created, updated, activated, last used, uses and applications. Token
// values are not part of it (see FormatIntegrationToken).
std::string FormatCredential(const boost::json::value& credential,
                             Zone zone = Zone::kUtc);

// When `answer` has a `token`: that integration token, then a line saying
// that running the curl command once activates the API and answers with the
// API activation token, then the command (from `curl`) indented by two
// spaces. Empty when there is no token.
std::string FormatIntegrationToken(const boost::json::value& answer);

// For a deploy credential: that it has no token of its own, and that each
// application naming it gets its own deploy token, shown on the
// application's page and by GET /api/v1/orgs/<org>/applications/<app>/
// deploy-token.
std::string DeployTokenNote(std::string_view org);

// The one-line warning after regenerating (or, with `renamed`, renaming):
// the previous tokens issued under the credential are invalid now, or until
// `previous_valid_until` when the answer has it.
std::string RegenerationWarning(const boost::json::value& answer,
                                bool renamed = false, Zone zone = Zone::kUtc);

// The answer of POST /api/v1/activate: the API activation token, the
// organization and credential, then the curl command that reports a hit.
std::string FormatActivation(const boost::json::value& answer);

// The answer of DELETE .../integration-tokens/{id}: what was deleted and the
// applications that used it.
std::string FormatDeletion(const boost::json::value& answer);

}  // namespace hookwarden::cli
