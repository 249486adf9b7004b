// Notification channels: an organization's outbound webhooks, fired when an
// incident opens, is acknowledged or resolves, when a deploy is reported and
// when a credential is regenerated. Each event a channel takes becomes one
// delivery in the durable outbox, sent by the delivery worker
// (notify/delivery_worker.h) and kept with its attempts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hookwarden {

// How a channel spares its receiver a storm of notifications about one
// application: an incident's changes within `group_seconds` become one
// delivery with the latest state (0: each change at once), and an
// application that opens more than `flapping_incidents` incidents within
// `flapping_minutes` is flapping (domain/flapping.h).
struct NoticeSettings {
  int64_t group_seconds = 30;
  int64_t flapping_incidents = 5;
  int64_t flapping_minutes = 30;
};

// The events a channel may take.
inline constexpr std::string_view kEventIncidentOpened = "incident.opened";
inline constexpr std::string_view kEventIncidentAcknowledged =
    "incident.acknowledged";
inline constexpr std::string_view kEventIncidentResolved = "incident.resolved";
inline constexpr std::string_view kEventDeployCreated = "deploy.created";
inline constexpr std::string_view kEventCredentialRegenerated =
    "credential.regenerated";
// An application opened and resolved more incidents than a channel lets it
// within its window (domain/flapping.h), and no longer does: each sent once,
// in place of the incident notifications in between.
inline constexpr std::string_view kEventFlappingStarted =
    "application.flapping_started";
inline constexpr std::string_view kEventFlappingStopped =
    "application.flapping_stopped";
// A maintenance window started or ended (domain/maintenance_window.h).
inline constexpr std::string_view kEventMaintenanceStarted =
    "maintenance.started";
inline constexpr std::string_view kEventMaintenanceEnded = "maintenance.ended";
// A burn-rate rule of an application's SLO started or stopped holding
// (domain/burn_alerts.h): once each.
inline constexpr std::string_view kEventSloBurnRate = "slo.burn_rate";
// Sent only by POST .../channels/{id}/test, to that channel.
inline constexpr std::string_view kEventTest = "test";

// An application a channel is limited to, as reads show it.
struct ChannelApplication {
  std::string id;
  std::string slug;  // Empty once the application is deleted.
  std::string name;
  bool deleted = false;
};

struct Channel {
  std::string id;  // "chn_..."
  std::string organization_id;
  std::string name;
  // The text of the request; each may hold {{SECRET_NAME}} and {{field}}
  // placeholders (notify/template.h).
  std::string url;
  std::string method = "POST";
  std::vector<std::pair<std::string, std::string>> headers;  // In order.
  std::optional<std::string> body_template;  // None: the JSON envelope.
  std::vector<std::string> events;           // Event types, as given.
  // Only events of these applications; empty: every application.
  std::vector<std::string> application_ids;
  // The secrets its text names, computed by the caller from the text; the
  // store keeps them to answer which channels use a secret.
  std::vector<std::string> secret_names;
  // The key that signs its deliveries, sealed under the master key and
  // bound to the organization and the channel (auth/signature.h).
  std::string signing_secret_sealed;
  // Grouping and flapping (domain/flapping.h).
  NoticeSettings notices;
  int64_t created_at = 0;
  std::string created_by;  // Username.
  int64_t updated_at = 0;
  // Filled in by reads: the applications of `application_ids`.
  std::vector<ChannelApplication> applications;
};

// Statuses of a delivery.
inline constexpr std::string_view kDeliveryPending = "pending";
inline constexpr std::string_view kDeliveryDelivered = "delivered";
inline constexpr std::string_view kDeliveryFailed = "failed";

// One try at sending a delivery. Never holds a secret's value: the URL keeps
// its {{SECRET}} placeholders and the error and response have every secret
// value replaced by "[redacted]".
struct DeliveryAttempt {
  int64_t at = 0;
  int64_t duration_ms = 0;
  std::optional<int64_t> status_code;  // None: no HTTP answer.
  std::string error;                   // Empty on success.
  std::string url;                     // Secrets as {{NAME}}.
  std::string response;                // The start of the answer's body.
};

// The group key of the deliveries about incident `incident_id`.
inline std::string IncidentGroupKey(std::string_view incident_id) {
  return "incident:" + std::string(incident_id);
}

// One event for one channel, in the outbox.
struct Delivery {
  std::string id;  // "dlv_..."
  std::string organization_id;
  std::string channel_id;
  std::string event_id;  // "evt_...": shared by the channels of one event.
  std::string event_type;
  std::string payload;  // The JSON envelope (domain/envelope.h).
  // Deliveries of one channel with the same non-empty key are one group:
  // while the first is waiting for its group window, later ones replace its
  // event instead of queuing. Every delivery about an incident carries its
  // IncidentGroupKey, grouped or not.
  std::string group_key;
  std::string status = std::string(kDeliveryPending);
  int64_t created_at = 0;
  int64_t next_attempt_at = 0;  // While pending.
  std::optional<int64_t> finished_at;
  int64_t attempt_count = 0;
  std::vector<DeliveryAttempt> attempts;  // Oldest first; filled by reads.
};

// A delivery that a worker holds until `claimed_until`, with its channel as
// it is now.
struct ClaimedDelivery {
  Delivery delivery;
  Channel channel;
  std::string claim;  // Identifies this worker's hold on it.
};

// What a worker made of one attempt at a claimed delivery.
struct DeliveryOutcome {
  std::string delivery_id;
  std::string claim;
  DeliveryAttempt attempt;
  std::string status;           // pending (to retry), delivered or failed.
  int64_t next_attempt_at = 0;  // When pending.
};

}  // namespace hookwarden
