#include "metrics/slo_report.h"

#include "common/time_floor.h"
#include "metrics/inputs.h"

namespace hookwarden::metrics {

Result<SloReport> ReadSloReport(EventStore& store,
                                const std::string& application_id,
                                const Slo& slo, int64_t now) {
  // Whole minutes, up to the end of the current one.
  Window read;
  read.to = FloorTo(now, kMinuteMillis) + kMinuteMillis;
  read.from = read.to - SloLookbackMillis(slo) - kMinuteMillis;
  auto inputs = ReadInputs(store, application_id, read, true);
  if (!inputs.ok()) return inputs.status();
  SloInputs in;
  in.minutes = std::move(inputs->slices);
  in.down = IncidentSpans(inputs->incidents, now);
  if (!inputs->applications.empty()) {
    in.maintenance = inputs->applications.front().maintenance;
  }
  return ComputeSlo(slo, now, in);
}

}  // namespace hookwarden::metrics
