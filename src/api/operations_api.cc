#include "api/operations_api.h"

#include "api/handler.h"

namespace hookwarden::api {

void RegisterOperationsRoutes(http::Router& router, ApiServices& services) {
  router.Add("GET", "/healthz",
             Public(services, [](http::Request&) -> Result<http::Response> {
               return http::JsonResponse(200, {{"status", "ok"}});
             }));
  router.Add(
      "GET", "/readyz",
      Public(services, [&services](http::Request&) -> Result<http::Response> {
        Status s = services.store.Ping();
        if (!s.ok()) {
          return http::JsonResponse(503,
                                    {{"status", "unavailable"},
                                     {"error", "the store does not answer"}});
        }
        return http::JsonResponse(200, {{"status", "ready"}});
      }));
  router.Add(
      "GET", "/metrics",
      Public(services, [&services](http::Request&) -> Result<http::Response> {
        http::Response r;
        r.content_type = "text/plain; version=0.0.4";
        r.body = services.metrics.Render();
        r.body +=
            "# HELP hookwarden_login_limiter_entries Entries in the failed "
            "login table (bounded).\n"
            "# TYPE hookwarden_login_limiter_entries gauge\n"
            "hookwarden_login_limiter_entries " +
            std::to_string(services.login_limiter.size()) + "\n";
        return r;
      }));
}

}  // namespace hookwarden::api
