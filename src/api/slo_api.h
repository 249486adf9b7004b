// An application's SLO report: GET .../applications/{app}/slo.
#pragma once

#include <boost/json/object.hpp>

#include "api/services.h"
#include "common/status.h"
#include "domain/application.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterSloRoutes(http::Router& router, ApiServices& services);

// The report of the application's SLO at the clock's time, as the SLO
// route answers it (without `application`); NotFound when it has none.
Result<boost::json::object> SloReportJson(ApiServices& services,
                                          const Application& app);

}  // namespace hookwarden::api
