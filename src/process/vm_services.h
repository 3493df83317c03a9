// Services of the running VM that the interpreter and BIFs call; the
// runtime (src/runtime) implements them.
#pragma once

#include "process/process.h"

namespace girder {

// Sends msg to a pid or registered name (copying it). Returns false if `to`
// is neither (the caller raises badarg).
bool vm_send(Process* from, Term to, Term msg);
// Loads `module` from the code path if it is not loaded; true if loaded now.
// Only in direct mode: under the OTP boot, code is loaded by OTP's code
// server, and this returns whether the module is loaded.
bool vm_ensure_loaded(Term module);
// True under the OTP boot: a call to a function with no code goes to the
// process's error handler (error_handler:undefined_function/3), as in ERTS.
bool vm_uses_error_handler();
// The receiver p acts on signal s (not a message) and frees it
// (runtime/signals.cpp). Called by p's Mailbox::fetch.
void vm_handle_signal(Process* p, Message* s);
// The receive ... after of p ended (a message came, or the timeout was
// taken): its timer leaves the wheel, and timer_active and timed_out are
// cleared.
void vm_cancel_recv_timer(Process* p);
// Monotonic time in nanoseconds.
uint64_t vm_monotonic_ns();

}  // namespace girder
