// What a channel's definition must be, checked when it is saved: its method,
// URL, headers, body template and events. Each failure is a 422 naming the
// field, and never repeats a secret's value (the text holds none: secrets
// appear only as {{NAME}}).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/channel.h"
#include "notify/template.h"

namespace hookwarden::notify {

inline constexpr size_t kMaxChannelUrlBytes = 2048;
inline constexpr size_t kMaxChannelHeaders = 20;
inline constexpr size_t kMaxHeaderValueBytes = 2048;
inline constexpr size_t kMaxBodyTemplateBytes = 16 * 1024;
inline constexpr size_t kMaxChannelApplications = 100;
// Bounds of a channel's grouping and flapping settings (domain/flapping.h):
// group_seconds 0 (off) to an hour, flapping_incidents 1 to 1000 within
// flapping_minutes 1 to a day.
inline constexpr int64_t kMaxGroupSeconds = 3600;
inline constexpr int64_t kMaxFlappingIncidents = 1000;
inline constexpr int64_t kMaxFlappingMinutes = 1440;

// POST, PUT or PATCH.
bool IsChannelMethod(std::string_view method);

// Checks the events: at least one, each a channel event type, none twice.
Status CheckEvents(const std::vector<std::string>& events);

// Checks the URL, method, headers and body template of `channel` against
// its events (a field must belong to one of them), and returns the names of
// the secrets its text uses, in order of first appearance. The URL must be
// http:// or https:// with a host, no user name or password and no
// fragment; unless `allow_private_targets`, a host written as an address
// that no channel may reach (address_guard.h), or "localhost", is refused
// here already.
Result<std::vector<std::string>> CheckChannelText(const Channel& channel,
                                                  bool allow_private_targets);

// The Content-Type a delivery carries: the channel's own header, or
// application/json.
std::string ContentTypeOf(const Channel& channel);
// How values are written into the body: JSON-escaped when the content type
// is JSON, as they are otherwise.
Escape BodyEscapeOf(const Channel& channel);

}  // namespace hookwarden::notify
