// A personal API key (hwp_...). Only its keyed hash is stored; the value is
// shown once, at creation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hookwarden {

struct ApiKey {
  std::string id;  // "key_..."
  std::string user_id;
  std::string name;
  std::string token_hash;
  std::string hint;  // "hwp_...abcd"
  int64_t created_at = 0;
  std::optional<int64_t> last_used_at;
};

}  // namespace hookwarden
