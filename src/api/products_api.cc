#include "api/products_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "api/list_page.h"
#include "api/validation.h"
#include "api/views.h"
#include "auth/random.h"
#include "domain/naming.h"
#include "http/json_body.h"

namespace hookwarden::api {
namespace {

Result<http::Response> CreateProduct(ApiServices& services, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto name = reader.String("name", true);
  auto slug = reader.String("slug", false);
  CheckName(reader, name);
  CheckSlug(reader, slug);
  HW_RETURN_IF_ERROR(reader.Finish());

  int64_t now = services.clock.NowMillis();
  Product product{auth::NewId("prd"),
                  call.org().id,
                  *name,
                  slug ? *slug : SlugFromName(*name, "product"),
                  now,
                  now};
  auto created = services.store.CreateProduct(
      product, slug.has_value(),
      MakeAudit(call, now, "product.created",
                {"product", product.id, product.name}));
  if (!created.ok()) return created.status();
  return http::JsonResponse(201, ProductJson(*created));
}

Result<http::Response> UpdateProduct(ApiServices& services, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto name = reader.String("name", false);
  auto slug = reader.String("slug", false);
  CheckName(reader, name);
  CheckSlug(reader, slug);
  HW_RETURN_IF_ERROR(reader.Finish());

  auto product =
      services.store.GetProduct(call.org().id, call.request.Param("product"));
  if (!product.ok()) return product.status();
  boost::json::object changes;
  if (name) changes["name"] = *name;
  if (slug) changes["slug"] = *slug;
  product->name = name.value_or(product->name);
  product->slug = slug.value_or(product->slug);
  product->updated_at = services.clock.NowMillis();
  auto updated = services.store.UpdateProduct(
      *product, MakeAudit(call, product->updated_at, "product.updated",
                          {"product", product->id, product->name}, changes));
  if (!updated.ok()) return updated.status();
  return http::JsonResponse(200, ProductJson(*updated));
}

}  // namespace

void RegisterProductRoutes(http::Router& router, ApiServices& services) {
  router.Add(
      "GET", "/api/v1/orgs/{org}/products",
      InOrganization(
          services, Role::kMember,
          [&services](OrgCall& call) -> Result<http::Response> {
            return WholeListResponse(
                call.request, "products:" + call.org().id, "products",
                [&] { return services.store.ListProducts(call.org().id); },
                ProductJson,
                [](const Product& p) {
                  return ListPosition{p.name, p.id};
                });
          }));
  router.Add("POST", "/api/v1/orgs/{org}/products",
             InOrganization(services, Role::kAdmin, [&services](OrgCall& call) {
               return CreateProduct(services, call);
             }));
  router.Add(
      "GET", "/api/v1/orgs/{org}/products/{product}",
      InOrganization(services, Role::kMember,
                     [&services](OrgCall& call) -> Result<http::Response> {
                       auto product = services.store.GetProduct(
                           call.org().id, call.request.Param("product"));
                       if (!product.ok()) return product.status();
                       return http::JsonResponse(200, ProductJson(*product));
                     }));
  router.Add("PATCH", "/api/v1/orgs/{org}/products/{product}",
             InOrganization(services, Role::kAdmin, [&services](OrgCall& call) {
               return UpdateProduct(services, call);
             }));
  router.Add(
      "DELETE", "/api/v1/orgs/{org}/products/{product}",
      InOrganization(
          services, Role::kAdmin,
          [&services](OrgCall& call) -> Result<http::Response> {
            auto product = services.store.GetProduct(
                call.org().id, call.request.Param("product"));
            if (!product.ok()) return product.status();
            HW_RETURN_IF_ERROR(services.store.DeleteProduct(
                call.org().id, product->id,
                MakeAudit(call, services.clock.NowMillis(), "product.deleted",
                          {"product", product->id, product->name})));
            return http::NoContent();
          }));
}

}  // namespace hookwarden::api
