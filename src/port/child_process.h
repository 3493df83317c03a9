// Starting a child process for a spawn port, as ERTS's erl_child_setup
// does it: a new session, the port's pipes as the child's stdio (or fds 3
// and 4), every other fd closed, the working directory changed, default
// signal handling (ignored signals stay ignored: SIGPIPE and SIGFPE, as in
// ERTS's children), then exec. A working directory that cannot be entered is
// reported on stderr and the child exits with the errno as its status; an
// exec that fails exits with the errno too.
//
// Girder clones the VM without copying it (clone with CLONE_VM |
// CLONE_VFORK, as posix_spawn does inside): the calling thread waits only
// until the child has exec'd, and the child touches nothing but the data
// prepared here. posix_spawn itself would refuse the spawn on a bad
// working directory instead of letting the child report it. Sanitizer
// builds fork instead (their runtimes keep state in user memory).
#pragma once

#include <string>
#include <vector>

namespace girder {

struct ChildSpec {
  std::string file;               // what to execve
  std::vector<std::string> argv;  // argv[0] included
  std::vector<std::string> envp;  // "NAME=value"
  std::string cd;                 // working directory; empty: the VM's
  // The child's fd n (0..4) is a copy of fds[n]; -1 leaves fd n as the
  // child inherits it (fds 0..2) or closed (3, 4). Fds from 5 up (3 up if
  // fds[3] and fds[4] are -1) are closed.
  int fds[5] = {-1, -1, -1, -1, -1};
};

// Starts the child. Returns its pid and sets *pidfd (close-on-exec), or
// returns -1 with errno set.
int start_child(const ChildSpec& spec, int* pidfd);

// A wait status as ERTS reports it in {exit_status, S}: the exit code, or
// 128 + the signal that killed the child.
int exit_status_code(int wait_status);

}  // namespace girder
