#include "domain/secret.h"

namespace hookwarden {

bool IsValidSecretName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok =
        (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool IsValidSecretValue(std::string_view value) {
  return !value.empty() && value.size() <= kMaxSecretValueBytes;
}

}  // namespace hookwarden
