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

// Reads run_id (domain/run.h), or nullopt when absent; an invalid one is
// recorded in `reader`.
std::optional<std::string> ReadRunId(http::BodyReader& reader);

// Reads latency_ms, message, timestamp, exit_code, output and run_id from
// `reader` into `event` (whose received_at and failure must be set): the time
// defaults to received_at; the message and the output are cut to what is
// kept (output_truncated says so for the output); a hit's exit_code must be
// 0, and an output longer than kMaxAcceptedOutputBytes is a 413. Problems
// are recorded in `reader`. Sets `*truncated` when the message was cut.
void ReadEventFields(http::BodyReader& reader, Event& event, bool* truncated);

// `text` cut to at most `max` bytes, at a UTF-8 character boundary; sets
// `*truncated` when it was cut.
std::string CutAtCharacter(const std::string& text, size_t max,
                           bool* truncated);
// `message` cut to at most kMaxKeptMessageBytes, at a UTF-8 character boundary.
inline std::string KeptMessage(const std::string& message, bool* truncated) {
  return CutAtCharacter(message, kMaxKeptMessageBytes, truncated);
}

// An Idempotency-Key: 1 to 255 printable ASCII characters.
bool IsValidIdempotencyKey(std::string_view key);

}  // namespace hookwarden::ingest
