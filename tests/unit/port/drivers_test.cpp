// The fd and spawn drivers against a fake event loop (fake_host.h): the
// test says when an fd is ready and when a child has exited, and reads
// what the port sent its owner. Covers the output queue and busy state,
// input with its end, and the order of data, exit status and end of input.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <string>

#include "fake_host.h"
#include "port/child_process.h"
#include "port/port.h"
#include "term/atom_table.h"

namespace girder {
namespace {

struct Drivers : ::testing::Test {
  PortTable table{8};
  FakeHost host;
  std::shared_ptr<Port> port;
  int pipe_fds[2] = {-1, -1};

  void SetUp() override {
    signal(SIGPIPE, SIG_IGN);
    ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  }
  void TearDown() override {
    if (port && port->state.load() == PortState::open) port->driver->close(*port);
    for (int fd : pipe_fds)
      if (fd >= 0) close(fd);
    for (auto [pid, pidfd] : host.children) {
      close(pidfd);
      waitpid(pid, nullptr, 0);
    }
  }
  Port& open(PortSpec spec) {
    OpenStatus st;
    std::unique_lock<std::mutex> g;
    port = port_open(table, &host, spec, make_local_pid(1), &st, &g);
    EXPECT_EQ(st.kind, OpenStatus::ok);
    return *port;
  }
  // Waits until fd is readable (or at its end).
  static void wait_readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    poll(&p, 1, 5000);
  }
  // Plays the event loop for the port's input until it stops reading.
  void read_to_end() {
    for (int fd; (fd = host.fd_for(PortHost::READ)) >= 0;) {
      wait_readable(fd);
      port->driver->ready_input(*port, fd);
    }
  }
  int wait_child() {
    int status = 0;
    EXPECT_EQ(host.children.size(), 1u);
    waitpid(host.children[0].first, &status, 0);
    host.children[0].first = -1;
    return status;
  }
  std::string msg(const std::string& what) const { return "{#Port<0.0>," + what + "}"; }
};

// term_to_text's (~w) form of a string, as a list or as a binary.
std::string codes(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += (out.empty() ? "" : ",") + std::to_string(c);
  return out;
}
std::string list(const std::string& s) { return "[" + codes(s) + "]"; }
std::string bin(const std::string& s) { return "<<" + codes(s) + ">>"; }

TEST_F(Drivers, FdOutputThatDoesNotFitIsQueuedAndMakesThePortBusy) {
  fcntl(pipe_fds[1], F_SETPIPE_SZ, 4096);
  PortSpec spec;
  spec.kind = DriverKind::fd;
  spec.out_fd = pipe_fds[1];
  spec.opts.read = false;
  Port& p = open(spec);
  std::string data;
  for (int i = 0; data.size() < 100000; i++) data += std::to_string(i) + ",";
  port_output(p, reinterpret_cast<const uint8_t*>(data.data()), data.size());
  EXPECT_FALSE(is_value(p.failure));
  EXPECT_GT(p.queue.size(), 0u) << "a 4 KB pipe cannot take it all";
  EXPECT_TRUE(p.busy);
  EXPECT_EQ(host.selected[pipe_fds[1]], PortHost::WRITE);
  // more output goes behind the queue, not around it
  port_output(p, reinterpret_cast<const uint8_t*>("END"), 3);
  data += "END";
  std::string got;
  char buf[8192];
  while (got.size() < data.size()) {
    ssize_t n = read(pipe_fds[0], buf, sizeof buf);
    ASSERT_GT(n, 0);
    got.append(buf, size_t(n));
    if (host.selected[pipe_fds[1]] & PortHost::WRITE) p.driver->ready_output(p, pipe_fds[1]);
  }
  EXPECT_EQ(got, data);
  EXPECT_TRUE(p.queue.empty());
  EXPECT_FALSE(p.busy) << "busy until the queue is empty";
  EXPECT_EQ(host.selected[pipe_fds[1]], 0u) << "nothing more to wait for";
}

TEST_F(Drivers, FdInputIsFramedAndItsEndClosesThePort) {
  PortSpec spec;
  spec.kind = DriverKind::fd;
  spec.in_fd = pipe_fds[0];
  spec.opts.write = false;
  spec.opts.line_length = 8;
  Port& p = open(spec);
  EXPECT_EQ(host.selected[pipe_fds[0]], PortHost::READ);
  ASSERT_EQ(write(pipe_fds[1], "one\ntw", 6), 6);
  p.driver->ready_input(p, pipe_fds[0]);
  ASSERT_EQ(write(pipe_fds[1], "o", 1), 1);
  close(pipe_fds[1]);
  pipe_fds[1] = -1;
  read_to_end();
  EXPECT_EQ(host.sent, (std::vector<std::string>{msg("{data,{eol," + list("one") + "}}"), msg("{data,{noeol," + list("two") + "}}")}));
  EXPECT_EQ(p.failure, atom::normal) << "no eof setting: the port exits normal";
  EXPECT_EQ(p.bytes_in, 7u);
}

TEST_F(Drivers, FdInputWithEofSaysSoAndStaysOpen) {
  PortSpec spec;
  spec.kind = DriverKind::fd;
  spec.in_fd = pipe_fds[0];
  spec.opts.write = false;
  spec.opts.binary = true;
  spec.opts.soft_eof = true;
  Port& p = open(spec);
  ASSERT_EQ(write(pipe_fds[1], "bytes", 5), 5);
  close(pipe_fds[1]);
  pipe_fds[1] = -1;
  read_to_end();
  EXPECT_EQ(host.sent, (std::vector<std::string>{msg("{data," + bin("bytes") + "}"), msg("eof")}));
  EXPECT_FALSE(is_value(p.failure));
  EXPECT_EQ(host.selected[pipe_fds[0]], 0u) << "it reads no more";
}

PortSpec shell(const std::string& script) {
  PortSpec spec;
  spec.kind = DriverKind::spawn_executable;
  spec.command = "/bin/sh";
  spec.opts.has_args = true;
  spec.opts.args = {"-c", script};
  spec.opts.exit_status = true;
  return spec;
}

TEST_F(Drivers, SpawnReportsTheExitStatusOnceInputHasEndedAndTheChildExited) {
  Port& p = open(shell("printf out; exit 3"));
  EXPECT_GT(p.os_pid, 0);
  read_to_end();
  EXPECT_EQ(host.sent, std::vector<std::string>{msg("{data," + list("out") + "}")}) << "no status before the child exits";
  EXPECT_FALSE(is_value(p.failure));
  p.driver->child_exited(p, wait_child());
  EXPECT_EQ(host.sent, (std::vector<std::string>{msg("{data," + list("out") + "}"), msg("{exit_status,3}")}));
  EXPECT_EQ(p.failure, atom::normal);
}

TEST_F(Drivers, SpawnChildThatExitsFirstWaitsForTheEndOfInput) {
  PortSpec spec = shell("echo line; kill -9 $$");
  spec.opts.line_length = 80;
  spec.opts.soft_eof = true;
  Port& p = open(spec);
  p.driver->child_exited(p, wait_child());
  EXPECT_TRUE(host.sent.empty());
  read_to_end();
  EXPECT_EQ(host.sent, (std::vector<std::string>{msg("{data,{eol," + list("line") + "}}"), msg("{exit_status,137}"),
                                                 msg("eof")}));
  EXPECT_FALSE(is_value(p.failure)) << "eof: the port stays open";
}

TEST_F(Drivers, SpawnGetsTheEnvironmentWithItsChanges) {
  PortSpec spec;
  spec.kind = DriverKind::spawn_executable;
  spec.command = "/usr/bin/env";
  spec.opts.env = {{"NEW", {true, "1"}}, {"GIRDER_FAKE_HOST", {true, "changed"}}, {"GONE", {false, ""}}};
  host.env.push_back("GONE=x");
  open(spec);
  read_to_end();
  EXPECT_EQ(host.sent, std::vector<std::string>{msg("{data," + list("GIRDER_FAKE_HOST=changed\nNEW=1\n") + "}")});
}

TEST_F(Drivers, SpawnOutputGoesToTheChildsStdin) {
  PortSpec spec;
  spec.kind = DriverKind::spawn;
  spec.command = "head -c 5";
  spec.opts.packet_bytes = 0;
  Port& p = open(spec);
  port_output(p, reinterpret_cast<const uint8_t*>("hello, world"), 12);
  read_to_end();
  EXPECT_EQ(host.sent, std::vector<std::string>{msg("{data," + list("hello") + "}")});
  EXPECT_EQ(p.bytes_out, 12u);
}

TEST(ChildProcess, ADirectoryItCannotEnterEndsTheChildWithTheErrno) {
  ChildSpec spec;
  spec.file = "/bin/true";
  spec.argv = {"true"};
  spec.cd = "/no/such/directory";
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  int saved = dup(2);
  dup2(devnull, 2);  // its complaint goes to our stderr
  int pidfd = -1;
  int pid = start_child(spec, &pidfd);
  dup2(saved, 2);
  close(saved);
  close(devnull);
  ASSERT_GT(pid, 0);
  int status;
  waitpid(pid, &status, 0);
  close(pidfd);
  EXPECT_EQ(exit_status_code(status), ENOENT);
}

TEST(ChildProcess, StdioIsThePipesAndAFailedExecExitsWithTheErrno) {
  int out[2];
  ASSERT_EQ(pipe2(out, O_CLOEXEC), 0);
  ChildSpec spec;
  spec.file = "/bin/sh";
  spec.argv = {"sh", "-c", "echo $0; ls /proc/self/fd | wc -l"};
  spec.fds[1] = out[1];
  int pidfd = -1;
  int pid = start_child(spec, &pidfd);
  ASSERT_GT(pid, 0);
  close(out[1]);
  std::string got;
  char buf[64];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) got.append(buf, size_t(n));
  close(out[0]);
  int status;
  waitpid(pid, &status, 0);
  close(pidfd);
  // fds 0, 1, 2 and ls's own directory fd: nothing of ours leaked
  EXPECT_EQ(got, "sh\n4\n");
  spec.file = "/no/such/program";
  spec.fds[1] = -1;  // closed above
  pid = start_child(spec, &pidfd);
  ASSERT_GT(pid, 0);
  waitpid(pid, &status, 0);
  close(pidfd);
  EXPECT_EQ(exit_status_code(status), ENOENT);
}

TEST(ChildProcess, ExitStatusCodesAreErtsOnes) {
  EXPECT_EQ(exit_status_code(3 << 8), 3);
  EXPECT_EQ(exit_status_code(SIGKILL), 128 + SIGKILL);
  EXPECT_EQ(exit_status_code(SIGTERM), 128 + SIGTERM);
}

}  // namespace
}  // namespace girder
