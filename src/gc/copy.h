// Copying terms between heaps (messages, spawn arguments) and into memory
// that outlives any heap (ETS objects). Literals are shared, never copied
// (except into ETS); off-heap objects (refc binaries, resources) gain a
// reference for the copy.
#pragma once

#include "term/heap.h"

namespace girder {

// Words that copy_term(t) will allocate.
Uint term_copy_size(Term t);
// Deep copy of t built on h (sharing inside t is not preserved). Literals
// are shared, never copied.
Term copy_term(Term t, Heap& h);

// Words that copy_term_flat(t) will write: literals counted too.
Uint term_flat_size(Term t);
// Deep copy of t into dest, which has room for exactly term_flat_size(t)
// words. Literals are copied as well, so the copy depends on no module
// staying loaded; its refc binaries gain a reference and are linked into
// `oh`, which the owner of dest releases (offheap_release) before it
// frees dest.
Term copy_term_flat(Term t, Term* dest, OffHeap& oh);

}  // namespace girder
