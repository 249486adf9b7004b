#include "api/invitations_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "api/list_page.h"
#include "api/validation.h"
#include "api/views.h"
#include "http/json_body.h"
#include "services/invitations.h"

namespace hookwarden::api {

namespace {

// One answer whether or not the username has an account (see
// services/invitations.h).
Result<http::Response> InviteFromCall(ApiServices& services, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto username = reader.String("username", true);
  auto role_name = reader.String("role", true);
  auto password = reader.String("password", false);
  CheckUsername(reader, username);
  CheckRole(reader, role_name);
  HW_RETURN_IF_ERROR(reader.Finish());
  Role role = *ParseRole(*role_name);
  int64_t now = services.clock.NowMillis();
  auto invitation = Invite(
      services.store,
      InvitationRequest{call.org().id, *username, role, password,
                        call.caller.user.id},
      now,
      MakeAudit(call, now, "invitation.created", {"invitation", "", *username},
                {{"role", RoleName(role)}}));
  if (!invitation.ok()) return invitation.status();
  return http::JsonResponse(
      201, boost::json::object{{"invitation", InvitationJson(*invitation)}});
}

}  // namespace

void RegisterInvitationRoutes(http::Router& router, ApiServices& services) {
  for (const char* path :
       {"/api/v1/orgs/{org}/invitations", "/api/v1/orgs/{org}/members"}) {
    router.Add(
        "POST", path,
        InOrganization(services, Role::kOwner, [&services](OrgCall& call) {
          return InviteFromCall(services, call);
        }));
  }

  router.Add(
      "GET", "/api/v1/orgs/{org}/invitations",
      InOrganization(
          services, Role::kOwner,
          [&services](OrgCall& call) -> Result<http::Response> {
            return WholeListResponse(
                call.request, "invitations:" + call.org().id, "invitations",
                [&] {
                  return services.store.ListOrganizationInvitations(
                      call.org().id, services.clock.NowMillis());
                },
                InvitationJson,
                [](const Invitation& i) { return ByTime(i.created_at, i.id); });
          }));

  router.Add(
      "DELETE", "/api/v1/orgs/{org}/invitations/{invitation}",
      InOrganization(services, Role::kOwner,
                     [&services](OrgCall& call) -> Result<http::Response> {
                       const std::string& id = call.request.Param("invitation");
                       int64_t now = services.clock.NowMillis();
                       HW_RETURN_IF_ERROR(services.store.CancelInvitation(
                           call.org().id, id, now,
                           MakeAudit(call, now, "invitation.cancelled",
                                     {"invitation", id, ""})));
                       return http::NoContent();
                     }));

  router.Add(
      "GET", "/api/v1/invitations",
      Authenticated(
          services, [&services](Call& call) -> Result<http::Response> {
            return WholeListResponse(
                call.request, "received-invitations:" + call.caller.user.id,
                "invitations",
                [&] {
                  return services.store.ListReceivedInvitations(
                      call.caller.user.id, services.clock.NowMillis());
                },
                ReceivedInvitationJson,
                [](const ReceivedInvitation& r) {
                  return ByTime(r.invitation.created_at, r.invitation.id);
                });
          }));

  router.Add("POST", "/api/v1/invitations/{invitation}/accept",
             Authenticated(
                 services, [&services](Call& call) -> Result<http::Response> {
                   const User& user = call.caller.user;
                   int64_t now = services.clock.NowMillis();
                   // The store fills in the invitation's organization.
                   auto membership = services.store.AcceptInvitation(
                       user, call.request.Param("invitation"), now,
                       MakeAudit(call, "", now, "invitation.accepted",
                                 {"member", user.id, user.username}));
                   if (!membership.ok()) return membership.status();
                   return http::JsonResponse(200, MembershipJson(*membership));
                 }));

  router.Add("POST", "/api/v1/invitations/{invitation}/decline",
             Authenticated(
                 services, [&services](Call& call) -> Result<http::Response> {
                   const User& user = call.caller.user;
                   int64_t now = services.clock.NowMillis();
                   HW_RETURN_IF_ERROR(services.store.DeclineInvitation(
                       user, call.request.Param("invitation"), now,
                       MakeAudit(call, "", now, "invitation.declined",
                                 {"invitation", "", user.username})));
                   return http::NoContent();
                 }));
}

}  // namespace hookwarden::api
