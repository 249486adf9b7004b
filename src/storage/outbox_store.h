// The store's part for notification channels and their outbox of
// deliveries.
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/audit_entry.h"
#include "domain/channel.h"

namespace hookwarden {

// Which due deliveries a claim may take: none of the organizations and
// channels named, and of the rest only those `admit` (when set) accepts,
// asked of each candidate in the claim's order before it is taken (an
// admitted candidate may still be lost to another worker).
struct ClaimFilter {
  std::vector<std::string> skip_organizations;
  std::vector<std::string> skip_channels;
  std::function<bool(const std::string& org_id, const std::string& channel_id)>
      admit;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // --- Notification channels and their outbox.
  // Channels are ordered by name. A channel's `secret_names` are the
  // secrets its text names (the caller computes them); its
  // `application_ids` are ids of the organization's applications. Reads fill
  // `applications` (a deleted one stays listed, marked deleted).
  // Stores a new channel. Conflict (field "name") when the organization has
  // a channel of that name; Invalid (field "secrets", naming it) when a
  // secret it names does not exist (any more); Invalid (field
  // "applications") when an application is not one of the organization's.
  virtual Status CreateChannel(const Channel& channel,
                               const AuditEntry& audit) = 0;
  virtual Result<std::vector<Channel>> ListChannels(
      std::string_view org_id) = 0;
  virtual Result<Channel> GetChannel(std::string_view org_id,
                                     std::string_view channel_id) = 0;
  // Writes name, url, method, headers, body_template, events,
  // application_ids, secret_names, notices and updated_at of the channel with
  // `channel.id`, checked as CreateChannel except for its applications
  // (the caller resolved any new ones; those it kept may have been deleted
  // since). Returns it as stored.
  virtual Result<Channel> UpdateChannel(const Channel& channel,
                                        const AuditEntry& audit) = 0;
  // Also removes its deliveries, sent or not.
  virtual Status DeleteChannel(std::string_view org_id,
                               std::string_view channel_id,
                               const AuditEntry& audit) = 0;
  // Replaces the channel's sealed signing secret.
  virtual Status SetChannelSigningSecret(std::string_view org_id,
                                         std::string_view channel_id,
                                         std::string_view sealed, int64_t now,
                                         const AuditEntry& audit) = 0;
  // Queues one delivery of `payload` (an envelope of `event_type` with id
  // `event_id`) to this channel alone, due at `now`: the test event.
  virtual Result<Delivery> EnqueueDelivery(std::string_view org_id,
                                           std::string_view channel_id,
                                           std::string_view event_id,
                                           std::string_view event_type,
                                           std::string_view payload,
                                           int64_t now) = 0;
  // The channel's deliveries with their attempts, newest first; with
  // `before` ({created_at, id} of the previous page's last one), only those
  // after it in that order.
  using DeliveryPosition = std::pair<int64_t, std::string>;
  virtual Result<std::vector<Delivery>> ListDeliveries(
      std::string_view org_id, std::string_view channel_id, int limit,
      const std::optional<DeliveryPosition>& before = std::nullopt) = 0;
  // The deliveries of the organization's channels queued in group
  // `group_key` (domain/channel.h, e.g. an incident's), with their attempts,
  // in the order and with the `before` of ListDeliveries. An empty list when
  // there are none (the caller checks what the group names exists).
  virtual Result<std::vector<Delivery>> ListGroupDeliveries(
      std::string_view org_id, std::string_view group_key, int limit,
      const std::optional<DeliveryPosition>& before = std::nullopt) = 0;
  // Claims up to `limit` pending deliveries due at `now` that nobody holds
  // (or whose hold ran out), for `claim` until `claimed_until`, each with its
  // channel as it is now; the earliest due first, then in the order they
  // were queued, among those `filter` lets through (a worker's bounds:
  // deliveries of one channel start in the order of their events, but
  // several may be in flight at once, and retries reorder them). A due
  // delivery that the filter leaves does not hide those behind it (up to a
  // few hundred candidates are looked at). The events that cause
  // deliveries queue them in their own transactions (an incident opened or
  // changed, a deploy created, a credential regenerated). Safe with several
  // workers on several servers: a row is held by one claim at a time.
  virtual Result<std::vector<ClaimedDelivery>> ClaimDeliveries(
      int64_t now, int64_t claimed_until, std::string_view claim, int limit,
      const ClaimFilter& filter = {}) = 0;
  // Records the attempt and the delivery's new status, and releases it.
  // NotFound (and nothing changes) unless `outcome.claim` still holds it.
  virtual Status RecordDeliveryAttempt(const DeliveryOutcome& outcome) = 0;
};

}  // namespace hookwarden
