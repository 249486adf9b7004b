// Bounds on the memory the allocator keeps for reuse.
#pragma once

#include <cstddef>

namespace hookwarden {

// The target of what TCMalloc's per-thread caches hold in all, which it
// splits among the threads (each thread keeps at least 512 KiB, so with the
// server's ~20 threads the real ceiling is about 10 MiB). Its default
// (32 MiB) let a soak's resident memory creep up for minutes as each
// thread's cache filled with objects another thread freed (bench/soak).
inline constexpr size_t kThreadCacheBytes = size_t{4} << 20;

// Sets the target of TCMalloc's per-thread caches to `bytes` in all, unless
// TCMALLOC_MAX_TOTAL_THREAD_CACHE_BYTES chose one. Returns whether this
// call applied it: false when the variable is set or the binary runs on
// another allocator (a sanitized build, the unit tests).
bool BoundAllocatorCaches(size_t bytes = kThreadCacheBytes);

// The cap TCMalloc applies now, or 0 when it is not the allocator.
size_t AllocatorCacheLimit();

}  // namespace hookwarden
