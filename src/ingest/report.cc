#include "ingest/report.h"

#include <map>
#include <string_view>
#include <utility>

#include "common/time_floor.h"

namespace hookwarden::ingest {

int64_t MinuteOf(int64_t at) { return FloorTo(at, 60 * 1000); }

void TallyEvents(Report& report) {
  report.tallies.clear();
  if (report.events.size() < 2) return;
  // (application, minute) → its tally's index.
  std::map<std::pair<std::string_view, int64_t>, size_t> index;
  // A report's events are mostly of one application and one minute: the
  // last tally is tried first.
  EventTally* last = nullptr;
  for (size_t i = 0; i < report.events.size(); ++i) {
    const Event& e = report.events[i];
    int64_t minute = MinuteOf(e.at);
    if (last == nullptr || last->minute != minute ||
        report.events[last->event].application_id != e.application_id) {
      auto [found, added] =
          index.try_emplace({e.application_id, minute}, report.tallies.size());
      if (added) report.tallies.push_back({i, minute, {}});
      last = &report.tallies[found->second];
    }
    last->counts.Add(e);
  }
}

}  // namespace hookwarden::ingest
