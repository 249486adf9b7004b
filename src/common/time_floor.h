// Times in milliseconds since the epoch, floored to the start of the span
// that holds them: the minute, hour or day of a bucket, a window or an
// aggregate row.
#pragma once

#include <cstdint>

namespace hookwarden {

// The start of the `step`-long span (step > 0) that holds `at`: the
// greatest multiple of `step` not after `at`, before the epoch too
// (FloorTo(-1, 60'000) is -60'000, not 0).
constexpr int64_t FloorTo(int64_t at, int64_t step) {
  return at - ((at % step) + step) % step;
}

}  // namespace hookwarden
