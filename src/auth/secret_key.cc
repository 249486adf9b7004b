#include "auth/secret_key.h"

#include <sodium.h>

namespace hookwarden::auth {

SecretKey::~SecretKey() { sodium_memzero(bytes.data(), bytes.size()); }

}  // namespace hookwarden::auth
