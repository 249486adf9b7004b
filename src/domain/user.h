// A person who logs in. Usernames are global; roles live on memberships.
#pragma once

#include <cstdint>
#include <string>

namespace hookwarden {

struct User {
  std::string id;  // "usr_..."
  std::string username;
  std::string password_hash;  // Argon2id string; never leaves the server.
  int64_t created_at = 0;     // Epoch milliseconds.
};

}  // namespace hookwarden
