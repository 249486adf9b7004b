#include "api/web_ui_api.h"

#include <memory>
#include <string>

#include "web/embedded_files.h"
#include "web/web_ui.h"

namespace hookwarden::api {

void RegisterWebUiRoutes(http::Router& router, ApiServices&) {
  // Shared by the handlers, which live as long as the router.
  auto ui = std::make_shared<const web::WebUi>(web::EmbeddedWebFiles());
  auto shell = [ui](http::Request& request, http::Responder respond) {
    respond(ui->Shell(request));
  };
  for (const char* page :
       {"/", "/login", "/orgs/{org}", "/orgs/{org}/{page}",
        "/orgs/{org}/{page}/{item}", "/orgs/{org}/{page}/{item}/{sub}"}) {
    router.Add("GET", page, shell, /*inline_handler=*/true);
  }
  // Placeholders at the same depth share one name in the router.
  router.Add(
      "GET", "/assets/{version}/{first}",
      [ui](http::Request& request, http::Responder respond) {
        respond(ui->Asset(request.Param("version"), request.Param("first"),
                          request));
      },
      /*inline_handler=*/true);
  router.Add(
      "GET", "/assets/{version}/{first}/{second}",
      [ui](http::Request& request, http::Responder respond) {
        respond(ui->Asset(
            request.Param("version"),
            request.Param("first") + "/" + request.Param("second"), request));
      },
      /*inline_handler=*/true);
}

}  // namespace hookwarden::api
