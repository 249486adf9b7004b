// Turns a claimed delivery into the HTTP request to send: its channel's
// URL, headers and body with the event's fields and the organization's
// secrets filled in, the JSON envelope as the body when there is no body
// template, and hookwarden's own headers (event, delivery id, signature).
//
// Secrets are opened here, at delivery time, and live only in the returned
// request; what is recorded of it (display_url, and any text passed through
// Redact) keeps {{NAME}} or "[redacted]" instead.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/channel.h"
#include "notify/http_sender.h"

namespace hookwarden::notify {

struct DeliveryRequest {
  OutgoingRequest request;
  std::string display_url;          // Secrets as {{NAME}}.
  std::vector<std::string> hidden;  // Values to redact from what is recorded.
};

// The value of the organization's secret `name`; NotFound when it is gone.
using SecretOpener = std::function<Result<std::string>(const std::string&)>;

// Builds the request of `claimed`, signed with `signing_secret` at
// `unix_seconds`. Fails (with a message naming no value) when a secret is
// gone or does not open, when a secret would put a line break in a header,
// or when the text no longer parses. Field values: percent-encoded in the
// URL, with control characters replaced by spaces in headers, JSON-escaped
// in a JSON body; secrets: as they are, JSON-escaped in a JSON body.
Result<DeliveryRequest> BuildDeliveryRequest(const ClaimedDelivery& claimed,
                                             const SecretOpener& open_secret,
                                             const std::string& signing_secret,
                                             int64_t unix_seconds,
                                             std::string_view user_agent);

// `text` with every non-empty value of `hidden` (and its JSON-escaped form)
// replaced by "[redacted]".
std::string Redact(std::string text, const std::vector<std::string>& hidden);

// `text` redacted as by Redact, then cut to `max_bytes`. When the text was
// cut (here, or before: `already_cut`), a start of a hidden value left at
// its end, however short, is replaced by "[redacted]" too, so that a cut
// never keeps a fragment of a value. The result may exceed `max_bytes` by
// the marker's length.
std::string RedactAndCut(std::string text,
                         const std::vector<std::string>& hidden,
                         size_t max_bytes, bool already_cut = false);

}  // namespace hookwarden::notify
