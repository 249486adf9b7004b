#include "api/incident_publication_api.h"

#include "api/audit.h"
#include "api/handler.h"
#include "domain/json_views.h"
#include "domain/status_page.h"
#include "http/json_body.h"

namespace hookwarden::api {
namespace {

namespace json = boost::json;

Result<IncidentPublication> ReadPublication(ApiServices& s,
                                            const std::string& org_id,
                                            const std::string& incident_id) {
  auto found = s.store.IncidentPublications(org_id, {incident_id});
  if (!found.ok()) return found.status();
  auto it = found->find(incident_id);
  return it == found->end() ? IncidentPublication{} : it->second;
}

Result<http::Response> Publish(ApiServices& s, OrgCall& call) {
  auto body = http::ParseJsonObject(call.request);
  if (!body.ok()) return body.status();
  http::BodyReader reader(*body);
  auto note = reader.NullableString("public_note");
  auto publish_cause = reader.Bool("publish_cause", false);
  HW_RETURN_IF_ERROR(reader.Finish());
  if (!note && !publish_cause) {
    return Status::Invalid("public_note",
                           "give public_note or publish_cause to change",
                           "missing_field");
  }
  if (note && *note) HW_RETURN_IF_ERROR(CheckPublicNote(**note));
  const std::string& id = call.request.Param("id");
  auto incident = s.store.GetIncident(call.org().id, id);
  if (!incident.ok()) return incident.status();
  auto publication = ReadPublication(s, call.org().id, id);
  if (!publication.ok()) return publication.status();
  if (note) publication->public_note = *note;
  if (publish_cause) publication->publish_cause = *publish_cause;
  int64_t now = s.clock.NowMillis();
  publication->updated_by = call.caller.user.username;
  publication->updated_at = now;
  json::object details{{"publish_cause", publication->publish_cause},
                       {"public_note", publication->public_note.has_value()}};
  HW_RETURN_IF_ERROR(
      s.store.PublishIncident(call.org().id, id, *publication,
                              MakeAudit(call, now, "incident.published",
                                        {"incident", id, id}, details)));
  json::object out = IncidentJson(*incident);
  HW_RETURN_IF_ERROR(AddPublication(s, call.org().id, id, out));
  return http::JsonResponse(200, out);
}

}  // namespace

Status AddPublication(ApiServices& s, const std::string& org_id,
                      const std::string& incident_id, json::object& body) {
  auto publication = ReadPublication(s, org_id, incident_id);
  if (!publication.ok()) return publication.status();
  body["public_note"] = publication->public_note
                            ? json::value(*publication->public_note)
                            : json::value(nullptr);
  body["publish_cause"] = publication->publish_cause;
  return Status::Ok();
}

void RegisterIncidentPublicationRoutes(http::Router& router, ApiServices& s) {
  router.Add("PATCH", "/api/v1/orgs/{org}/incidents/{id}",
             InOrganization(s, Role::kAdmin,
                            [&s](OrgCall& call) { return Publish(s, call); }));
}

}  // namespace hookwarden::api
