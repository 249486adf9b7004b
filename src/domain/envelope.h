// What a channel receives: unless it has a body template, the body of every
// delivery is this JSON envelope,
//
//   {"id": "evt_...", "type": "incident.opened",
//    "created_at": "2026-11-26T20:26:29.123Z",
//    "organization": {"id", "slug", "name"}, "data": {...}}
//
// where `data` depends on the type (docs/api.md lists every field). The
// envelope is made when the change that causes it is committed, and its id
// is the same for every channel that takes the event. No secret and no
// token value is ever part of it.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/burn_alerts.h"
#include "domain/channel.h"
#include "domain/deploy.h"
#include "domain/flapping.h"
#include "domain/incident.h"
#include "domain/integration_token.h"
#include "domain/maintenance_window.h"
#include "domain/organization.h"

namespace hookwarden {

// An application as events name it.
struct EventApplication {
  std::string id;
  std::string slug;
  std::string name;
  std::string product;  // The product's slug.
};

// The envelope, serialized.
std::string MakeEnvelope(std::string_view event_id, std::string_view type,
                         int64_t created_at, const Organization& org,
                         boost::json::object data);

// incident.*: {incident: {...}, application: {...}}.
boost::json::object IncidentData(const Incident& incident,
                                 const EventApplication& app);
// deploy.created: {deploy: {...}, application: {...}}.
boost::json::object DeployData(const Deploy& deploy,
                               const EventApplication& app);
// credential.regenerated: {credential: {id, type, name, generation,
// previous_name, previous_valid_until, regenerated_by}, applications:
// [{id, slug, name, product}]}. Never a token or a hint of one.
boost::json::object CredentialData(
    const IntegrationToken& credential,
    const std::optional<std::string>& previous_name,
    std::optional<int64_t> previous_valid_until,
    std::string_view regenerated_by,
    const std::vector<EventApplication>& applications);
// application.flapping_started and .flapping_stopped: {application: {...},
// flapping: {incidents (opened within the window), threshold,
// window_minutes, since (when it started flapping), incident_open}}.
boost::json::object FlappingData(const EventApplication& app,
                                 const FlapState& state,
                                 const NoticeSettings& settings);

// maintenance.started and .ended: {maintenance: {id, reason, starts_at,
// ends_at}, applications: [{id, slug, name, product}]} (the applications it
// covers).
boost::json::object MaintenanceData(
    const MaintenanceWindow& window,
    const std::vector<EventApplication>& applications);

// The burn rates of `report` keyed by span ("5m" ... "3d"), each a number
// or null.
boost::json::object BurnRatesJson(const SloReport& report);

// A burn-rate rule that fires, as reads show it: {rule, severity, threshold
// (for `slo`'s window; null without an SLO), long_window, short_window,
// since}.
boost::json::object BurnFiringJson(const BurnFiring& firing,
                                   const std::optional<Slo>& slo);

// slo.burn_rate: {application: {...}, slo: {objective_percent, window_days,
// indicator} or null once taken away, burn_alert: {rule, severity, status
// ("firing" when it starts to hold, "resolved" when it stops), since,
// resolved_at, threshold, long_window, short_window, long_rate,
// short_rate}, burn_rate: {"5m" ... "3d"}, error_budget: {remaining_percent}}.
boost::json::object SloBurnData(const EventApplication& app,
                                const std::optional<Slo>& slo,
                                const SloReport& report,
                                const BurnFiring& firing,
                                std::optional<int64_t> resolved_at);

// test: a message and a sample of every other event's data, so that a
// channel's text renders as it will for real events.
boost::json::object TestData(int64_t now, std::string_view requested_by);

}  // namespace hookwarden
