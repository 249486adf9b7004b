// Queuing notifications in the outbox, inside the transaction of the change
// that causes them, shared by the SqlStore files. Internal to src/storage.
//
// Cheap when nobody listens: one query for the organization's channels,
// and the event's data is built only when some channel takes it. Callers
// call it only when something a channel may take happened (an incident
// opened or changed, a deploy created, a credential regenerated), never
// once per ingested event.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/incident.h"
#include "notify/envelope.h"
#include "storage/sql_helpers.h"

namespace hookwarden::sql_store_internal {

// Builds the event's data (notify/envelope.h).
using EventDataMaker = std::function<Result<boost::json::object>()>;

// Inserts one pending delivery, due at `now`, for every channel of the
// organization that takes `type` and is either for every application or
// for one of `application_ids`. They share one envelope and event id.
Status EnqueueNotifications(Connection& c, const std::string& org_id,
                            std::string_view type,
                            const std::vector<std::string>& application_ids,
                            int64_t now, const EventDataMaker& data);

// True when the organization has at least one channel (none: nothing to
// queue, whatever happens).
Result<bool> HasChannels(Connection& c, const std::string& org_id);

// The application as events name it; NotFound when it is gone.
Result<notify::EventApplication> LoadEventApplication(
    Connection& c, const std::string& application_id);

// EnqueueNotifications of incident.<opened|acknowledged|resolved> for
// `incident` as it is now.
Status NotifyIncident(Connection& c, std::string_view type,
                      const Incident& incident, int64_t now);

}  // namespace hookwarden::sql_store_internal
