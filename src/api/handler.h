// Adapters that turn plain functions into http::Handlers. They run the
// checks every handler of a kind needs, in this order: authentication (401),
// the organization in the path and the caller's membership in it (404, the
// same for "absent" and "not yours"), the role (403). Then the function runs;
// its failure Status becomes the JSON error. An exception escaping it is a
// 500 that is logged without request data.
#pragma once

#include <functional>

#include "api/authenticate.h"
#include "api/services.h"
#include "common/status.h"
#include "domain/organization.h"
#include "domain/role.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace hookwarden::api {

// A request from an authenticated caller.
struct Call {
  http::Request& request;
  const Caller& caller;
};

// A request from a member of the organization named by the path's {org}.
struct OrgCall {
  http::Request& request;
  const Caller& caller;
  const Membership& membership;
  const Organization& org() const { return membership.organization; }
};

using PublicFn = std::function<Result<http::Response>(http::Request&)>;
using CallFn = std::function<Result<http::Response>(Call&)>;
using OrgCallFn = std::function<Result<http::Response>(OrgCall&)>;

// No authentication.
http::Handler Public(ApiServices& services, PublicFn fn);
// Any authenticated user.
http::Handler Authenticated(ApiServices& services, CallFn fn);
// A member of {org} holding at least `needed`.
http::Handler InOrganization(ApiServices& services, Role needed, OrgCallFn fn);

}  // namespace hookwarden::api
