#include "api/handler.h"

#include <exception>

namespace hookwarden::api {
namespace {

http::Response Answer(ApiServices& services, const http::Request& request,
                      const std::function<Result<http::Response>()>& fn) {
  try {
    Result<http::Response> r = fn();
    if (r.ok()) return std::move(r).value();
    if (r.status().code() == ErrorCode::kInternal ||
        r.status().code() == ErrorCode::kUnavailable) {
      services.logger.Error("request failed",
                            {{"request_id", request.request_id},
                             {"route", request.route},
                             {"error", r.status().message()}});
    }
    return http::ErrorResponse(r.status());
  } catch (const std::exception& e) {
    services.logger.Error("handler threw", {{"request_id", request.request_id},
                                            {"route", request.route},
                                            {"error", e.what()}});
    return http::ErrorResponse(Status::Internal("internal error"));
  }
}

}  // namespace

http::Handler Public(ApiServices& services, PublicFn fn) {
  return [&services, fn = std::move(fn)](http::Request& request,
                                         http::Responder respond) {
    respond(Answer(services, request, [&] { return fn(request); }));
  };
}

http::Handler Authenticated(ApiServices& services, CallFn fn) {
  return [&services, fn = std::move(fn)](http::Request& request,
                                         http::Responder respond) {
    respond(Answer(services, request, [&]() -> Result<http::Response> {
      auto caller = Authenticate(services, request);
      if (!caller.ok()) return caller.status();
      Call call{request, *caller};
      return fn(call);
    }));
  };
}

http::Handler InOrganization(ApiServices& services, Role needed, OrgCallFn fn) {
  return [&services, needed, fn = std::move(fn)](http::Request& request,
                                                 http::Responder respond) {
    respond(Answer(services, request, [&]() -> Result<http::Response> {
      auto caller = Authenticate(services, request);
      if (!caller.ok()) return caller.status();
      auto membership =
          services.store.FindMembership(caller->user.id, request.Param("org"));
      if (!membership.ok()) return membership.status();
      if (!RoleAllows(membership->role, needed)) {
        return Status::Forbidden("this needs the " +
                                 std::string(RoleName(needed)) +
                                 " role in the organization; yours is " +
                                 std::string(RoleName(membership->role)));
      }
      OrgCall call{request, *caller, *membership};
      return fn(call);
    }));
  };
}

}  // namespace hookwarden::api
