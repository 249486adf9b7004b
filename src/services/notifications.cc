#include "services/notifications.h"

#include <functional>

#include "auth/random.h"
#include "domain/channel.h"
#include "domain/envelope.h"

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
    d.id = auth::NewId("dlv");
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

}  // namespace

Status NotifyIncident(OutboxWriter& outbox, std::string_view type,
                      const Incident& incident, int64_t now) {
  return Enqueue(
      outbox, incident.organization_id, type, {incident.application_id}, now,
      [&]() -> Result<boost::json::object> {
        auto app = outbox.EventApplicationById(incident.application_id);
        if (!app.ok()) return app.status();
        Incident shown = incident;
        shown.application_slug = app->slug;
        return IncidentData(shown, *app);
      });
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

Status NotifyCredentialRegenerated(
    OutboxWriter& outbox, const IntegrationToken& before,
    const IntegrationToken& after, int64_t old_valid_until, int64_t now,
    std::string_view actor, const std::vector<ApplicationSummary>& apps) {
  std::vector<std::string> app_ids;
  for (const ApplicationSummary& a : apps) app_ids.push_back(a.id);
  return Enqueue(outbox, after.organization_id, kEventCredentialRegenerated,
                 app_ids, now, [&]() -> Result<boost::json::object> {
                   std::vector<EventApplication> named;
                   for (const std::string& app_id : app_ids) {
                     auto app = outbox.EventApplicationById(app_id);
                     if (!app.ok()) return app.status();
                     named.push_back(std::move(app.value()));
                   }
                   std::optional<std::string> previous_name;
                   if (after.name != before.name) previous_name = before.name;
                   std::optional<int64_t> valid_until;
                   if (old_valid_until > now) valid_until = old_valid_until;
                   return CredentialData(after, previous_name, valid_until,
                                         actor, named);
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
