// The garbage collector: a generational copying collector per process
// (young heap with the stack, old heap; see gc.cpp).
//
// Contract (docs/gc-safe-coding.md): a collection happens only when the
// interpreter asks for heap or stack space (test_heap, allocate,
// allocate_heap) or explicitly at a safe point; it moves every term on the
// heap, so the only live values afterwards are the ones reachable from the
// roots it was given (X registers 0..live-1, the stack, the process's own
// fields). BIFs never collect: they allocate from fragments when the block
// is full (term/heap.h).
#pragma once

#include "process/process.h"

namespace girder {

// Collects p so that afterwards at least `need` words are free between the
// heap top and the stack top. xregs[0..live) are roots and are updated.
void gc_collect(Process* p, Uint need, Term* xregs, Uint live);

// Extra roots for a collection started outside the interpreter.
void gc_collect_with_roots(Process* p, Uint need, Term* xregs, Uint live,
                           Term** extra, Uint n_extra);

// The same, choosing a major collection (old heap included) if `major`
// (erlang:garbage_collect) instead of letting the collector decide.
void gc_collect_full(Process* p, Uint need, Term* xregs, Uint live, Term** extra, Uint n_extra,
                     bool major);

}  // namespace girder
