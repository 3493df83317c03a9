#include "port/stream_driver.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

namespace girder {

namespace {
// One read takes at most this much (ERTS's ERTS_SYS_READ_BUF_SZ).
constexpr size_t READ_BUF_SIZE = 64 * 1024;
// One write takes at most this many queued chunks (ERTS: MAX_VSIZE).
constexpr int MAX_IOV = 16;

bool transient(int err) { return err == EAGAIN || err == EWOULDBLOCK || err == EINTR; }
}  // namespace

void set_nonblocking(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0 && !(fl & O_NONBLOCK)) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

ssize_t StreamDriver::write_some(const iovec* iov, int n) {
  if (out_nowait_) {
    ssize_t r = pwritev2(out_fd_, iov, n, -1, RWF_NOWAIT);
    if (r >= 0 || (errno != EOPNOTSUPP && errno != EINVAL)) return r;
    out_nowait_ = false;  // a terminal or a regular file: they do not wait long
  }
  return writev(out_fd_, iov, n);
}

void StreamDriver::update_select(Port& port) {
  unsigned in_ev = reading_ ? PortHost::READ : 0;
  unsigned out_ev = port.queue.empty() ? 0 : PortHost::WRITE;
  if (in_fd_ >= 0 && in_fd_ == out_fd_) {
    unsigned ev = in_ev | out_ev;
    if (ev != selected_in_) port.host->select(port, in_fd_, ev);
    selected_in_ = selected_out_ = ev;
    return;
  }
  if (in_fd_ >= 0 && in_ev != selected_in_) {
    port.host->select(port, in_fd_, in_ev);
    selected_in_ = in_ev;
  }
  if (out_fd_ >= 0 && out_ev != selected_out_) {
    port.host->select(port, out_fd_, out_ev);
    selected_out_ = out_ev;
  }
}

void StreamDriver::stop_reading(Port& port) {
  reading_ = false;
  update_select(port);
}

void StreamDriver::deselect_all(Port& port) {
  if (in_fd_ >= 0) port.host->deselect(port, in_fd_);
  if (out_fd_ >= 0 && out_fd_ != in_fd_) port.host->deselect(port, out_fd_);
  selected_in_ = selected_out_ = 0;
  reading_ = false;
}

void StreamDriver::command(Port& port, const uint8_t* data, size_t size) {
  if (out_fd_ < 0) return port_fail_posix(port, EBADF);  // opened with `in` only
  if (!port.queue.empty()) {
    // behind what is already waiting
    port.queue.push(data, size);
    port_update_busy(port);
    return;
  }
  iovec iov{const_cast<uint8_t*>(data), size};
  ssize_t n = size == 0 ? 0 : write_some(&iov, 1);
  if (n < 0) {
    if (!transient(errno)) return port_fail_posix(port, errno);
    n = 0;
  }
  if (size_t(n) == size) return;
  port.queue.push(data + n, size - size_t(n));
  port_update_busy(port);
  update_select(port);
}

void StreamDriver::ready_output(Port& port, int) {
  if (!port.queue.empty()) {
    iovec iov[MAX_IOV];
    int k = port.queue.peek(iov, MAX_IOV);
    ssize_t n = write_some(iov, k);
    if (n > 0) {
      port.queue.consume(size_t(n));
    } else if (n < 0 && !transient(errno)) {
      int err = errno;
      port.queue.clear();
      port_update_busy(port);
      update_select(port);
      return port_fail_posix(port, err);
    }
  }
  port_update_busy(port);
  update_select(port);
}

void StreamDriver::ready_input(Port& port, int fd) {
  uint8_t buf[READ_BUF_SIZE];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n > 0) return port_input(port, buf, size_t(n));
  if (n < 0 && transient(errno)) return;
  int err = errno;
  stop_reading(port);
  if (n == 0) return input_ended(port);
  port_fail_posix(port, err);
}

void StreamDriver::flush(Port& port) {
  while (!port.queue.empty() && out_fd_ >= 0) {
    iovec iov[MAX_IOV];
    int k = port.queue.peek(iov, MAX_IOV);
    ssize_t n = write_some(iov, k);
    if (n > 0) {
      port.queue.consume(size_t(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{out_fd_, POLLOUT, 0};
      poll(&p, 1, -1);
    } else if (n < 0 && errno != EINTR) {
      break;  // the reader is gone: what is left cannot go anywhere
    }
  }
  port.queue.clear();
  port_update_busy(port);
  update_select(port);
}

}  // namespace girder
