// Secrets variables: an organization's named values (an API key of a chat
// service, a password in a webhook URL) that notification channels insert
// where their text says {{NAME}}. The value is sealed at rest and never shown
// again after it is created; a secret cannot be edited, only deleted and
// created again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hookwarden {

// A value is 1 to 4 KiB (any bytes a JSON string can carry).
inline constexpr std::size_t kMaxSecretValueBytes = 4096;

// Names match [A-Z_][A-Z0-9_]{0,63}: what {{NAME}} may name.
bool IsValidSecretName(std::string_view name);
// A value of 1 to kMaxSecretValueBytes bytes.
bool IsValidSecretValue(std::string_view value);

// A notification channel that names a secret in its text.
struct ChannelSummary {
  std::string id;
  std::string name;
};

struct Secret {
  std::string organization_id;
  std::string name;
  std::string sealed;  // The value, sealed under the master key.
  int64_t created_at = 0;
  std::string created_by;  // Username.
  // The channels whose text names the secret; filled by the store's reads.
  std::vector<ChannelSummary> used_by;
};

}  // namespace hookwarden
