// The spawn driver (ERTS: spawn_start and friends in sys_drivers.c):
// {spawn, Command} runs `exec Command` with /bin/sh -c, {spawn_executable,
// File} runs File with {args, ...} and {arg0, ...}. The port's output goes
// to the child's stdin (fd 3 with nouse_stdio) and the child's stdout (fd
// 4; with stderr_to_stdout its stderr too) is the port's input. A port
// opened with `in` only leaves the child the VM's stdin, with `out` only the
// VM's stdout.
//
// With exit_status the port reports {exit_status, S} when its input has
// ended and the child has exited, whichever comes last, and only then ends
// the input ({Port, eof}, or closing). A port without input never reports
// it (as ERTS). Closing the port closes the pipes; the child lives on and
// is reaped when it exits.
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "port/child_process.h"
#include "port/stream_driver.h"

namespace girder {

namespace {

const char* const SHELL = "/bin/sh";

// The child's environment: the VM's with the {env, ...} changes applied
// (a changed variable keeps its place, a new one comes last).
std::vector<std::string> child_environment(std::vector<std::string> env, const PortOptions& o) {
  for (const auto& [name, change] : o.env) {
    std::string prefix = name + "=";
    auto it = env.begin();
    while (it != env.end() && it->compare(0, prefix.size(), prefix) != 0) ++it;
    if (!change.first) {
      if (it != env.end()) env.erase(it);
    } else if (it != env.end()) {
      *it = prefix + change.second;
    } else {
      env.push_back(prefix + change.second);
    }
  }
  return env;
}

class SpawnDriver final : public StreamDriver {
 public:
  const char* name() const override { return "spawn"; }
  bool port_level_locking() const override { return true; }

  OpenStatus open(Port& port, const PortSpec& spec) override {
    const PortOptions& o = spec.opts;
    ChildSpec child;
    if (spec.kind == DriverKind::spawn_executable) {
      if (access(spec.command.c_str(), X_OK) != 0) return {OpenStatus::posix, errno};
      child.file = spec.command;
      child.argv.push_back(o.has_arg0 ? o.arg0 : spec.command);
      for (const std::string& a : o.args) child.argv.push_back(a);
    } else {
      child.file = SHELL;
      child.argv = {"sh", "-c", "exec " + spec.command};
    }
    child.envp = child_environment(port.host->environment(), o);
    if (o.has_cd) child.cd = o.cd;

    int from_child[2] = {-1, -1}, to_child[2] = {-1, -1};
    if (o.read && pipe2(from_child, O_CLOEXEC) < 0) return {OpenStatus::posix, errno};
    if (o.write && pipe2(to_child, O_CLOEXEC) < 0) {
      int err = errno;
      close_pair(from_child);
      return {OpenStatus::posix, err};
    }
    int child_in = o.use_stdio ? 0 : 3, child_out = o.use_stdio ? 1 : 4;
    if (o.write) child.fds[child_in] = to_child[0];
    if (o.read) child.fds[child_out] = from_child[1];
    if (o.read && o.stderr_to_stdout) child.fds[2] = from_child[1];

    int pidfd = -1;
    int pid = start_child(child, &pidfd);
    int err = errno;
    // the child has its copies
    if (o.write) ::close(to_child[0]);
    if (o.read) ::close(from_child[1]);
    if (pid < 0) {
      if (o.write) ::close(to_child[1]);
      if (o.read) ::close(from_child[0]);
      return {OpenStatus::posix, err};
    }
    in_fd_ = o.read ? from_child[0] : -1;
    out_fd_ = o.write ? to_child[1] : -1;
    if (in_fd_ >= 0) set_nonblocking(in_fd_);
    if (out_fd_ >= 0) set_nonblocking(out_fd_);
    port.os_pid = pid;
    want_status_ = o.exit_status;
    port.host->watch_child(port, pid, pidfd);
    reading_ = in_fd_ >= 0;
    update_select(port);
    return {};
  }

  int control(Port&, unsigned, std::string_view, std::string*) override { return -1; }

  void close(Port& port) override {
    deselect_all(port);
    if (in_fd_ >= 0) ::close(in_fd_);
    if (out_fd_ >= 0) ::close(out_fd_);
    in_fd_ = out_fd_ = -1;
    port.queue.clear();
  }

  void child_exited(Port& port, int wait_status) override {
    exited_ = true;
    status_ = exit_status_code(wait_status);
    if (want_status_ && input_over_) finish_input(port);
  }

 protected:
  void input_ended(Port& port) override {
    input_over_ = true;
    if (!want_status_ || exited_) finish_input(port);
  }

 private:
  static void close_pair(int p[2]) {
    if (p[0] >= 0) ::close(p[0]);
    if (p[1] >= 0) ::close(p[1]);
  }

  void finish_input(Port& port) {
    if (want_status_) port_send_exit_status(port, status_);
    port_input_eof(port);
  }

  bool want_status_ = false;
  bool input_over_ = false;  // the child's output reached its end
  bool exited_ = false;
  int status_ = 0;
};

}  // namespace

std::unique_ptr<Driver> make_spawn_driver() { return std::make_unique<SpawnDriver>(); }

}  // namespace girder
