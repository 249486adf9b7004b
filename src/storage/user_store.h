// The store's part for users, their login sessions and personal API keys.
// The contracts of storage/store.h hold for every method: thread-safe, may
// block (never on a network thread), one transaction each, organization-
// scoped, failures as NotFound, Conflict, Unavailable or Internal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/api_key.h"
#include "domain/login_session.h"
#include "domain/user.h"

namespace hookwarden {

class UserStore {
 public:
  virtual ~UserStore() = default;

  // --- Users.
  virtual Result<int64_t> CountUsers() = 0;
  // Conflict (field "username") when the username is taken.
  virtual Status CreateUser(const User& user) = 0;
  virtual Result<User> FindUserByUsername(std::string_view username) = 0;
  virtual Result<User> GetUser(std::string_view user_id) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Sets a new password hash and ends every session of the user.
  virtual Status SetPasswordHash(std::string_view user_id,
                                 std::string_view password_hash) = 0;

  // --- Login sessions (looked up by the keyed hash of the cookie value).
  virtual Status CreateLoginSession(const LoginSession& session) = 0;
  // NotFound when absent or expired at `now`.
  virtual Result<LoginSession> FindLoginSession(std::string_view id_hash,
                                                int64_t now) = 0;
  virtual Status DeleteLoginSession(std::string_view id_hash) = 0;
  // Removes sessions that expired before `now`; returns how many.
  virtual Result<int64_t> DeleteExpiredLoginSessions(int64_t now) = 0;

  // --- Personal API keys (looked up by the keyed hash of their value).
  virtual Status CreateApiKey(const ApiKey& key) = 0;
  virtual Result<ApiKey> FindApiKeyByHash(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiKey>> ListApiKeys(std::string_view user_id) = 0;
  // NotFound unless the key exists and belongs to `user_id`.
  virtual Status DeleteApiKey(std::string_view user_id,
                              std::string_view key_id) = 0;
  virtual Status TouchApiKey(std::string_view key_id, int64_t at) = 0;
};

}  // namespace hookwarden
