// The store's part for SLOs' burn-rate alerts as reads show them
// (domain/burn_alerts.h; the check writes them through the unit of work).
// The contracts of storage/store.h hold: thread-safe, may block (never on a
// network thread), one transaction, organization-scoped, failures as
// Unavailable or Internal.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/burn_alerts.h"

namespace hookwarden {

class SloStore {
 public:
  virtual ~SloStore() = default;

  // The organization's applications with burn-rate rules that fire, by id,
  // each with its rules in kBurnRules order.
  virtual Result<std::map<std::string, std::vector<BurnFiring>>> BurnFiringIn(
      std::string_view org_id) = 0;
};

}  // namespace hookwarden
