// Maintenance windows: /api/v1/orgs/{org}/maintenance-windows, and the
// `maintenance` state they give applications.
#pragma once

#include <vector>

#include "api/services.h"
#include "common/status.h"
#include "domain/application.h"
#include "http/router.h"

namespace hookwarden::api {

void RegisterMaintenanceWindowRoutes(http::Router& router,
                                     ApiServices& services);

// Marks which of the organization's `apps` are in maintenance now.
Status MarkMaintenance(ApiServices& services, const std::string& org_id,
                       std::vector<Application>& apps);
Status MarkMaintenance(ApiServices& services, Application& app);

}  // namespace hookwarden::api
