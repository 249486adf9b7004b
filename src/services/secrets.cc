#include "services/secrets.h"

namespace hookwarden {

std::string Secrets::SealingContext(std::string_view org_id,
                                    std::string_view name) {
  // Moved to another organization or name, a sealed value does not open.
  return "secret\n" + std::string(org_id) + "\n" + std::string(name);
}

Secret Secrets::Make(std::string org_id, std::string name,
                     std::string_view value, std::string created_by,
                     int64_t created_at) const {
  Secret s;
  s.sealed = sealer_.Seal(value, SealingContext(org_id, name));
  s.organization_id = std::move(org_id);
  s.name = std::move(name);
  s.created_by = std::move(created_by);
  s.created_at = created_at;
  return s;
}

Result<std::string> Secrets::OpenSecret(std::string_view org_id,
                                        std::string_view name) const {
  auto secret = store_.GetSecret(org_id, name);
  if (!secret.ok()) return secret.status();
  auto value = sealer_.Open(secret->sealed, SealingContext(org_id, name));
  if (!value) return Status::Internal("a stored secret does not open");
  return *value;
}

}  // namespace hookwarden
