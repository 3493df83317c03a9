#include "port/child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>

namespace girder {

namespace {

// The child's stack: it runs a handful of system calls.
constexpr size_t CHILD_STACK_SIZE = 64 * 1024;
// Sanitizer runtimes keep state of their own in user memory (their
// interceptors of close, sigaction, ...), which a child sharing the VM's
// memory would corrupt: sanitizer builds fork a copy instead.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr bool SHARE_MEMORY = false;
#else
constexpr bool SHARE_MEMORY = true;
#endif
// Fds the child moves its sources to first, so that dup2 onto 0..4 never
// overwrites a source it still needs.
constexpr int FIRST_SCRATCH_FD = 5;

// Everything the child reads, as plain pointers (no allocation after clone).
struct ChildArgs {
  const char* file;
  char* const* argv;
  char* const* envp;
  const char* cd;          // nullptr: stay
  const char* cd_message;  // "spawn: Could not cd to DIR\r\n"
  size_t cd_message_len;
  int fds[5];
};

// Runs in the child, sharing the parent's memory until execve: system
// calls only, no allocation, no locks, errno is the parent thread's (it
// waits meanwhile).
int child_main(void* raw) {
  auto* a = static_cast<ChildArgs*>(raw);
  if (a->cd && chdir(a->cd) < 0) {
    int err = errno;
    ssize_t r = write(2, a->cd_message, a->cd_message_len);
    (void)r;
    _exit(err);
  }
  int moved[5];
  int last = 2;
  for (int i = 0; i < 5; i++) {
    moved[i] = a->fds[i] < 0 ? -1 : fcntl(a->fds[i], F_DUPFD, FIRST_SCRATCH_FD);
    if (a->fds[i] >= 0 && moved[i] < 0) _exit(errno);
    if (a->fds[i] >= 0 && i > last) last = i;
  }
  for (int i = 0; i < 5; i++)
    if (moved[i] >= 0 && dup2(moved[i], i) < 0) _exit(errno);
  if (syscall(SYS_close_range, unsigned(last + 1), ~0U, 0) < 0) {
    for (int fd = last + 1; fd < 65536; fd++) close(fd);  // kernels before 5.9
  }
  setsid();
  // handlers the VM installed are not the child's; ignored signals stay
  // ignored across exec: SIGPIPE (the VM's), and SIGFPE, which ERTS's
  // children have ignored too
  signal(SIGFPE, SIG_IGN);
  for (int sig = 1; sig < NSIG; sig++) {
    struct sigaction sa;
    if (sigaction(sig, nullptr, &sa) == 0 && sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN) {
      sa.sa_handler = SIG_DFL;
      sa.sa_flags = 0;
      sigaction(sig, &sa, nullptr);
    }
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(a->file, a->argv, a->envp);
  _exit(errno);
}

std::vector<char*> c_strings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const std::string& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

int start_child(const ChildSpec& spec, int* pidfd) {
  std::vector<char*> argv = c_strings(spec.argv);
  std::vector<char*> envp = c_strings(spec.envp);
  // ERTS's child setup ends the line with \r\n
  std::string cd_message = "spawn: Could not cd to " + spec.cd + "\r\n";
  ChildArgs a{};
  a.file = spec.file.c_str();
  a.argv = argv.data();
  a.envp = envp.data();
  a.cd = spec.cd.empty() ? nullptr : spec.cd.c_str();
  a.cd_message = cd_message.c_str();
  a.cd_message_len = cd_message.size();
  for (int i = 0; i < 5; i++) a.fds[i] = spec.fds[i];
  std::unique_ptr<char[]> stack(new char[CHILD_STACK_SIZE]);
  // no signal handler may run in the child while it shares our memory
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  int fd = -1;
  int pid;
  if (SHARE_MEMORY) {
    pid = clone(child_main, stack.get() + CHILD_STACK_SIZE, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD,
                &a, &fd);
  } else {
    pid = fork();
    if (pid == 0) child_main(&a);
    if (pid > 0) fd = int(syscall(SYS_pidfd_open, pid, 0));
  }
  int err = errno;
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  if (pid < 0) {
    errno = err;
    return -1;
  }
  *pidfd = fd;
  return pid;
}

int exit_status_code(int wait_status) {
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return WEXITSTATUS(wait_status);
}

}  // namespace girder
