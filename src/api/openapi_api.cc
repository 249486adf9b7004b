#include "api/openapi_api.h"

#include <cstdlib>

#include "web/embedded_files.h"

namespace hookwarden::api {

std::string_view OpenApiDocument() {
  for (const web::EmbeddedFile& file : web::EmbeddedApiDocuments()) {
    if (file.path == "openapi.json") return file.content;
  }
  // The build embeds it; a binary without it was built wrong.
  std::abort();
}

void RegisterOpenApiRoutes(http::Router& router, ApiServices&) {
  router.Add(
      "GET", "/api/v1/openapi.json",
      [](http::Request&, http::Responder respond) {
        http::Response r;
        r.body = std::string(OpenApiDocument());
        r.cache_control = "no-cache";
        respond(std::move(r));
      },
      /*inline_handler=*/true);
}

}  // namespace hookwarden::api
