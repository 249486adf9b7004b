#include "ingest/no_data_watch.h"

#include "common/time_format.h"

namespace hookwarden::ingest {

NoDataWatch::NoDataWatch(Store& store, const Clock& clock, Logger& logger,
                         std::chrono::milliseconds interval)
    : store_(store),
      clock_(clock),
      logger_(logger),
      task_("hw-no-data", interval, [this] { CheckNow(); }) {}

Result<std::vector<Incident>> NoDataWatch::CheckNow() {
  auto opened = store_.OpenNoDataIncidents(clock_.NowMillis());
  if (!opened.ok()) {
    logger_.Warn("no-data check failed",
                 {{"error", opened.status().message()}});
    return opened;
  }
  for (const Incident& i : *opened) {
    logger_.Info("incident opened",
                 {{"incident", i.id},
                  {"application", i.application_id},
                  {"kind", i.kind},
                  {"opened_at", FormatRfc3339(i.opened_at)}});
  }
  return opened;
}

}  // namespace hookwarden::ingest
