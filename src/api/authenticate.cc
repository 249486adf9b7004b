#include "api/authenticate.h"

#include "auth/token.h"
#include "http/bearer.h"

namespace hookwarden::api {
namespace {

constexpr int64_t kTouchEveryMillis = 60 * 1000;

Status Rejected() {
  return Status::Unauthenticated("missing or invalid credentials");
}

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// Store failures other than "not found" are the server's problem, not the
// caller's: they stay 503/500 instead of becoming a 401.
Status RejectedUnless(const Status& s) {
  return s.code() == ErrorCode::kNotFound ? Rejected() : s;
}

Result<Caller> ByApiKey(ApiServices& services, std::string_view token) {
  if (auth::ParseToken(token) != auth::TokenKind::kPersonal) return Rejected();
  auto key = services.store.FindApiKeyByHash(services.hasher.Hash(token));
  if (!key.ok()) return RejectedUnless(key.status());
  auto user = services.store.GetUser(key->user_id);
  if (!user.ok()) return RejectedUnless(user.status());
  int64_t now = services.clock.NowMillis();
  if (!key->last_used_at || now - *key->last_used_at >= kTouchEveryMillis) {
    // Best effort: usage is informative, and the request goes on without it.
    (void)services.store.TouchApiKey(key->id, now);
  }
  return Caller{std::move(user.value()), false, "", ""};
}

Result<Caller> BySession(ApiServices& services, const http::Request& request,
                         const std::string& cookie) {
  std::string hash = services.hasher.Hash(cookie);
  auto session =
      services.store.FindLoginSession(hash, services.clock.NowMillis());
  if (!session.ok()) return RejectedUnless(session.status());
  auto user = services.store.GetUser(session->user_id);
  if (!user.ok()) return RejectedUnless(user.status());
  if (!IsSafeMethod(request.method)) {
    std::optional<std::string_view> sent = request.Header("x-csrf-token");
    if (!sent || !auth::ConstantTimeEquals(*sent, session->csrf_token)) {
      return Status::Forbidden(
          "this change needs the session's CSRF token in X-CSRF-Token",
          "csrf_failed");
    }
  }
  return Caller{std::move(user.value()), true, std::move(hash),
                session->csrf_token};
}

}  // namespace

std::string CookieValue(const http::Request& request, std::string_view name) {
  std::optional<std::string_view> header = request.Header("cookie");
  if (!header) return {};
  std::string_view rest = *header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view()
                                         : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
  }
  return {};
}

Result<Caller> Authenticate(ApiServices& services,
                            const http::Request& request) {
  if (request.Header("authorization")) {
    return ByApiKey(services, http::BearerToken(request));
  }
  std::string cookie = CookieValue(request, kSessionCookie);
  if (cookie.empty() || cookie.size() > 128) return Rejected();
  return BySession(services, request, cookie);
}

}  // namespace hookwarden::api
