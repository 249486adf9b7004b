// What each change tells the notification channels: which channels take it
// (domain/channel_route.h), and the envelope they receive
// (domain/envelope.h), queued through the outbox of the transaction that
// makes the change, so that a notification goes out exactly when its change
// is committed.
//
// Cheap when nobody listens: the organization's channels are read once per
// transaction, and an event's data is built only when some channel takes
// it. Each function fails as the outbox does (the caller's transaction is
// then rolled back).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/application.h"
#include "domain/deploy.h"
#include "domain/incident.h"
#include "domain/integration_token.h"
#include "domain/maintenance_window.h"
#include "storage/credential_store.h"
#include "storage/unit_of_work.h"

namespace hookwarden {

// incident.opened, incident.acknowledged or incident.resolved (`type`) for
// `incident` as it is now. Each channel that takes incidents of its
// application counts it towards flapping (domain/flapping.h): while the
// application flaps the channel gets no incident event, and gets
// application.flapping_started when it starts (and .flapping_stopped when
// an event shows it stopped). Otherwise the event is grouped: with a
// channel's group_seconds above 0, the incident's first change waits that
// long, and the changes made meanwhile replace its event, so that the
// channel gets one delivery with the latest state.
Status NotifyIncident(OutboxWriter& outbox, std::string_view type,
                      const Incident& incident, int64_t now);

// application.flapping_stopped, to every channel for which the application
// `application_id` was flapping and is calm at `now`. For the periodic
// check, with the application locked.
Status NotifyFlappingStops(OutboxWriter& outbox,
                           const std::string& application_id, int64_t now);

// deploy.created for a deploy just stored.
Status NotifyDeployCreated(OutboxWriter& outbox, const Deploy& deploy,
                           int64_t now);

// maintenance.started or maintenance.ended (`type`) of `window`, covering
// the applications `application_ids`, to every channel that takes the type
// about one of them.
Status NotifyMaintenance(OutboxWriter& outbox, std::string_view type,
                         const MaintenanceWindow& window,
                         const std::vector<std::string>& application_ids,
                         int64_t now);

// slo.burn_rate for the rule `firing` of the application `application_id`
// of `org_id`: starting to hold (`resolved_at` null) or stopping, with the
// SLO (null once taken away) and its report at `now`, to every channel that
// takes the type about the application.
Status NotifySloBurn(OutboxWriter& outbox, const std::string& org_id,
                     const std::string& application_id,
                     const std::optional<Slo>& slo, const SloReport& report,
                     const BurnFiring& firing,
                     std::optional<int64_t> resolved_at, int64_t now);

// credential.regenerated: `before` and `after` the regeneration, which made
// the earlier tokens stop at `old_valid_until`, by `actor`, with the
// applications that use the credential.
Status NotifyCredentialRegenerated(OutboxWriter& outbox,
                                   const IntegrationToken& before,
                                   const IntegrationToken& after,
                                   int64_t old_valid_until, int64_t now,
                                   std::string_view actor,
                                   const std::vector<ApplicationSummary>& apps);

// The hook that makes a regeneration (CredentialStore::
// RegenerateIntegrationToken) notify credential.regenerated.
CredentialStore::AfterRegenerate NotifyWhenRegenerated(int64_t old_valid_until,
                                                       int64_t now,
                                                       std::string actor);

}  // namespace hookwarden
