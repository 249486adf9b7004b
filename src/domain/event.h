// A hit or a failure reported by an application, as the store keeps it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hookwarden {

// What an event is. A log message (a ping URL's /log) is kept and shown with
// the events, but is neither a hit nor a failure: it is counted in no figure,
// goes through no incident rule, finishes no run and is no report for the
// application's schedule.
enum class EventStatus { kHit = 0, kFailure = 1, kLog = 2 };

// "hit", "failure" or "log"; and back (nullopt for anything else).
std::string_view EventStatusName(EventStatus status);
std::optional<EventStatus> ParseEventStatus(std::string_view name);

struct Event {
  int64_t id = 0;  // Assigned by the store.
  std::string organization_id;
  std::string application_id;
  bool failure = false;
  bool log = false;         // A log message (then never a failure).
  int64_t at = 0;           // The event's time (client timestamp or arrival).
  int64_t received_at = 0;  // When the server received it.
  std::optional<double> latency_ms;
  std::optional<std::string> message;          // At most kMaxKeptMessageBytes.
  std::optional<std::string> idempotency_key;  // Not kept with the event.
  // A job's end: its exit status (0-255; only a failure's is non-zero) and
  // what it printed, at most kMaxKeptOutputBytes (cut when longer).
  std::optional<int64_t> exit_code;
  std::optional<std::string> output;
  bool output_truncated = false;
  // The run it names (domain/run.h), and the duration of the run it
  // finished, if it finished one (set by the commit).
  std::optional<std::string> run_id;  // Not kept with the event.
  std::optional<int64_t> duration_ms;
};

// The event's status.
inline EventStatus StatusOf(const Event& e) {
  return e.log       ? EventStatus::kLog
         : e.failure ? EventStatus::kFailure
                     : EventStatus::kHit;
}

// How much of a message is kept, and the largest message accepted at all.
inline constexpr size_t kMaxKeptMessageBytes = 1024;
inline constexpr size_t kMaxAcceptedMessageBytes = 64 * 1024;
// How much of a job's output is kept, and the largest accepted at all (a
// 413 beyond it).
inline constexpr size_t kMaxKeptOutputBytes = 10 * 1024;
inline constexpr size_t kMaxAcceptedOutputBytes = 64 * 1024;

// How many events of each application are kept as rows (failures beyond
// it are kept too, until their retention ends).
inline constexpr int kKeptEventsPerApplication = 1000;

// One use of a credential's tokens, counted with the events it carried.
struct CredentialUse {
  std::string credential_id;
  int64_t requests = 0;
  int64_t throttled = 0;
  int64_t last_at = 0;
  std::string last_from;
};

}  // namespace hookwarden
