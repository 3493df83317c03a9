// pty_run: runs a command on a pseudo-terminal and answers it, for the
// tty_sl tests (tests/tty/run.sh). Everything the command writes to the
// terminal goes to our stdout, byte for byte.
//
//   pty_run [--size COLSxROWS] [--answer AFTER=BYTES]... -- command args...
//
// The terminal is COLSxROWS (default 80x24), TERM=xterm, LANG=C.UTF-8.
// Each --answer, in order, waits until the output so far contains AFTER
// (after the previous answer's match) and then types BYTES; both may use
// \n, \r, \t, \e, \\ and \xHH. The run ends when the command exits, or
// after 30 seconds (then the status is 124, as timeout(1)'s).
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    char c = s[++i];
    if (c == 'n') out.push_back('\n');
    else if (c == 'r') out.push_back('\r');
    else if (c == 't') out.push_back('\t');
    else if (c == 'e') out.push_back('\033');
    else if (c == 'x' && i + 2 < s.size()) {
      out.push_back(char(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

int usage() {
  std::fprintf(stderr, "usage: pty_run [--size COLSxROWS] [--answer AFTER=BYTES]... -- command args...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  winsize ws{};
  ws.ws_col = 80;
  ws.ws_row = 24;
  std::vector<std::pair<std::string, std::string>> answers;
  int i = 1;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; i++) {
    std::string a = argv[i];
    if (a == "--size" && i + 1 < argc) {
      unsigned c, r;
      if (std::sscanf(argv[++i], "%ux%u", &c, &r) != 2) return usage();
      ws.ws_col = static_cast<unsigned short>(c);
      ws.ws_row = static_cast<unsigned short>(r);
    } else if (a == "--answer" && i + 1 < argc) {
      std::string spec = argv[++i];
      size_t eq = spec.find('=');
      if (eq == std::string::npos) return usage();
      answers.push_back({unescape(spec.substr(0, eq)), unescape(spec.substr(eq + 1))});
    } else {
      return usage();
    }
  }
  if (i + 1 >= argc) return usage();
  char** cmd = argv + i + 1;

  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, &ws);
  if (pid < 0) {
    std::perror("forkpty");
    return 1;
  }
  if (pid == 0) {
    setenv("TERM", "xterm", 1);
    setenv("LANG", "C.UTF-8", 1);
    unsetenv("LC_ALL");
    unsetenv("LC_CTYPE");
    execvp(cmd[0], cmd);
    std::perror("exec");
    _exit(127);
  }
  std::string out;
  size_t next = 0, searched = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      fwrite(out.data(), 1, out.size(), stdout);
      return 124;
    }
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buf[4096];
      ssize_t n = read(master, buf, sizeof buf);
      if (n <= 0) break;  // EIO: the command and its children are gone
      out.append(buf, size_t(n));
    }
    if (next < answers.size()) {
      size_t at = out.find(answers[next].first, searched);
      if (at != std::string::npos) {
        // let the command get back to reading before it is typed to
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const std::string& bytes = answers[next].second;
        if (write(master, bytes.data(), bytes.size()) < 0) break;
        searched = at + answers[next].first.size();
        next++;
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  fwrite(out.data(), 1, out.size(), stdout);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
