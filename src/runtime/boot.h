// Starting the VM from the command line.
#pragma once

#include <string>
#include <vector>

namespace girder {

// Direct mode (design decision 10): parses erl's command line, starts the
// init process (girder_init, in src/erl) and runs the schedulers.
// Returns the exit status.
int boot_direct(const char* argv0, const std::vector<std::string>& args);

// The OTP boot (design decision 10): loads the preloaded modules of the OTP
// root, starts erl_init:start(init, BootArgs) with the arguments erlexec
// would pass, and the system processes ERTS starts beside it; OTP's own
// init reads the boot script. Returns the exit status.
int boot_otp(const char* argv0, const std::vector<std::string>& args);

// What erlexec does to erl's command line before the emulator sees it:
// ERL_AFLAGS, ERL_FLAGS and ERL_ZFLAGS added, -args_file read, -env set in
// the environment, -detached noted (and -noshell -noinput added).
std::vector<std::string> erlexec_args(const std::vector<std::string>& argv, bool* detached);
// -detached: the VM goes on in a child process without a terminal; the
// command returns at once with status 0.
void detach_from_terminal();

}  // namespace girder
