#include "domain/run.h"

#include <algorithm>

namespace hookwarden {

bool IsValidRunId(std::string_view run_id) {
  if (run_id.empty() || run_id.size() > kMaxRunIdBytes) return false;
  return std::all_of(run_id.begin(), run_id.end(),
                     [](char c) { return c >= 0x21 && c <= 0x7e; });
}

std::optional<Run> OpenRuns::Start(Run run) {
  std::optional<Run> dropped;
  if (run.run_id) {
    auto same = std::find_if(open_.begin(), open_.end(), [&](const Run& r) {
      return r.run_id == run.run_id;
    });
    if (same != open_.end()) {
      dropped = std::move(*same);
      open_.erase(same);
    }
  }
  if (!dropped && open_.size() >= kMaxOpenRunsPerApplication) {
    dropped = std::move(open_.front());
    open_.erase(open_.begin());
  }
  open_.push_back(std::move(run));
  return dropped;
}

std::optional<Run> OpenRuns::Finish(const std::optional<std::string>& run_id) {
  auto match =
      run_id ? std::find_if(open_.begin(), open_.end(),
                            [&](const Run& r) { return r.run_id == run_id; })
             : open_.begin();
  if (match == open_.end()) return std::nullopt;
  Run run = std::move(*match);
  open_.erase(match);
  return run;
}

}  // namespace hookwarden
