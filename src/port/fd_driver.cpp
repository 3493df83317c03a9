// The fd driver: output to a file descriptor the VM already has. Writes are
// synchronous for now: a full pipe or terminal (EAGAIN on a non-blocking
// fd) makes the writer wait with poll(). Reading the input fd is not done
// yet: input comes with the event loop of issue 4, which will also queue
// output instead of waiting.
#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstring>

#include "port/port.h"

namespace girder {

namespace {

// port_control/3 operation that user.erl uses for io:columns/rows.
constexpr unsigned CTRL_GET_WINSIZE = 100;

// Waits until fd can take more output (or is in error: the next write says
// which).
void wait_writable(int fd) {
  pollfd p{fd, POLLOUT, 0};
  while (poll(&p, 1, -1) < 0 && errno == EINTR) {
  }
}

class FdDriver final : public Driver {
 public:
  const char* name() const override { return "fd"; }

  OpenStatus open(Port&, const PortSpec& spec) override {
    // ERTS refuses descriptors at or above the process's limit (a negative
    // one is a large unsigned number)
    Uint max_files = Uint(sysconf(_SC_OPEN_MAX));
    if ((spec.opts.read && Uint(uint32_t(spec.in_fd)) >= max_files) ||
        (spec.opts.write && Uint(uint32_t(spec.out_fd)) >= max_files))
      return {OpenStatus::general, 0};
    in_fd_ = spec.opts.read ? spec.in_fd : -1;
    out_fd_ = spec.opts.write ? spec.out_fd : -1;
    return {};
  }

  int command(Port&, const uint8_t* data, size_t size) override {
    while (size > 0) {
      ssize_t n = write(out_fd_, data, size);
      if (n > 0) {
        data += n;
        size -= size_t(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        wait_writable(out_fd_);
      } else {
        return n < 0 ? errno : EIO;
      }
    }
    return 0;
  }

  int control(Port&, unsigned op, std::string_view, std::string* reply) override {
    if (op != CTRL_GET_WINSIZE) return -1;
    winsize ws;
    if (ioctl(out_fd_, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0) return -1;
    uint32_t w = ws.ws_col, h = ws.ws_row;
    reply->assign(reinterpret_cast<const char*>(&w), sizeof w);
    reply->append(reinterpret_cast<const char*>(&h), sizeof h);
    return 0;
  }

  // The descriptors belong to whoever opened them: they stay open.
  void close(Port&) override {}

 private:
  int in_fd_ = -1;  // unused until the event loop (issue 4)
  int out_fd_ = -1;
};

}  // namespace

std::unique_ptr<Driver> make_fd_driver() { return std::make_unique<FdDriver>(); }

}  // namespace girder
