#include "ingest/event_body.h"

#include "common/time_format.h"
#include "domain/run.h"

namespace hookwarden::ingest {

std::string CutAtCharacter(const std::string& text, size_t max,
                           bool* truncated) {
  *truncated = text.size() > max;
  if (!*truncated) return text;
  size_t end = max;
  // Back off continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

bool IsValidIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 255) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::optional<std::string> ReadRunId(http::BodyReader& reader) {
  auto run_id = reader.String("run_id", false);
  if (run_id && !IsValidRunId(*run_id)) {
    reader.Fail(Status::Invalid("run_id", "run_id must be 1 to " +
                                              std::to_string(kMaxRunIdBytes) +
                                              " printable ASCII characters"));
    return std::nullopt;
  }
  return run_id;
}

void ReadEventFields(http::BodyReader& reader, Event& event, bool* truncated) {
  *truncated = false;
  event.run_id = ReadRunId(reader);
  event.latency_ms = reader.Number("latency_ms", false, 0, kMaxLatencyMs);
  if (auto message = reader.String("message", false)) {
    if (message->size() > kMaxAcceptedMessageBytes) {
      reader.Fail(Status::Invalid(
          "message", "message must be at most " +
                         std::to_string(kMaxAcceptedMessageBytes) + " bytes"));
    } else {
      event.message = KeptMessage(*message, truncated);
    }
  }
  if (auto exit_code = reader.Int("exit_code", false, 0, 255)) {
    if (*exit_code != 0 && !event.failure) {
      reader.Fail(Status::Invalid(
          "exit_code", "a hit's exit_code is 0; report a failure instead"));
    }
    event.exit_code = *exit_code;
  }
  if (auto output = reader.String("output", false)) {
    if (output->size() > kMaxAcceptedOutputBytes) {
      reader.Fail(Status::PayloadTooLarge(
          "output must be at most " + std::to_string(kMaxAcceptedOutputBytes) +
          " bytes"));
    } else {
      event.output =
          CutAtCharacter(*output, kMaxKeptOutputBytes, &event.output_truncated);
    }
  }
  event.at = event.received_at;
  if (auto timestamp = reader.String("timestamp", false)) {
    auto at = ParseRfc3339(*timestamp);
    if (!at) {
      reader.Fail(Status::Invalid("timestamp",
                                  "timestamp must be an RFC 3339 date-time"));
    } else if (*at < event.received_at - kMaxPastMillis ||
               *at > event.received_at + kMaxFutureMillis) {
      reader.Fail(Status::Invalid("timestamp",
                                  "timestamp must be within the last 24 hours "
                                  "and at most 5 minutes ahead"));
    } else {
      event.at = *at;
    }
  }
}

}  // namespace hookwarden::ingest
