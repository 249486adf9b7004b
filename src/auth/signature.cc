#include "auth/signature.h"

#include <sodium.h>

#include "auth/random.h"

namespace hookwarden::auth {

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  auth::EnsureSodium();
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(
      &state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(message.data()),
      message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string(hex, 2 * sizeof mac);
}

std::string SignatureHeaderValue(std::string_view signing_secret,
                                 int64_t unix_seconds, std::string_view body) {
  std::string t = std::to_string(unix_seconds);
  std::string message = t + "." + std::string(body);
  return "t=" + t + ",v1=" + HmacSha256Hex(signing_secret, message);
}

std::string NewSigningSecret() { return "hws_" + auth::RandomBase62(43); }

std::string SigningSecretContext(std::string_view org_id,
                                 std::string_view channel_id) {
  return "channel-signing-secret\n" + std::string(org_id) + "\n" +
         std::string(channel_id);
}

}  // namespace hookwarden::auth
