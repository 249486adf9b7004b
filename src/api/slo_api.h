// An application's SLO report: GET .../applications/{app}/slo.
#pragma once

#include <boost/json/object.hpp>

#include "api/services.h"
#include "common/status.h"
#include "domain/application.h"
#include "domain/burn_alerts.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterSloRoutes(http::Router& router, ApiServices& services);

// The application's SLO at `now` as the organization's figures carry it:
// {objective_percent, window_days, indicator, attained_percent,
// error_budget: {remaining_percent}, firing: [...]}, or null without one.
Result<boost::json::value> SloStateJson(ApiServices& services,
                                        const Application& app,
                                        const std::vector<BurnFiring>& firing,
                                        int64_t now);

// The report of the application's SLO at the clock's time with its
// burn-rate rules that fire, as the SLO route answers it (without
// `application`); NotFound when it has none.
Result<boost::json::object> SloReportJson(
    ApiServices& services, const Application& app,
    const std::vector<BurnFiring>& firing);

}  // namespace hookwarden::api
