// Copying terms between heaps (messages, spawn arguments, ETS later).
// Literals are shared, never copied; off-heap objects (refc binaries,
// resources) gain a reference for the copy.
#pragma once

#include "term/heap.h"

namespace girder {

// Words that copy_term(t) will allocate.
Uint term_copy_size(Term t);
// Deep copy of t built on h (sharing inside t is not preserved).
Term copy_term(Term t, Heap& h);

}  // namespace girder
