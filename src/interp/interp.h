// The interpreter: runs a process until it waits, exits, or uses up its
// reductions.
#pragma once

#include "process/process.h"
#include "term/code_refs.h"

namespace girder {

struct Scheduler;

// dirty: the process called a BIF that runs on a dirty scheduler
// (Process::dirty_job, dirty_kind); it is that pool's until the call ends.
enum class RunResult { yielded, waiting, exited, dirty };

// Runs p on the calling scheduler thread.
RunResult interp_run(Process* p, Scheduler* s);

// Sets up p to call the code at `entry` with args (arity n) when it next
// runs; the process returns to normal_exit when that function returns.
void interp_setup_call(Process* p, const Term* entry, const Term* args, Uint n);

// Code of the shared stubs.
const Term* normal_exit_code();

// Fills an export's trampoline so calls to it load its module or raise
// undef (code_refs.h Export::trampoline).
void interp_init_export(Export* ep);

}  // namespace girder
