#include "api/orgs_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "api/list_page.h"
#include "api/validation.h"
#include "api/views.h"
#include "auth/random.h"
#include "domain/naming.h"
#include "http/json_body.h"

namespace hookwarden::api {

void RegisterOrganizationRoutes(http::Router& router, ApiServices& services) {
  router.Add(
      "POST", "/api/v1/orgs",
      Authenticated(
          services, [&services](Call& call) -> Result<http::Response> {
            auto body = http::ParseJsonObject(call.request);
            if (!body.ok()) return body.status();
            http::BodyReader reader(*body);
            auto name = reader.String("name", true);
            auto slug = reader.String("slug", false);
            CheckName(reader, name);
            CheckSlug(reader, slug);
            HW_RETURN_IF_ERROR(reader.Finish());

            Membership created{
                Organization{auth::NewId("org"), *name,
                             slug ? *slug : SlugFromName(*name, "org"),
                             services.clock.NowMillis()},
                Role::kOwner};
            const Organization& org = created.organization;
            HW_RETURN_IF_ERROR(services.store.CreateOrganization(
                org, call.caller.user.id,
                MakeAudit(call, org.id, org.created_at, "organization.created",
                          {"organization", org.id, org.name},
                          {{"slug", org.slug}})));
            return http::JsonResponse(201, MembershipJson(created));
          }));

  router.Add(
      "GET", "/api/v1/orgs",
      Authenticated(
          services, [&services](Call& call) -> Result<http::Response> {
            return WholeListResponse(
                call.request, "orgs:" + call.caller.user.id, "organizations",
                [&] {
                  return services.store.ListMemberships(call.caller.user.id);
                },
                MembershipJson,
                [](const Membership& m) {
                  return ListPosition{m.organization.slug, m.organization.id};
                });
          }));

  router.Add("GET", "/api/v1/orgs/{org}",
             InOrganization(services, Role::kMember,
                            [](OrgCall& call) -> Result<http::Response> {
                              return http::JsonResponse(
                                  200, MembershipJson(call.membership));
                            }));
}

void RegisterMemberRoutes(http::Router& router, ApiServices& services) {
  router.Add(
      "GET", "/api/v1/orgs/{org}/members",
      InOrganization(services, Role::kMember,
                     [&services](OrgCall& call) -> Result<http::Response> {
                       return WholeListResponse(
                           call.request, "members:" + call.org().id, "members",
                           [&] {
                             return services.store.ListMembers(call.org().id);
                           },
                           MemberJson,
                           [](const Member& m) {
                             return ListPosition{m.username, m.user_id};
                           });
                     }));

  // Any member may leave, but the last owner.
  router.Add(
      "POST", "/api/v1/orgs/{org}/leave",
      InOrganization(
          services, Role::kMember,
          [&services](OrgCall& call) -> Result<http::Response> {
            const User& user = call.caller.user;
            Status left = services.store.RemoveMember(
                call.org().id, user.username,
                MakeAudit(call, services.clock.NowMillis(), "member.left",
                          {"member", user.id, user.username}));
            if (left.code() == ErrorCode::kConflict) {
              return Status::Conflict(
                  "you are the last owner of this organization; make another "
                  "member an owner before you leave",
                  "organization");
            }
            HW_RETURN_IF_ERROR(left);
            return http::NoContent();
          }));

  router.Add(
      "PATCH", "/api/v1/orgs/{org}/members/{username}",
      InOrganization(
          services, Role::kOwner,
          [&services](OrgCall& call) -> Result<http::Response> {
            auto body = http::ParseJsonObject(call.request);
            if (!body.ok()) return body.status();
            http::BodyReader reader(*body);
            auto role_name = reader.String("role", true);
            CheckRole(reader, role_name);
            HW_RETURN_IF_ERROR(reader.Finish());
            Role role = *ParseRole(*role_name);
            const std::string& username = call.request.Param("username");
            int64_t now = services.clock.NowMillis();
            auto member = services.store.UpdateMemberRole(
                call.org().id, username, role,
                MakeAudit(call, now, "member.updated", {"member", "", username},
                          {{"role", RoleName(role)}}));
            if (!member.ok()) return member.status();
            return http::JsonResponse(200, MemberJson(*member));
          }));

  router.Add("DELETE", "/api/v1/orgs/{org}/members/{username}",
             InOrganization(
                 services, Role::kOwner,
                 [&services](OrgCall& call) -> Result<http::Response> {
                   const std::string& username = call.request.Param("username");
                   HW_RETURN_IF_ERROR(services.store.RemoveMember(
                       call.org().id, username,
                       MakeAudit(call, services.clock.NowMillis(),
                                 "member.removed", {"member", "", username})));
                   return http::NoContent();
                 }));
}

}  // namespace hookwarden::api
