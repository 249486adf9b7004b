// An organization's public status page and badges: what it chooses to
// publish, without login, about some of its products. The settings name
// the products; the badge key (auth::TokenKind::kBadge, kept only as a
// keyed hash) opens the badges of any of the organization's applications.
//
// What the public sees of an incident is only what an admin chose: its
// `public_note`, and its raw cause only when `publish_cause` is set (a
// cause may hold internal detail).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace hookwarden {

// Products one page may list.
inline constexpr size_t kMaxStatusPageProducts = 20;
inline constexpr size_t kMaxStatusPageDescriptionLength = 1000;
inline constexpr size_t kMaxPublicNoteLength = 1000;

// A product the page lists, as reads show it.
struct StatusPageProduct {
  std::string id;  // Writes use only the id.
  std::string slug;
  std::string name;
};

struct StatusPage {
  std::string organization_id;
  // The organization's slug and name, filled in by reads.
  std::string organization_slug;
  std::string organization_name;
  bool enabled = false;
  std::string title;
  std::optional<std::string> description;
  std::vector<StatusPageProduct> products;  // In the order given.
  // The current badge key's hint ("hwb_...x9Qa") and when it was made;
  // absent until an owner makes one.
  std::optional<std::string> badge_key_hint;
  std::optional<int64_t> badge_key_created_at;
  std::string updated_by;  // Username; "" before any change.
  int64_t updated_at = 0;
};

// The settings of an organization that never saved any: disabled, titled
// with the organization's name, listing nothing.
StatusPage DefaultStatusPage(std::string organization_id,
                             std::string organization_slug,
                             std::string organization_name);

// Invalid (naming the field) unless the title is a display name (1 to 100
// characters), the description at most 1000 characters without control
// characters other than line breaks, and at most kMaxStatusPageProducts
// products are listed.
Status CheckStatusPage(const StatusPage& page);

// What an admin publishes about one incident.
struct IncidentPublication {
  std::optional<std::string> public_note;
  bool publish_cause = false;
  std::string updated_by;  // Username.
  int64_t updated_at = 0;
};

// Invalid (field "public_note") unless the note is 1 to 1000 characters,
// not only blanks, without control characters other than line breaks.
Status CheckPublicNote(std::string_view note);

// What the public may read of an incident's cause: the cause only when
// the admin published it.
std::optional<std::string> PublishedCause(
    const std::optional<std::string>& cause,
    const IncidentPublication& publication);

}  // namespace hookwarden
