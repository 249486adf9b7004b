#include "api/orgs_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "api/validation.h"
#include "api/views.h"
#include "auth/password.h"
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

  router.Add("GET", "/api/v1/orgs",
             Authenticated(
                 services, [&services](Call& call) -> Result<http::Response> {
                   auto list =
                       services.store.ListMemberships(call.caller.user.id);
                   if (!list.ok()) return list.status();
                   return http::JsonResponse(
                       200, ListJson("organizations", *list, MembershipJson));
                 }));

  router.Add("GET", "/api/v1/orgs/{org}",
             InOrganization(services, Role::kMember,
                            [](OrgCall& call) -> Result<http::Response> {
                              return http::JsonResponse(
                                  200, MembershipJson(call.membership));
                            }));
}

namespace {

Status CheckRole(http::BodyReader& reader,
                 const std::optional<std::string>& role) {
  if (role && !ParseRole(*role)) {
    reader.Fail(Status::Invalid("role", "role must be owner, admin or member"));
  }
  return reader.Finish();
}

Result<http::Response> AddMember(ApiServices& services, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto username = reader.String("username", true);
  auto role_name = reader.String("role", true);
  auto password = reader.String("password", false);
  if (username && !IsValidUsername(*username)) {
    reader.Fail(Status::Invalid(
        "username",
        "username must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'"));
  }
  HW_RETURN_IF_ERROR(CheckRole(reader, role_name));
  Role role = *ParseRole(*role_name);

  auto existing = services.store.FindUserByUsername(*username);
  if (!existing.ok() && existing.status().code() != ErrorCode::kNotFound) {
    return existing.status();
  }
  int64_t now = services.clock.NowMillis();
  std::optional<User> new_user;
  std::string user_id;
  if (existing.ok()) {
    if (password) {
      return Status::Invalid(
          "password", "this user exists already; add them without a password");
    }
    user_id = existing->id;
  } else {
    if (!password) {
      return Status::Invalid("password", "a new user needs a password",
                             "missing_field");
    }
    HW_RETURN_IF_ERROR(auth::ValidateNewPassword(*password));
    auto hash = auth::HashPassword(*password);
    if (!hash.ok()) return hash.status();
    new_user = User{auth::NewId("usr"), *username, *hash, now};
    user_id = new_user->id;
  }
  auto member = services.store.AddMember(
      call.org().id, new_user ? &*new_user : nullptr, user_id, role, now,
      MakeAudit(
          call, now, "member.added", {"member", user_id, *username},
          {{"role", RoleName(role)}, {"new_user", new_user.has_value()}}));
  if (!member.ok()) return member.status();
  return http::JsonResponse(201, MemberJson(*member));
}

}  // namespace

void RegisterMemberRoutes(http::Router& router, ApiServices& services) {
  router.Add(
      "GET", "/api/v1/orgs/{org}/members",
      InOrganization(services, Role::kMember,
                     [&services](OrgCall& call) -> Result<http::Response> {
                       auto members = services.store.ListMembers(call.org().id);
                       if (!members.ok()) return members.status();
                       return http::JsonResponse(
                           200, ListJson("members", *members, MemberJson));
                     }));

  router.Add("POST", "/api/v1/orgs/{org}/members",
             InOrganization(services, Role::kOwner, [&services](OrgCall& call) {
               return AddMember(services, call);
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
            HW_RETURN_IF_ERROR(CheckRole(reader, role_name));
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
