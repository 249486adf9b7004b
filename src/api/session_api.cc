#include "api/session_api.h"

#include "api/handler.h"
#include "api/views.h"
#include "auth/password.h"
#include "auth/random.h"
#include "domain/naming.h"
#include "http/json_body.h"
#include "services/password_change.h"

namespace hookwarden::api {
namespace {

// The session cookie; Secure when users reach the server over https, or
// when it speaks HTTPS itself.
std::string SessionCookie(const ApiServices& services, const std::string& value,
                          int64_t max_age_seconds) {
  bool https =
      services.serves_tls || services.public_url.starts_with("https://");
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "") +
         "; Max-Age=" + std::to_string(max_age_seconds);
}

// The address a login comes from, for the limiter and the log.
std::string ClientAddress(const ApiServices& services,
                          const http::Request& request) {
  return services.trusted_proxies.ClientAddress(
      request.remote_address, request.Header("x-forwarded-for"));
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
  // Before any bookkeeping: nothing longer than a username can be is kept.
  if (username->size() > kMaxUsernameLength) {
    return Status::BadRequest("username is longer than " +
                                  std::to_string(kMaxUsernameLength) +
                                  " characters",
                              "bad_request", "username");
  }
  if (password->size() > auth::kMaxPasswordBytes) {
    return Status::BadRequest("password is longer than " +
                                  std::to_string(auth::kMaxPasswordBytes) +
                                  " bytes",
                              "bad_request", "password");
  }

  const std::string address = ClientAddress(services, request);
  // Counted per account: "Admin" and "admin" are one.
  const std::string account = UsernameKey(*username);
  HW_RETURN_IF_ERROR(services.login_limiter.Admit(account, address));
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
    services.login_limiter.RecordFailure(account, address);
    return Status::Unauthenticated("invalid username or password");
  }
  services.login_limiter.RecordSuccess(account, address);

  std::string cookie = auth::RandomBase62(43);
  int64_t now = services.clock.NowMillis();
  LoginSession session{services.hasher.Hash(cookie), user->id,
                       auth::RandomBase62(32), now,
                       now + services.session_lifetime_millis};
  HW_RETURN_IF_ERROR(services.store.CreateLoginSession(session));
  // Housekeeping, which the retention pass also does: the login stands
  // whether or not it succeeds.
  (void)services.store.DeleteExpiredLoginSessions(now);
  services.logger.Info("login", {{"request_id", request.request_id},
                                 {"username", user->username},
                                 {"remote", address}});

  auto me = MeJson(services, *user);
  if (!me.ok()) return me.status();
  me->emplace("csrf_token", session.csrf_token);
  http::Response response = http::JsonResponse(200, *me);
  response.headers.emplace_back(
      "Set-Cookie",
      SessionCookie(services, cookie, services.session_lifetime_millis / 1000));
  return response;
}

// POST /api/v1/me/password: the caller changes their own password, proving
// the current one (counted as a login attempt against brute force).
Result<http::Response> ChangeOwnPassword(ApiServices& services, Call& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto current = reader.String("current_password", true);
  auto next = reader.String("new_password", true);
  auto keep = reader.Bool("keep_api_keys", false);
  HW_RETURN_IF_ERROR(reader.Finish());
  const User& user = call.caller.user;
  const std::string address = ClientAddress(services, call.request);
  HW_RETURN_IF_ERROR(
      services.login_limiter.Admit(UsernameKey(user.username), address));
  if (!auth::VerifyPassword(user.password_hash, *current)) {
    services.login_limiter.RecordFailure(UsernameKey(user.username), address);
    return Status::Invalid("current_password",
                           "the current password is not right");
  }
  Status rule = auth::ValidateNewPassword(*next);
  if (!rule.ok()) return Status::Invalid("new_password", rule.message());
  auto changed = auth::ChangePassword(services.store, user.id, *next,
                                      keep.value_or(false));
  if (!changed.ok()) return changed.status();
  services.logger.Info("password changed",
                       {{"request_id", call.request.request_id},
                        {"username", user.username},
                        {"api_keys_revoked", changed->api_keys_revoked}});
  http::Response response =
      http::JsonResponse(200, {{"api_keys_revoked", changed->api_keys_revoked},
                               {"sessions_ended", true}});
  response.headers.emplace_back("Set-Cookie", SessionCookie(services, "", 0));
  return response;
}

}  // namespace

void RegisterSessionRoutes(http::Router& router, ApiServices& services) {
  router.Add("POST", "/api/v1/session",
             Public(services, [&services](http::Request& request) {
               return Login(services, request);
             }));

  router.Add("DELETE", "/api/v1/session",
             Authenticated(
                 services, [&services](Call& call) -> Result<http::Response> {
                   if (call.caller.via_cookie) {
                     HW_RETURN_IF_ERROR(services.store.DeleteLoginSession(
                         call.caller.session_hash));
                   }
                   http::Response response = http::NoContent();
                   response.headers.emplace_back(
                       "Set-Cookie", SessionCookie(services, "", 0));
                   return response;
                 }));

  router.Add("POST", "/api/v1/me/password",
             Authenticated(services, [&services](Call& call) {
               return ChangeOwnPassword(services, call);
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
