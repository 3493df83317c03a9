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

}  // namespace girder
