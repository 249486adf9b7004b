// Building the audit entry of a change made through the API.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "api/handler.h"
#include "domain/audit_entry.h"
#include "domain/integration_token.h"

namespace hookwarden::api {

struct AuditTarget {
  std::string type;  // "product", "application", "member", "organization"
  std::string id;
  std::string name;
};

// An entry for `action` by the caller of `call`, in the call's organization,
// at `now`, from the request's address. `details` must hold no secret.
AuditEntry MakeAudit(const OrgCall& call, int64_t now, std::string action,
                     AuditTarget target,
                     const boost::json::object& details = {});
// The same for a call that is not organization-scoped yet (creating one).
AuditEntry MakeAudit(const Call& call, std::string organization_id, int64_t now,
                     std::string action, AuditTarget target,
                     const boost::json::object& details = {});

// The same for a change made by whoever holds `token` (no user): the actor
// is named by the token's hint.
AuditEntry MakeTokenAudit(const http::Request& request,
                          const IssuedToken& token, int64_t now,
                          std::string action, AuditTarget target,
                          const boost::json::object& details = {});
// The same for a token known only by its organization and hint.
AuditEntry MakeTokenAudit(const http::Request& request,
                          std::string organization_id, std::string hint,
                          int64_t now, std::string action, AuditTarget target,
                          const boost::json::object& details = {});

}  // namespace hookwarden::api
