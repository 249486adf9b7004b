#include "api/public_status_api.h"

#include <boost/json/serialize.hpp>
#include <memory>

#include "api/badge_view.h"
#include "api/handler.h"
#include "api/maintenance_windows_api.h"
#include "api/public_status_json.h"
#include "auth/token.h"
#include "common/ttl_cache.h"
#include "domain/json_views.h"
#include "domain/naming.h"
#include "ingest/rate_limiter.h"
#include "metrics/status_report.h"
#include "web/embedded_files.h"
#include "web/web_ui.h"

namespace hookwarden::api {
namespace {

namespace json = boost::json;

// What the public routes share; lives as long as the router.
struct PublicRoutes {
  explicit PublicRoutes(ApiServices& s)
      : services(s),
        ui(web::EmbeddedWebFiles()),
        limiter(s.clock, kPublicRate, kPublicBurst),
        cache(s.clock, kPublicCacheMillis, kPublicCacheEntries) {}
  ApiServices& services;
  web::WebUi ui;
  ingest::RateLimiter limiter;
  TtlCache<http::Response> cache;
};

// `text` without `suffix` when it ends with it.
std::optional<std::string> Without(std::string_view text,
                                   std::string_view suffix) {
  if (!text.ends_with(suffix)) return std::nullopt;
  return std::string(text.substr(0, text.size() - suffix.size()));
}

Status Limit(PublicRoutes& p, const http::Request& request) {
  std::string address = p.services.trusted_proxies.ClientAddress(
      request.remote_address, request.Header("x-forwarded-for"));
  int wait = p.limiter.Take("public:" + address);
  if (wait > 0) {
    return Status::RateLimited("too many requests from this address", wait);
  }
  return Status::Ok();
}

http::Response Briefly(http::Response r) {
  r.cache_control = "public, max-age=30";
  r.headers.push_back(
      {"Content-Security-Policy", std::string(web::kContentSecurityPolicy)});
  r.headers.push_back({"X-Content-Type-Options", "nosniff"});
  return r;
}

Status NoPage() { return Status::NotFound("no such status page"); }
Status NoBadge() { return Status::NotFound("no such badge"); }

// The enabled page of the organization `slug`.
Result<StatusPage> EnabledPage(ApiServices& s, const std::string& slug) {
  if (!IsValidSlug(slug)) return NoPage();
  auto page = s.store.FindStatusPage(slug);
  if (!page.ok()) {
    return page.status().code() == ErrorCode::kNotFound ? NoPage()
                                                        : page.status();
  }
  if (!page->enabled) return NoPage();
  return page;
}

Result<http::Response> StatusPageAnswer(PublicRoutes& p,
                                        http::Request& request) {
  HW_RETURN_IF_ERROR(Limit(p, request));
  const std::string& ref = request.Param("org");
  auto json_slug = Without(ref, ".json");
  auto page = EnabledPage(p.services, json_slug.value_or(ref));
  if (!page.ok()) return page.status();
  if (!json_slug) return p.ui.Page("status.html", request);
  const std::string key =
      "page:" + page->organization_id + ":" + std::to_string(page->updated_at);
  if (auto cached = p.cache.Get(key)) return *cached;
  auto body = PublicStatusJson(p.services, *page);
  if (!body.ok()) return body.status();
  http::Response r = Briefly(http::JsonResponse(200, *body));
  p.cache.Put(key, r);
  return r;
}

// The badge of `app` over `window` ("" for its state).
Result<Badge> DrawBadge(ApiServices& s, const StatusPage& page,
                        const std::string& app_slug,
                        const std::string& window) {
  if (!IsValidSlug(app_slug)) return NoBadge();
  auto app = s.store.GetApplication(page.organization_id, app_slug);
  if (!app.ok()) {
    return app.status().code() == ErrorCode::kNotFound ? NoBadge()
                                                       : app.status();
  }
  if (window.empty()) {
    HW_RETURN_IF_ERROR(MarkMaintenance(s, *app));
    return StateBadge(app->slug, StateName(app->open_incident.has_value(),
                                           app->in_maintenance));
  }
  const int64_t days = window == "24h" ? 1 : window == "7d" ? 7 : 30;
  const int64_t now = s.clock.NowMillis();
  const int64_t length = days * metrics::kDayMillis;
  metrics::Window read = metrics::StatusDaysWindow(now);
  read.from = read.to - metrics::kMinuteMillis * 2 - length;
  auto inputs = metrics::ReadInputs(s.store, app->id, read, false);
  if (!inputs.ok()) return inputs.status();
  return UptimeBadge(
      app->slug, window,
      metrics::TrailingUptime(inputs->applications.front(), length, now));
}

Result<http::Response> BadgeAnswer(PublicRoutes& p, http::Request& request) {
  HW_RETURN_IF_ERROR(Limit(p, request));
  std::string window;
  if (auto w = request.QueryParam("window")) {
    window = std::string(*w);
    if (window != "24h" && window != "7d" && window != "30d") {
      return Status::BadRequest("window must be 24h, 7d or 30d", "bad_request",
                                "window");
    }
  }
  const std::string& file = request.Param("badge");
  auto svg = Without(file, ".svg");
  auto json_app = Without(file, ".json");
  if (!svg && !json_app) return NoBadge();
  const std::string& key = request.Param("badge_key");
  if (auth::ParseToken(key) != auth::TokenKind::kBadge) return NoBadge();
  // Looked up on every request, so that a replaced key stops at once.
  auto page =
      p.services.store.FindStatusPageByBadgeKey(p.services.hasher.Hash(key));
  if (!page.ok()) {
    return page.status().code() == ErrorCode::kNotFound ? NoBadge()
                                                        : page.status();
  }
  const std::string cache_key =
      "badge:" + page->organization_id + ":" + file + ":" + window;
  if (auto cached = p.cache.Get(cache_key)) return *cached;
  auto badge = DrawBadge(p.services, *page, svg ? *svg : *json_app, window);
  if (!badge.ok()) return badge.status();
  http::Response r;
  if (svg) {
    r.content_type = "image/svg+xml";
    r.body = BadgeSvg(*badge);
  } else {
    r = http::JsonResponse(200, BadgeJson(*badge));
  }
  r = Briefly(std::move(r));
  p.cache.Put(cache_key, r);
  return r;
}

}  // namespace

void RegisterPublicStatusRoutes(http::Router& router, ApiServices& services) {
  auto p = std::make_shared<PublicRoutes>(services);
  router.Add("GET", "/status/{org}",
             Public(services, [p](http::Request& request) {
               return StatusPageAnswer(*p, request);
             }));
  router.Add("GET", "/badge/{badge_key}/{badge}",
             Public(services, [p](http::Request& request) {
               return BadgeAnswer(*p, request);
             }));
}

}  // namespace hookwarden::api
