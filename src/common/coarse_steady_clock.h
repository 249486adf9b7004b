// The steady clock as of the kernel's last tick (one tick behind at most:
// 1 to 10 ms, by the kernel's configuration), for ages and timeouts of a
// second or more that are read on every request: a read costs a quarter of
// steady_clock::now()'s. Same epoch as steady_clock, so the two compare.
// Not settable by tests.
#pragma once

#include <chrono>

namespace hookwarden {

std::chrono::steady_clock::time_point CoarseSteadyNow();

}  // namespace hookwarden
