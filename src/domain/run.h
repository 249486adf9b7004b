// A run of an application's job: a start opens it; the next hit or failure
// with the same run id (or, without a run id, the oldest open start)
// finishes it and carries its duration. Pure rules: the store keeps the
// open runs, the group commit applies these to them in order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hookwarden {

struct Run {
  std::string id;  // "run_...": the store's key.
  std::string organization_id;
  std::string application_id;
  std::optional<std::string> run_id;  // As the reporter named it, if it did.
  int64_t started_at = 0;             // When the start arrived.
  // Set once its run_too_long incident was considered, so that it opens at
  // most once per run.
  bool overdue = false;
};

// A finished run, as the figures read it.
struct FinishedRun {
  int64_t finished_at = 0;
  int64_t duration_ms = 0;
  bool failed = false;
};

// How many runs of one application may be open at once. A start beyond it
// drops the oldest open run (a job that started and never reported again),
// so that a cron line's start is never refused.
inline constexpr size_t kMaxOpenRunsPerApplication = 100;
// A run id: 1 to 64 printable ASCII characters (runitor sends a UUID).
inline constexpr size_t kMaxRunIdBytes = 64;
// The longest max_runtime_seconds an application may set.
inline constexpr int64_t kMaxRuntimeSeconds = 30LL * 24 * 3600;

// True for a valid run id.
bool IsValidRunId(std::string_view run_id);

// What one application's open runs become as its reports arrive, in order.
class OpenRuns {
 public:
  // `open`: the application's open runs, oldest first.
  explicit OpenRuns(std::vector<Run> open) : open_(std::move(open)) {}

  // Opens `run`. A start with the run id of an open run starts that run
  // again (a retried start is not a second run). Returns the run dropped to
  // stay within kMaxOpenRunsPerApplication (or replaced), if any.
  std::optional<Run> Start(Run run);
  // The run a report with `run_id` (or none) finishes, taken out of the
  // open runs; nullopt when none matches.
  std::optional<Run> Finish(const std::optional<std::string>& run_id);

  const std::vector<Run>& open() const { return open_; }

 private:
  std::vector<Run> open_;  // Oldest first.
};

}  // namespace hookwarden
