#include "process/process.h"

#include <cstdio>
#include <cstdlib>

namespace girder {

void process_init_memory(Process* p, Uint heap_words) {
  Term* block = static_cast<Term*>(std::malloc(heap_words * sizeof(Term)));
  if (!block) {
    std::fprintf(stderr, "girder: out of memory creating a process\n");
    std::abort();
  }
  mem_add(p->heap.mem_kind, int64_t(heap_words * sizeof(Term)));
  p->heap.start = p->heap.htop = block;
  p->heap.end = p->heap.limit = block + heap_words;
}

}  // namespace girder
