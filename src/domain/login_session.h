// A browser session created by logging in. The cookie value is never stored,
// only its keyed hash.
#pragma once

#include <cstdint>
#include <string>

namespace hookwarden {

struct LoginSession {
  std::string id_hash;
  std::string user_id;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

}  // namespace hookwarden
