#include "api/session_api.h"

#include "api/handler.h"
#include "api/views.h"
#include "auth/password.h"
#include "auth/random.h"
#include "http/json_body.h"

namespace hookwarden::api {
namespace {

std::string SessionCookie(const std::string& value, int64_t max_age_seconds) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_seconds);
}

Result<boost::json::object> MeJson(ApiServices& services, const User& user) {
  auto memberships = services.store.ListMemberships(user.id);
  if (!memberships.ok()) return memberships.status();
  boost::json::object body =
      ListJson("organizations", *memberships, MembershipJson);
  body["user"] = UserJson(user);
  return body;
}

Result<http::Response> Login(ApiServices& services, http::Request& request) {
  auto body = http::ParseJsonObject(request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto username = reader.String("username", true);
  auto password = reader.String("password", true);
  HW_RETURN_IF_ERROR(reader.Finish());

  const std::string& address = request.remote_address;
  HW_RETURN_IF_ERROR(services.login_limiter.Check(*username, address));
  auto user = services.store.FindUserByUsername(*username);
  bool valid = false;
  if (user.ok()) {
    valid = auth::VerifyPassword(user->password_hash, *password);
  } else if (user.status().code() == ErrorCode::kNotFound) {
    auth::BurnPasswordVerification(*password);
  } else {
    return user.status();
  }
  if (!valid) {
    services.login_limiter.RecordFailure(*username, address);
    return Status::Unauthenticated("invalid username or password");
  }
  services.login_limiter.RecordSuccess(*username, address);

  std::string cookie = auth::RandomBase62(43);
  int64_t now = services.clock.NowMillis();
  LoginSession session{services.hasher.Hash(cookie), user->id,
                       auth::RandomBase62(32), now,
                       now + services.session_lifetime_millis};
  HW_RETURN_IF_ERROR(services.store.CreateLoginSession(session));
  services.store.DeleteExpiredLoginSessions(now);  // Housekeeping; may fail.
  services.logger.Info("login", {{"request_id", request.request_id},
                                 {"username", user->username},
                                 {"remote", address}});

  auto me = MeJson(services, *user);
  if (!me.ok()) return me.status();
  me->emplace("csrf_token", session.csrf_token);
  http::Response response = http::JsonResponse(200, *me);
  response.headers.emplace_back(
      "Set-Cookie",
      SessionCookie(cookie, services.session_lifetime_millis / 1000));
  return response;
}

}  // namespace

void RegisterSessionRoutes(http::Router& router, ApiServices& services) {
  router.Add("POST", "/api/v1/session",
             Public(services, [&services](http::Request& request) {
               return Login(services, request);
             }));

  router.Add(
      "DELETE", "/api/v1/session",
      Authenticated(
          services, [&services](Call& call) -> Result<http::Response> {
            if (call.caller.via_cookie) {
              HW_RETURN_IF_ERROR(
                  services.store.DeleteLoginSession(call.caller.session_hash));
            }
            http::Response response = http::NoContent();
            response.headers.emplace_back("Set-Cookie", SessionCookie("", 0));
            return response;
          }));

  router.Add("GET", "/api/v1/me",
             Authenticated(
                 services, [&services](Call& call) -> Result<http::Response> {
                   auto me = MeJson(services, call.caller.user);
                   if (!me.ok()) return me.status();
                   if (call.caller.via_cookie)
                     me->emplace("csrf_token", call.caller.csrf_token);
                   return http::JsonResponse(200, *me);
                 }));
}

}  // namespace hookwarden::api
