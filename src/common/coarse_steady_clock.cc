#include "common/coarse_steady_clock.h"

#include <time.h>

namespace hookwarden {

std::chrono::steady_clock::time_point CoarseSteadyNow() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  return std::chrono::steady_clock::time_point(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::seconds(now.tv_sec) +
          std::chrono::nanoseconds(now.tv_nsec)));
}

}  // namespace hookwarden
