// Bounds on the memory the allocator keeps for reuse.
#pragma once

#include <cstddef>

namespace hookwarden {

// What TCMalloc's per-thread caches may hold in all, summed over threads.
// Its default (32 MiB) lets a long-running server's resident memory creep
// up for many minutes as each thread's cache fills with objects another
// thread freed; a few MiB serve the request path as well.
inline constexpr size_t kThreadCacheBytes = size_t{4} << 20;

// Caps the per-thread caches of TCMalloc at `bytes` in all. Returns whether
// the cap was applied: false when the binary runs on another allocator (a
// sanitized build, the tests), which needs no cap.
bool BoundAllocatorCaches(size_t bytes = kThreadCacheBytes);

// The cap TCMalloc applies now, or 0 when it is not the allocator.
size_t AllocatorCacheLimit();

}  // namespace hookwarden
