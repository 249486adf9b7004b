// Notification channels: /api/v1/orgs/{org}/channels. Members read them and
// their deliveries (also an incident's, at .../incidents/{id}/deliveries,
// from every channel); admins and owners create, change, delete and test them
// and regenerate their signing secrets. A channel's signing secret is shown
// only in the answer that makes it (creation, regeneration); no answer, log
// line, audit entry or delivery record carries a secret's value.
#pragma once

#include "api/services.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterChannelRoutes(http::Router& router, ApiServices& services);

}  // namespace hookwarden::api
