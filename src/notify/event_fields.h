// The events a channel may take and the fields its text may name, e.g.
// {{incident.severity}}. Every event has the envelope's fields (event.id,
// event.type, event.created_at, organization.id, organization.slug,
// organization.name); the others come from the event's data.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace hookwarden::notify {

// The event types a channel may take, in documentation order.
const std::vector<std::string_view>& ChannelEventTypes();
bool IsChannelEventType(std::string_view type);

// The fields an event of `type` has ("test" has every field of every type:
// its data is a sample of each).
const std::vector<std::string_view>& FieldsOf(std::string_view type);
// True when some event of `types` has the field.
bool IsFieldOfAny(std::string_view field,
                  const std::vector<std::string>& types);

// The value of `field` in `envelope` (envelope.h) as text: strings as they
// are, numbers and booleans in JSON, null or absent as "". "event.x" reads
// the envelope's own `x`, "organization.x" its organization, anything else
// its data.
std::string FieldValue(const boost::json::object& envelope,
                       std::string_view field);

}  // namespace hookwarden::notify
