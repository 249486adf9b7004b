// First start: an empty store gets the user "admin" and the organization
// "default" with admin as its owner.
#pragma once

#include <ostream>

#include "common/clock.h"
#include "common/status.h"
#include "storage/store.h"

namespace hookwarden::cli {

// Does nothing when the store has any user. Otherwise creates them; the
// password is HOOKWARDEN_ADMIN_PASSWORD or, when unset, a random one written
// once to `terminal` (never to the log).
Status BootstrapFirstRun(Store& store, const Clock& clock,
                         std::ostream& terminal);

}  // namespace hookwarden::cli
