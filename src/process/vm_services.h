// Services of the running VM that the interpreter and BIFs call; the
// runtime (src/runtime) implements them.
#pragma once

#include "process/process.h"

namespace girder {

// Sends msg to a pid or registered name (copying it). Returns false if `to`
// is neither (the caller raises badarg).
bool vm_send(Process* from, Term to, Term msg);
// Loads `module` from the code path if it is not loaded; true if loaded now.
bool vm_ensure_loaded(Term module);
// Monotonic time in nanoseconds.
uint64_t vm_monotonic_ns();

}  // namespace girder
