#include "term/literal_region.h"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace girder {

namespace literal_detail {
const Term* region_start = nullptr;
const Term* region_end = nullptr;
}  // namespace literal_detail

namespace {
// 8 GiB of address space, committed by the kernel page by page as used.
constexpr Uint REGION_BYTES = Uint(8) << 30;
Term* region_top = nullptr;
Term* region_limit = nullptr;
std::mutex region_lock;

void region_init() {
  void* p = mmap(nullptr, REGION_BYTES, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    std::fprintf(stderr, "girder: cannot reserve the literal region\n");
    std::abort();
  }
  region_top = static_cast<Term*>(p);
  region_limit = region_top + REGION_BYTES / sizeof(Term);
  literal_detail::region_start = region_top;
  literal_detail::region_end = region_limit;
}
}  // namespace

Term* literal_alloc(Uint words) {
  std::lock_guard<std::mutex> g(region_lock);
  if (!region_top) region_init();
  if (Uint(region_limit - region_top) < words) {
    std::fprintf(stderr, "girder: literal region exhausted\n");
    std::abort();
  }
  Term* p = region_top;
  region_top += words;
  return p;
}

Uint literal_bytes() {
  std::lock_guard<std::mutex> g(region_lock);
  return region_top ? Uint(region_top - literal_detail::region_start) * sizeof(Term) : 0;
}

}  // namespace girder
