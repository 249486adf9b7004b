// Setting a user's password, by every path that does (the user's own
// change through the API, `admin reset-password`): one password rule
// (ValidateNewPassword), every session ended, and the user's personal API
// keys revoked unless the caller asks to keep them, so that a password
// reset after a compromise also ends what the intruder may have minted.
#pragma once

#include <string_view>

#include "common/status.h"
#include "storage/store.h"

namespace hookwarden::auth {

struct PasswordChangeResult {
  int64_t api_keys_revoked = 0;
};

// Validates `new_password` (Invalid on field "password", naming no part of
// it), stores its hash, ends every session of `user_id` and, unless
// `keep_api_keys`, deletes every API key of the user. A store failure after
// the password is set leaves the password changed and returns the error
// (running it again revokes what is left). Blocks on Argon2id and the
// store; thread-safe as the store is.
Result<PasswordChangeResult> ChangePassword(Store& store,
                                            std::string_view user_id,
                                            std::string_view new_password,
                                            bool keep_api_keys);

}  // namespace hookwarden::auth
