#include "services/password_change.h"

#include "auth/password.h"

namespace hookwarden::auth {

Result<PasswordChangeResult> ChangePassword(Store& store,
                                            std::string_view user_id,
                                            std::string_view new_password,
                                            bool keep_api_keys) {
  HW_RETURN_IF_ERROR(ValidateNewPassword(new_password));
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  HW_RETURN_IF_ERROR(store.SetPasswordHash(user_id, *hash));
  PasswordChangeResult result;
  if (keep_api_keys) return result;
  auto keys = store.ListApiKeys(user_id);
  if (!keys.ok()) return keys.status();
  for (const ApiKey& key : *keys) {
    Status deleted = store.DeleteApiKey(user_id, key.id);
    if (!deleted.ok() && deleted.code() != ErrorCode::kNotFound) return deleted;
    ++result.api_keys_revoked;
  }
  return result;
}

}  // namespace hookwarden::auth
