#include "api/audit.h"

#include <boost/json/serialize.hpp>

namespace hookwarden::api {

AuditEntry MakeAudit(const Call& call, std::string organization_id, int64_t now,
                     std::string action, AuditTarget target,
                     const boost::json::object& details) {
  AuditEntry e;
  e.organization_id = std::move(organization_id);
  e.at = now;
  e.actor_user_id = call.caller.user.id;
  e.actor_username = call.caller.user.username;
  e.action = std::move(action);
  e.target_type = std::move(target.type);
  e.target_id = std::move(target.id);
  e.target_name = std::move(target.name);
  e.address = call.request.remote_address;
  e.details = boost::json::serialize(details);
  return e;
}

AuditEntry MakeAudit(const OrgCall& call, int64_t now, std::string action,
                     AuditTarget target, const boost::json::object& details) {
  Call plain{call.request, call.caller};
  return MakeAudit(plain, call.org().id, now, std::move(action),
                   std::move(target), details);
}

}  // namespace hookwarden::api
