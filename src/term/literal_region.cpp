#include "term/literal_region.h"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace girder {

namespace {
// 8 GiB of address space, committed by the kernel page by page as used.
constexpr Uint REGION_BYTES = Uint(8) << 30;
Term* region_start = nullptr;
Term* region_top = nullptr;
Term* region_end = nullptr;
std::mutex region_lock;

void region_init() {
  void* p = mmap(nullptr, REGION_BYTES, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    std::fprintf(stderr, "girder: cannot reserve the literal region\n");
    std::abort();
  }
  region_start = region_top = static_cast<Term*>(p);
  region_end = region_start + REGION_BYTES / sizeof(Term);
}
}  // namespace

Term* literal_alloc(Uint words) {
  std::lock_guard<std::mutex> g(region_lock);
  if (!region_start) region_init();
  if (Uint(region_end - region_top) < words) {
    std::fprintf(stderr, "girder: literal region exhausted\n");
    std::abort();
  }
  Term* p = region_top;
  region_top += words;
  return p;
}

bool is_literal_ptr(const void* p) {
  auto* t = static_cast<const Term*>(p);
  return t >= region_start && t < region_end;
}

}  // namespace girder
