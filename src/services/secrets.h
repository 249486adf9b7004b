// The rules of secrets variables that every caller shares: how a value is
// sealed and bound to its row, and how the notification worker reads it back
// for a delivery. Nothing here is reachable over HTTP: no API answer ever
// carries a secret's value.
#pragma once

#include <string>
#include <string_view>

#include "auth/sealer.h"
#include "common/clock.h"
#include "common/status.h"
#include "domain/secret.h"
#include "storage/sealed_store.h"

namespace hookwarden {

class Secrets {
 public:
  // All references must outlive this object. Thread-safe.
  Secrets(SealedStore& store, const auth::Sealer& sealer)
      : store_(store), sealer_(sealer) {}

  // A new secret of organization `org_id`, its value sealed and bound to the
  // organization and the name. The caller checked the name and the value.
  Secret Make(std::string org_id, std::string name, std::string_view value,
              std::string created_by, int64_t created_at) const;

  // The value of the organization's secret `name`, for a delivery. NotFound
  // when there is no such secret; Internal when the sealed value does not
  // open (another master key, or a value moved to another row). No message
  // holds the value.
  Result<std::string> OpenSecret(std::string_view org_id,
                                 std::string_view name) const;

  // The associated data that binds a secret's sealed value to its row.
  static std::string SealingContext(std::string_view org_id,
                                    std::string_view name);

 private:
  SealedStore& store_;
  const auth::Sealer& sealer_;
};

}  // namespace hookwarden
