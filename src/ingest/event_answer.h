// The answer to a hit or a failure reported alone, written straight to
// text: one is sent for every such event, and a JSON document per answer
// cost more than the rest of its answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/report.h"

namespace hookwarden::ingest {

// What the request said of its event.
struct EventAnswer {
  std::string application_slug;
  bool failure = false;
  int64_t at = 0;  // The event's time, as stored.
  bool message_truncated = false;
  bool output_truncated = false;
  std::optional<std::string> run_id;
};

// {"accepted", "duplicate", "application", "status", "timestamp", "state",
// "incident"} in that order, then "message_truncated" and
// "output_truncated" when true, "run_id" and "duration_ms" when there is
// one: the same object the API has always answered.
std::string EventAnswerJson(const EventAnswer& answer,
                            const EventOutcome& written);

}  // namespace hookwarden::ingest
