// The fd driver: input from and output to file descriptors the VM already
// has (OTP's `user` reads stdin and writes stdout through one). The fds are
// not the VM's to change: they stay blocking (a pipeline's other end may
// share them), so output asks the kernel not to wait (RWF_NOWAIT; ERTS
// writes such fds from an async thread instead), and input is read only
// when the event loop says the fd is readable.
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "port/stream_driver.h"

namespace girder {

namespace {

// port_control/3 operation that user.erl uses for io:columns/rows.
constexpr unsigned CTRL_GET_WINSIZE = 100;

class FdDriver final : public StreamDriver {
 public:
  const char* name() const override { return "fd"; }

  OpenStatus open(Port& port, const PortSpec& spec) override {
    // ERTS refuses descriptors at or above the process's limit (a negative
    // one is a large unsigned number)
    Uint max_files = Uint(sysconf(_SC_OPEN_MAX));
    if ((spec.opts.read && Uint(uint32_t(spec.in_fd)) >= max_files) ||
        (spec.opts.write && Uint(uint32_t(spec.out_fd)) >= max_files))
      return {OpenStatus::general, 0};
    in_fd_ = spec.opts.read ? spec.in_fd : -1;
    out_fd_ = spec.opts.write ? spec.out_fd : -1;
    if (out_fd_ >= 0) {
      int fl = fcntl(out_fd_, F_GETFL);
      out_nowait_ = fl >= 0 && !(fl & O_NONBLOCK);
    }
    reading_ = in_fd_ >= 0;
    update_select(port);
    return {};
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

  // The descriptors belong to whoever opened them: they stay open. What is
  // queued is written first (ERTS lets an fd port with queued output live
  // until it is written; here the closing scheduler waits for it).
  void close(Port& port) override {
    flush(port);
    deselect_all(port);
  }
};

}  // namespace

std::unique_ptr<Driver> make_fd_driver() { return std::make_unique<FdDriver>(); }

}  // namespace girder
