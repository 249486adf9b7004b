// An application's SLO report (domain/slo.h) read from the store: its
// per-minute counts, incidents and maintenance over the SLO's lookback.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "domain/slo.h"
#include "storage/event_store.h"

namespace hookwarden::metrics {

// The report of `slo` for the application `application_id` at `now`, read
// in one snapshot; fails as the store does. Blocks on the store.
Result<SloReport> ReadSloReport(EventStore& store,
                                const std::string& application_id,
                                const Slo& slo, int64_t now);

}  // namespace hookwarden::metrics
