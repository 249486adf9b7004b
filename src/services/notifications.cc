#include "services/notifications.h"

#include <algorithm>
#include <functional>

#include "auth/random.h"
#include "domain/channel.h"
#include "domain/envelope.h"
#include "domain/flapping.h"

namespace hookwarden {
namespace {

using DataMaker = std::function<Result<boost::json::object>()>;

// Queues one delivery, due at `now`, for every channel of the organization
// that takes `type` about `application_ids`. They share one envelope and
// event id.
Status Enqueue(OutboxWriter& outbox, const std::string& org_id,
               std::string_view type,
               const std::vector<std::string>& application_ids, int64_t now,
               const DataMaker& data) {
  auto routes = outbox.ChannelRoutes(org_id);
  if (!routes.ok()) return routes.status();
  std::vector<const ChannelRoute*> taking;
  for (const ChannelRoute& route : *routes) {
    if (route.Takes(type, application_ids)) taking.push_back(&route);
  }
  if (taking.empty()) return Status::Ok();
  auto org = outbox.OrganizationById(org_id);
  if (!org.ok()) return org.status();
  auto made = data();
  if (!made.ok()) return made.status();
  std::string event_id = auth::NewId("evt");
  std::string payload =
      MakeEnvelope(event_id, type, now, *org, std::move(made.value()));
  std::vector<Delivery> deliveries;
  deliveries.reserve(taking.size());
  for (const ChannelRoute* route : taking) {
    Delivery d;
    d.id = auth::NewOrderedId("dlv");
    d.organization_id = org_id;
    d.channel_id = route->id;
    d.event_id = event_id;
    d.event_type = std::string(type);
    d.payload = payload;
    d.created_at = d.next_attempt_at = now;
    deliveries.push_back(std::move(d));
  }
  return outbox.Enqueue(deliveries);
}

// The applications as events name them; NotFound when one is gone.
Result<std::vector<EventApplication>> NamedApplications(
    OutboxWriter& outbox, const std::vector<std::string>& ids) {
  std::vector<EventApplication> named;
  for (const std::string& id : ids) {
    auto app = outbox.EventApplicationById(id);
    if (!app.ok()) return app.status();
    named.push_back(std::move(app.value()));
  }
  return named;
}

Delivery NewDelivery(const std::string& org_id, const std::string& channel_id,
                     const std::string& event_id, std::string_view type,
                     const std::string& payload, int64_t now) {
  Delivery d;
  d.id = auth::NewOrderedId("dlv");
  d.organization_id = org_id;
  d.channel_id = channel_id;
  d.event_id = event_id;
  d.event_type = std::string(type);
  d.payload = payload;
  d.created_at = d.next_attempt_at = now;
  return d;
}

// application.flapping_started or .flapping_stopped (`change`) of the
// application, to the channel `route`, due at once.
Status QueueFlapping(OutboxWriter& outbox, const std::string& org_id,
                     const std::string& application_id,
                     const std::string& channel_id,
                     const NoticeSettings& settings, const FlapState& state,
                     FlapChange change, int64_t now) {
  auto org = outbox.OrganizationById(org_id);
  if (!org.ok()) return org.status();
  auto app = outbox.EventApplicationById(application_id);
  if (!app.ok()) return app.status();
  std::string_view type = change == FlapChange::kStarted
                              ? kEventFlappingStarted
                              : kEventFlappingStopped;
  std::string event_id = auth::NewId("evt");
  std::string payload = MakeEnvelope(event_id, type, now, *org,
                                     FlappingData(*app, state, settings));
  return outbox.Enqueue(
      {NewDelivery(org_id, channel_id, event_id, type, payload, now)});
}

}  // namespace

Status NotifyIncident(OutboxWriter& outbox, std::string_view type,
                      const Incident& incident, int64_t now) {
  const std::string& org_id = incident.organization_id;
  const std::string& app_id = incident.application_id;
  auto routes = outbox.ChannelRoutes(org_id);
  if (!routes.ok()) return routes.status();
  if (routes->empty()) return Status::Ok();
  // The incident's envelope, made once when a channel takes it.
  std::string event_id, payload;
  auto envelope = [&]() -> Status {
    if (!payload.empty()) return Status::Ok();
    auto org = outbox.OrganizationById(org_id);
    if (!org.ok()) return org.status();
    auto app = outbox.EventApplicationById(app_id);
    if (!app.ok()) return app.status();
    Incident shown = incident;
    shown.application_slug = app->slug;
    event_id = auth::NewId("evt");
    payload =
        MakeEnvelope(event_id, type, now, *org, IncidentData(shown, *app));
    return Status::Ok();
  };
  const std::string group_key = IncidentGroupKey(incident.id);
  for (const ChannelRoute& route : *routes) {
    if (!route.TakesIncidentsOf(app_id)) continue;
    auto state = outbox.FlapStateOf(route.id, app_id);
    if (!state.ok()) return state.status();
    IncidentNotice notice = OnIncidentEvent(route.notices, *state, type, now);
    HW_RETURN_IF_ERROR(outbox.SaveFlapState(org_id, route.id, app_id, *state));
    if (notice.change != FlapChange::kNone) {
      HW_RETURN_IF_ERROR(QueueFlapping(outbox, org_id, app_id, route.id,
                                       route.notices, *state, notice.change,
                                       now));
    }
    if (!notice.notify_incident || !route.Takes(type, {app_id})) continue;
    HW_RETURN_IF_ERROR(envelope());
    Delivery d = NewDelivery(org_id, route.id, event_id, type, payload, now);
    d.group_key = group_key;
    if (route.notices.group_seconds > 0) {
      auto regrouped =
          outbox.Regroup(route.id, group_key, event_id, type, payload, now);
      if (!regrouped.ok()) return regrouped.status();
      if (*regrouped) continue;
      d.next_attempt_at = now + route.notices.group_seconds * 1000;
    }
    HW_RETURN_IF_ERROR(outbox.Enqueue({d}));
  }
  return Status::Ok();
}

Status NotifyFlappingStops(OutboxWriter& outbox,
                           const std::string& application_id, int64_t now) {
  auto flapping = outbox.FlappingFor(application_id);
  if (!flapping.ok()) return flapping.status();
  for (ChannelFlapState& held : *flapping) {
    auto routes = outbox.ChannelRoutes(held.organization_id);
    if (!routes.ok()) return routes.status();
    auto route = std::find_if(
        routes->begin(), routes->end(),
        [&](const ChannelRoute& r) { return r.id == held.channel_id; });
    if (route == routes->end()) continue;
    if (CheckFlapping(route->notices, held.state, now) != FlapChange::kStopped)
      continue;
    HW_RETURN_IF_ERROR(outbox.SaveFlapState(
        held.organization_id, held.channel_id, application_id, held.state));
    HW_RETURN_IF_ERROR(QueueFlapping(
        outbox, held.organization_id, application_id, held.channel_id,
        route->notices, held.state, FlapChange::kStopped, now));
  }
  return Status::Ok();
}

Status NotifyDeployCreated(OutboxWriter& outbox, const Deploy& deploy,
                           int64_t now) {
  return Enqueue(
      outbox, deploy.organization_id, kEventDeployCreated,
      {deploy.application_id}, now, [&]() -> Result<boost::json::object> {
        auto app = outbox.EventApplicationById(deploy.application_id);
        if (!app.ok()) return app.status();
        return DeployData(deploy, *app);
      });
}

Status NotifyMaintenance(OutboxWriter& outbox, std::string_view type,
                         const MaintenanceWindow& window,
                         const std::vector<std::string>& application_ids,
                         int64_t now) {
  return Enqueue(outbox, window.organization_id, type, application_ids, now,
                 [&]() -> Result<boost::json::object> {
                   auto named = NamedApplications(outbox, application_ids);
                   if (!named.ok()) return named.status();
                   return MaintenanceData(window, *named);
                 });
}

Status NotifySloBurn(OutboxWriter& outbox, const std::string& org_id,
                     const std::string& application_id,
                     const std::optional<Slo>& slo, const SloReport& report,
                     const BurnFiring& firing,
                     std::optional<int64_t> resolved_at, int64_t now) {
  return Enqueue(outbox, org_id, kEventSloBurnRate, {application_id}, now,
                 [&]() -> Result<boost::json::object> {
                   auto app = outbox.EventApplicationById(application_id);
                   if (!app.ok()) return app.status();
                   return SloBurnData(*app, slo, report, firing, resolved_at);
                 });
}

Status NotifyCredentialRegenerated(
    OutboxWriter& outbox, const IntegrationToken& before,
    const IntegrationToken& after, int64_t old_valid_until, int64_t now,
    std::string_view actor, const std::vector<ApplicationSummary>& apps) {
  std::vector<std::string> app_ids;
  for (const ApplicationSummary& a : apps) app_ids.push_back(a.id);
  return Enqueue(outbox, after.organization_id, kEventCredentialRegenerated,
                 app_ids, now, [&]() -> Result<boost::json::object> {
                   auto named = NamedApplications(outbox, app_ids);
                   if (!named.ok()) return named.status();
                   std::optional<std::string> previous_name;
                   if (after.name != before.name) previous_name = before.name;
                   std::optional<int64_t> valid_until;
                   if (old_valid_until > now) valid_until = old_valid_until;
                   return CredentialData(after, previous_name, valid_until,
                                         actor, *named);
                 });
}

CredentialStore::AfterRegenerate NotifyWhenRegenerated(int64_t old_valid_until,
                                                       int64_t now,
                                                       std::string actor) {
  return [old_valid_until, now, actor = std::move(actor)](
             OutboxWriter& outbox, const IntegrationToken& before,
             const IntegrationToken& after,
             const std::vector<ApplicationSummary>& apps) {
    return NotifyCredentialRegenerated(outbox, before, after, old_valid_until,
                                       now, actor, apps);
  };
}

}  // namespace hookwarden
