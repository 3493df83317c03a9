// An allocator for the standard containers that ETS tables use, so that
// their nodes count in erlang:memory(ets).
#pragma once

#include <memory>

#include "term/mem_stats.h"

namespace girder {

template <class T>
struct EtsAlloc {
  using value_type = T;
  EtsAlloc() = default;
  template <class U>
  EtsAlloc(const EtsAlloc<U>&) {}
  T* allocate(size_t n) {
    mem_add(MemKind::ets, int64_t(n * sizeof(T)));
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, size_t n) {
    mem_sub(MemKind::ets, int64_t(n * sizeof(T)));
    std::allocator<T>().deallocate(p, n);
  }
  template <class U>
  bool operator==(const EtsAlloc<U>&) const { return true; }
};

}  // namespace girder
