#include "api/routes.h"

#include "api/api_keys_api.h"
#include "api/applications_api.h"
#include "api/audit_log_api.h"
#include "api/channels_api.h"
#include "api/events_read_api.h"
#include "api/incident_publication_api.h"
#include "api/incidents_api.h"
#include "api/integration_tokens_api.h"
#include "api/invitations_api.h"
#include "api/maintenance_windows_api.h"
#include "api/metrics_api.h"
#include "api/openapi_api.h"
#include "api/operations_api.h"
#include "api/orgs_api.h"
#include "api/products_api.h"
#include "api/public_status_api.h"
#include "api/secrets_api.h"
#include "api/session_api.h"
#include "api/slo_api.h"
#include "api/status_page_api.h"
#include "api/token_holder_api.h"
#include "api/web_ui_api.h"

namespace hookwarden::api {

void RegisterAllRoutes(http::Router& router, ApiServices& services) {
  RegisterOperationsRoutes(router, services);    // /healthz /readyz /metrics
  RegisterSessionRoutes(router, services);       // /api/v1/session, /api/v1/me
  RegisterApiKeyRoutes(router, services);        // /api/v1/api-keys
  RegisterOrganizationRoutes(router, services);  // /api/v1/orgs
  RegisterMemberRoutes(router, services);        // /api/v1/orgs/{org}/members
  RegisterInvitationRoutes(router, services);    // .../invitations
  RegisterProductRoutes(router, services);       // /api/v1/orgs/{org}/products
  RegisterApplicationRoutes(router,
                            services);  // /api/v1/orgs/{org}/applications
  RegisterIntegrationTokenRoutes(router, services);  // .../integration-tokens
  RegisterSecretRoutes(router, services);            // .../secrets
  RegisterChannelRoutes(router, services);           // .../channels
  RegisterMaintenanceWindowRoutes(router,
                                  services);  // .../maintenance-windows
  RegisterTokenHolderRoutes(router,
                            services);  // /api/v1/activate, /tokens/revoke
  services.pipeline.AddRoutes(router);  // hits, failures, events, deploys
  RegisterEventReadRoutes(router,
                          services);  // .../applications/{app}/events|deploys
  RegisterIncidentRoutes(router, services);  // /api/v1/orgs/{org}/incidents
  RegisterIncidentPublicationRoutes(router, services);  // PATCH .../{id}
  RegisterMetricsRoutes(router, services);              // .../metrics
  RegisterSloRoutes(router, services);           // .../applications/{app}/slo
  RegisterAuditLogRoutes(router, services);      // /api/v1/orgs/{org}/audit-log
  RegisterStatusPageRoutes(router, services);    // .../status-page
  RegisterPublicStatusRoutes(router, services);  // /status/..., /badge/...
  RegisterWebUiRoutes(router, services);    // /, /login, /orgs/..., /assets/...
  RegisterOpenApiRoutes(router, services);  // /api/v1/openapi.json
}

}  // namespace hookwarden::api
