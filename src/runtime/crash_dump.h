// erl_crash.dump, written when the VM halts with a slogan
// (erlang:halt(String), a system process that died), in ERTS's format.
#pragma once

#include <string>

#include "process/process.h"

namespace girder {

// Where the dump goes: $ERL_CRASH_DUMP, else erl_crash.dump in the
// current directory.
std::string crash_dump_path();
// ERL_CRASH_DUMP_SECONDS=0: ERTS writes no dump.
bool crash_dump_disabled();
// Writes the dump; false if the file cannot be written. Called with no
// lock held, on the thread that halts: the other normal schedulers stop
// for it and stay stopped. `caller` is the process that halts (its state
// is read in place), or nullptr.
bool write_crash_dump(const std::string& slogan, Process* caller);
// Halts with status 1 after writing the dump (erlang:halt(Slogan), a system
// process that died); with print_slogan the slogan goes to stderr first.
[[noreturn]] void vm_halt_with_dump(const std::string& slogan, bool print_slogan, Process* caller);

}  // namespace girder
