// The JSON shapes of the API's resources (docs/api.md). Never a password
// hash, token value or token hash.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "domain/api_key.h"
#include "domain/application.h"
#include "domain/audit_entry.h"
#include "domain/integration_token.h"
#include "domain/invitation.h"
#include "domain/json_views.h"
#include "domain/organization.h"
#include "domain/product.h"
#include "domain/secret.h"
#include "domain/user.h"

namespace hookwarden::api {

boost::json::object UserJson(const User& user);
boost::json::object MembershipJson(const Membership& membership);
boost::json::object MemberJson(const Member& member);
// An invitation as the organization's owners see it.
boost::json::object InvitationJson(const Invitation& invitation);
// An invitation as the invited user sees it.
boost::json::object ReceivedInvitationJson(const ReceivedInvitation& received);
boost::json::object ApiKeyJson(const ApiKey& key);
boost::json::object ProductJson(const Product& product);
// With its `state` ("operational" or "incident") and open `incident`.
boost::json::object ApplicationJson(const Application& app);
// An application's SLO: {objective_percent, window_days, indicator}.
boost::json::object SloJson(const Slo& slo);
// {"period_seconds": N} or {"cron": "...", "timezone": "..."}.
boost::json::object ScheduleJson(const Schedule& schedule);
boost::json::object AuditEntryJson(const AuditEntry& entry);
// A credential as lists show it: never a token value.
boost::json::object CredentialJson(const IntegrationToken& credential);
// {id, name, status: "active"|"deleted"}, or null.
boost::json::value CredentialLinkJson(
    const std::optional<CredentialLink>& link);
boost::json::object ApplicationSummaryJson(const ApplicationSummary& app);
// {name, created_at, created_by, used_by: [{id, name}]}: never the value.
boost::json::object SecretJson(const Secret& secret);

// [json(item) for item in items]
template <class T, class F>
boost::json::array ArrayJson(const std::vector<T>& items, F json) {
  boost::json::array array;
  array.reserve(items.size());
  for (const T& item : items) array.push_back(json(item));
  return array;
}

// {"<name>": [json(item) for item in items]}
template <class T, class F>
boost::json::object ListJson(std::string_view name, const std::vector<T>& items,
                             F json) {
  return {{name, ArrayJson(items, json)}};
}

}  // namespace hookwarden::api
