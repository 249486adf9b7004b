#include "api/status_page_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "auth/token.h"
#include "common/time_format.h"
#include "domain/json_views.h"
#include "http/json_body.h"

namespace hookwarden::api {
namespace {

namespace json = boost::json;

// The settings as owners and members read them: never the badge key's
// value, only its hint.
json::object SettingsJson(const ApiServices& s, const StatusPage& page) {
  json::array products;
  for (const StatusPageProduct& p : page.products)
    products.push_back(json::value(p.slug));
  json::value badge_key = nullptr;
  if (page.badge_key_hint) {
    badge_key =
        json::object{{"hint", *page.badge_key_hint},
                     {"created_at", TimeOrNull(page.badge_key_created_at)}};
  }
  return {
      {"enabled", page.enabled},
      {"title", page.title},
      {"description", page.description ? json::value(*page.description)
                                       : json::value(nullptr)},
      {"products", std::move(products)},
      {"url", s.public_url + "/status/" + page.organization_slug},
      {"badge_key", std::move(badge_key)},
      {"updated_by", page.updated_by.empty() ? json::value(nullptr)
                                             : json::value(page.updated_by)},
      {"updated_at",
       page.updated_at ? TimeOrNull(page.updated_at) : json::value(nullptr)}};
}

// The organization's products named by `refs`, in order, without repeats;
// a 422 naming "products" and the first unknown one.
Result<std::vector<StatusPageProduct>> ResolveProducts(
    ApiServices& s, const std::string& org_id,
    const std::vector<std::string>& refs) {
  std::vector<StatusPageProduct> out;
  for (const std::string& ref : refs) {
    auto product = s.store.GetProduct(org_id, ref);
    if (!product.ok()) {
      if (product.status().code() != ErrorCode::kNotFound) {
        return product.status();
      }
      return Status::Invalid("products", "unknown product '" + ref + "'");
    }
    bool repeated = false;
    for (const StatusPageProduct& p : out) repeated |= p.id == product->id;
    if (!repeated) out.push_back({product->id, product->slug, product->name});
  }
  return out;
}

Result<http::Response> Put(ApiServices& s, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto enabled = reader.Bool("enabled", true);
  auto title = reader.String("title", true);
  auto description = reader.NullableString("description");
  auto products = reader.StringArray("products", true, kMaxStatusPageProducts);
  HW_RETURN_IF_ERROR(reader.Finish());
  auto current = s.store.GetStatusPage(call.org().id);
  if (!current.ok()) return current.status();
  StatusPage page = *current;
  page.enabled = *enabled;
  page.title = *title;
  page.description = description ? *description : std::nullopt;
  auto resolved = ResolveProducts(s, call.org().id, *products);
  if (!resolved.ok()) return resolved.status();
  page.products = std::move(resolved).value();
  HW_RETURN_IF_ERROR(CheckStatusPage(page));
  int64_t now = s.clock.NowMillis();
  page.updated_by = call.caller.user.username;
  page.updated_at = now;
  json::array slugs;
  for (const StatusPageProduct& p : page.products)
    slugs.push_back(json::value(p.slug));
  auto saved = s.store.PutStatusPage(
      page, MakeAudit(call, now, "status_page.updated",
                      {"status_page", call.org().id, page.title},
                      {{"enabled", page.enabled}, {"products", slugs}}));
  if (!saved.ok()) return saved.status();
  return http::JsonResponse(200, SettingsJson(s, *saved));
}

// A new badge key, shown in this answer only: the store keeps its hash.
Result<http::Response> RegenerateBadgeKey(ApiServices& s, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request, /*allow_empty=*/true);
  if (!body.ok()) return body.status();
  HW_RETURN_IF_ERROR(http::BodyReader(*body).Finish());
  const std::string key = auth::MintToken(auth::TokenKind::kBadge);
  const std::string hint = auth::TokenHint(key);
  int64_t now = s.clock.NowMillis();
  auto saved = s.store.ReplaceBadgeKey(
      call.org().id, s.hasher.Hash(key), hint, now,
      MakeAudit(call, now, "status_page.badge_key_regenerated",
                {"status_page", call.org().id, call.org().name},
                {{"hint", hint}}));
  if (!saved.ok()) return saved.status();
  json::object out = SettingsJson(s, *saved);
  out["badge_key"].as_object()["value"] = key;
  return http::JsonResponse(200, out);
}

}  // namespace

void RegisterStatusPageRoutes(http::Router& router, ApiServices& s) {
  const std::string base = "/api/v1/orgs/{org}/status-page";
  router.Add("GET", base,
             InOrganization(s, Role::kMember,
                            [&s](OrgCall& call) -> Result<http::Response> {
                              auto page = s.store.GetStatusPage(call.org().id);
                              if (!page.ok()) return page.status();
                              return http::JsonResponse(200,
                                                        SettingsJson(s, *page));
                            }));
  router.Add("PUT", base, InOrganization(s, Role::kOwner, [&s](OrgCall& call) {
               return Put(s, call);
             }));
  router.Add("POST", base + "/badge-key",
             InOrganization(s, Role::kOwner, [&s](OrgCall& call) {
               return RegenerateBadgeKey(s, call);
             }));
}

}  // namespace hookwarden::api
