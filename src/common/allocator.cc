#include "common/allocator.h"

#include <cstdlib>

// TCMalloc's C entry points, resolved only when it is linked in.
extern "C" {
int MallocExtension_SetNumericProperty(const char* property, size_t value)
    __attribute__((weak));
int MallocExtension_GetNumericProperty(const char* property, size_t* value)
    __attribute__((weak));
}

namespace hookwarden {
namespace {
constexpr const char* kThreadCacheProperty =
    "tcmalloc.max_total_thread_cache_bytes";

size_t Property(const char* name) {
  size_t value = 0;
  if (MallocExtension_GetNumericProperty == nullptr ||
      MallocExtension_GetNumericProperty(name, &value) == 0) {
    return 0;
  }
  return value;
}
}  // namespace

bool BoundAllocatorCaches(size_t bytes) {
  if (MallocExtension_SetNumericProperty == nullptr) return false;
  if (std::getenv("TCMALLOC_MAX_TOTAL_THREAD_CACHE_BYTES") != nullptr)
    return false;
  return MallocExtension_SetNumericProperty(kThreadCacheProperty, bytes) != 0;
}

size_t AllocatorCacheLimit() { return Property(kThreadCacheProperty); }

}  // namespace hookwarden
