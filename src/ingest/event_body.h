// The fields of one reported event, as the single-event endpoints and each
// item of a batch carry them: latency_ms, message, timestamp.
#pragma once

#include <optional>
#include <string>

#include "domain/event.h"
#include "http/json_body.h"

namespace hookwarden::ingest {

inline constexpr int64_t kMaxPastMillis = 24LL * 3600 * 1000;
inline constexpr int64_t kMaxFutureMillis = 5LL * 60 * 1000;
inline constexpr double kMaxLatencyMs = 86'400'000;

// Reads latency_ms, message and timestamp from `reader` into `event` (whose
// received_at must be set): the time defaults to received_at; the message is
// cut to what is kept. Problems are recorded in `reader`. Sets `*truncated`
// when the message was cut.
void ReadEventFields(http::BodyReader& reader, Event& event, bool* truncated);

// `message` cut to at most kMaxKeptMessageBytes, at a UTF-8 character boundary.
std::string KeptMessage(const std::string& message, bool* truncated);

// An Idempotency-Key: 1 to 255 printable ASCII characters.
bool IsValidIdempotencyKey(std::string_view key);

}  // namespace hookwarden::ingest
