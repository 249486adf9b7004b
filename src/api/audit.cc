#include "api/audit.h"

#include <boost/json/serialize.hpp>

namespace hookwarden::api {

namespace {

AuditEntry Entry(const http::Request& request, std::string organization_id,
                 std::string actor_id, std::string actor_name, int64_t now,
                 std::string action, AuditTarget target,
                 const boost::json::object& details) {
  AuditEntry e;
  e.organization_id = std::move(organization_id);
  e.at = now;
  e.actor_user_id = std::move(actor_id);
  e.actor_username = std::move(actor_name);
  e.action = std::move(action);
  e.target_type = std::move(target.type);
  e.target_id = std::move(target.id);
  e.target_name = std::move(target.name);
  e.address = request.remote_address;
  e.details = boost::json::serialize(details);
  return e;
}

}  // namespace

AuditEntry MakeAudit(const Call& call, std::string organization_id, int64_t now,
                     std::string action, AuditTarget target,
                     const boost::json::object& details) {
  return Entry(call.request, std::move(organization_id), call.caller.user.id,
               call.caller.user.username, now, std::move(action),
               std::move(target), details);
}

AuditEntry MakeTokenAudit(const http::Request& request,
                          const IssuedToken& token, int64_t now,
                          std::string action, AuditTarget target,
                          const boost::json::object& details) {
  return MakeTokenAudit(request, token.organization_id, token.hint, now,
                        std::move(action), std::move(target), details);
}

AuditEntry MakeTokenAudit(const http::Request& request,
                          std::string organization_id, std::string hint,
                          int64_t now, std::string action, AuditTarget target,
                          const boost::json::object& details) {
  return Entry(request, std::move(organization_id), "", std::move(hint), now,
               std::move(action), std::move(target), details);
}

AuditEntry MakeAudit(const OrgCall& call, int64_t now, std::string action,
                     AuditTarget target, const boost::json::object& details) {
  Call plain{call.request, call.caller};
  return MakeAudit(plain, call.org().id, now, std::move(action),
                   std::move(target), details);
}

}  // namespace hookwarden::api
