// The tcp_inet driver (ERTS: inet_drv.c's tcp part): connect, listen and
// accept (several processes may wait in accept at once), sending through
// the port's queue with ERTS's watermarks (the port is busy from
// high_watermark queued bytes until the queue is below low_watermark, and
// the send that made it busy is answered only then), receiving cut into
// packets (port/packet_parser.h) in passive mode (recv requests) or active
// mode (messages to the owner), shutdown, and the close of either side.
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <vector>

#include "port/inet_bytes.h"
#include "port/inet_driver.h"
#include "port/packet_parser.h"
#include "term/atom_table.h"

namespace girder {

namespace {

using namespace inet;

constexpr int LISTENING = INET_F_OPEN | INET_F_LISTEN;
constexpr int ACCEPTING = LISTENING | INET_F_ACC;
constexpr int MULTI_ACCEPTING = ACCEPTING | INET_F_MULTI_CLIENT;
constexpr int CONNECTING = INET_F_OPEN | INET_F_CON;
constexpr int CONNECTED = INET_F_OPEN | INET_F_ACTIVE;

// ERTS's TCP_ADDF_* flags.
constexpr int DELAY_SEND = 1;
constexpr int CLOSE_SENT = 2;             // {tcp_closed, S} sent (active mode)
constexpr int DELAYED_CLOSE_RECV = 4;     // the next recv answers {error, closed}
constexpr int DELAYED_CLOSE_SEND = 8;     // the next send answers {error, closed}
constexpr int PENDING_SHUT_WR = 16;       // shutdown(write) once the queue is sent
constexpr int PENDING_SHUT_RDWR = 32;     // shutdown(read_write) once the queue is sent
constexpr int PENDING_SHUTDOWN = PENDING_SHUT_WR | PENDING_SHUT_RDWR;
constexpr int SHOW_ECONNRESET = 64;       // a reset is econnreset, not closed
constexpr int DELAYED_ECONNRESET = 128;   // ... and the next operation says so
constexpr int SHUTDOWN_WR_DONE = 256;     // writing was shut down
constexpr int LINGER_ZERO = 512;          // {linger, {true, 0}}: drop the queue at close

// What the driver's timers are for.
enum TimerKind { TIMER_CONNECT, TIMER_ACCEPT, TIMER_RECV, TIMER_SEND };

constexpr size_t MAX_PACKET = 0x4000000;  // 64 MB: a recv may ask for no more
constexpr int MAX_IOV = 1024;


class TcpDriver final : public InetDriver {
 public:
  TcpDriver() : InetDriver(IPPROTO_TCP) {}
  const char* name() const override { return "tcp_inet"; }
  OpenStatus open(Port&, const PortSpec&) override { return {}; }
  void command(Port& port, const uint8_t* data, size_t size) override;
  void close(Port& port) override;
  void flush(Port& port) override;
  bool soft_busy() const override { return true; }

 protected:
  bool protocol_control(Port& port, int cmd, std::string_view in, std::string* reply) override;
  void socket_input(Port& port) override;
  void socket_output(Port& port) override;
  void timeout(Port& port, const DriverTimers::Timer& t) override;
  void options_changed(Port& port, int old_active, int old_packet) override;
  bool set_protocol_option(Port& port, int opt, int32_t value) override;
  bool get_protocol_option(int opt, std::string* out) override;
  bool activated_when_closed(Port& port) override;

 private:
  // A process waiting in accept (ERTS keeps one in the async queue and
  // more in the multi-accept queue; here they all wait in one).
  struct Acceptor {
    int id;
    Term caller;
    uint64_t timer;  // 0: infinity
  };

  void ctl_connect(Port& port, std::string_view in, std::string* reply);
  void ctl_accept(Port& port, std::string_view in, std::string* reply);
  void ctl_recv(Port& port, std::string_view in, std::string* reply);
  void ctl_shutdown(Port& port, std::string_view in, std::string* reply);

  // accepting
  void accept_ready(Port& port);
  // A port for an accepted connection, owned by `owner`: its id, or
  // THE_NON_VALUE (the port table is full; fd is closed then).
  Term accepted_port(Port& port, int fd, const SockAddr& remote, Term owner);
  void drop_dead_acceptors(Port& port);
  void stop_accepting(Port& port);

  // receiving (ERTS: tcp_recv, tcp_remain, tcp_deliver)
  int recv(Port& port, size_t request_len);
  int remain(size_t* len);
  bool need_more(Port& port, size_t* nread, int* result);
  int deliver(Port& port, size_t len);
  int reply_data(Port& port, const uint8_t* p, size_t len);
  int recv_closed(Port& port);
  int recv_error(Port& port, int err);
  bool expand_input(size_t len);
  void restart_input();
  void push_input(const uint8_t* p, size_t len);
  void clear_input();

  // sending
  int send_data(Port& port, const uint8_t* data, size_t size);
  // Writes what it can of the queue (the socket may fail of it).
  void write_queue(Port& port);
  ssize_t send_queued(Port& port, int flags);
  int send_error(Port& port, int err);
  int send_or_shutdown_error(Port& port, int err);
  void shutdown_async(Port& port);
  void clear_output(Port& port);
  void not_busy(Port& port);

  void close_check(Port& port);
  // Closes the socket, dropping input and output (ERTS: tcp_desc_close).
  void desc_close(Port& port);
  void closed_message(Port& port);
  void error_message(Port& port, int err);

  int high_ = 8192, low_ = 4096;  // ERTS's INET_HIGH_WATERMARK, _LOW_
  uint32_t send_timeout_ = INFINITY_MS;
  bool send_timeout_close_ = false;
  bool busy_on_send_ = false;  // busy with a send timer running
  uint64_t send_timer_ = 0;
  int flags_ = 0;              // the TCP_ADDF_* above
  std::deque<Acceptor> acceptors_;

  // input not yet delivered: bytes [start_, end_) of in_, read into a
  // buffer of bufsz_ bytes (in_ may be larger); has_in_ false = no buffer
  std::vector<uint8_t> in_;
  bool has_in_ = false;
  size_t start_ = 0, end_ = 0, bufsz_ = 0;
  size_t remain_ = 0;  // bytes known to be missing from the packet
  int http_state_ = 0;
};

// ---- requests -------------------------------------------------------------------

bool TcpDriver::protocol_control(Port& port, int cmd, std::string_view in, std::string* reply) {
  switch (cmd) {
    case INET_REQ_OPEN:
    case INET_REQ_FDOPEN: ctl_open(port, cmd, in, true, reply); return true;
    case INET_REQ_LISTEN: {
      if (!is_open()) reply_error_name(reply, "exbadport");
      else if (in.size() != 2) reply_error(reply, EINVAL);
      else if (::listen(fd_, int(uint8_t(in[0]) << 8 | uint8_t(in[1]))) < 0) reply_error(reply, errno);
      else {
        state_ = LISTENING;
        reply_ok(reply);
      }
      return true;
    }
    case INET_REQ_CONNECT: ctl_connect(port, in, reply); return true;
    case INET_REQ_ACCEPT: ctl_accept(port, in, reply); return true;
    case INET_REQ_CLOSE:
      close_check(port);
      desc_close(port);
      reply_ok(reply);
      return true;
    case TCP_REQ_RECV: ctl_recv(port, in, reply); return true;
    case TCP_REQ_UNRECV:
      if (!is_connected()) return reply_error(reply, ENOTCONN), true;
      push_input(reinterpret_cast<const uint8_t*>(in.data()), in.size());
      if (active_) deliver(port, 0);
      reply_ok(reply);
      return true;
    case TCP_REQ_SHUTDOWN: ctl_shutdown(port, in, reply); return true;
    case TCP_REQ_SENDFILE:
      // file:sendfile/5 then sends the file through gen_tcp itself
      reply_error(reply, ENOTSUP);
      return true;
    default: return false;
  }
}

void TcpDriver::ctl_connect(Port& port, std::string_view in, std::string* reply) {
  if (!is_open()) return reply_error_name(reply, "exbadport");
  if (is_connected()) return reply_error(reply, EISCONN);
  if (is_connecting()) return reply_error(reply, EINVAL);
  if (in.size() < 6) return reply_error(reply, EINVAL);
  uint32_t timeout = get_u32(in.data());
  in.remove_prefix(4);
  socklen_t len;
  if (const char* err = decode_inet_address(family_, &in, &remote_, &len)) return reply_error_name(reply, err);
  std::string ref;
  if (::connect(fd_, &remote_.sa, len) == 0) {
    state_ = CONNECTED;
    if (active_) select(port, PortHost::READ, true);
    enqueue_async(port, INET_REQ_CONNECT, &ref);
    async_ok(port);
  } else if (errno == EINPROGRESS) {
    select(port, PortHost::WRITE, true);
    state_ = CONNECTING;
    if (timeout != INFINITY_MS) timers_.start(port, timeout, TIMER_CONNECT);
    enqueue_async(port, INET_REQ_CONNECT, &ref);
  } else {
    return reply_error(reply, errno);
  }
  reply_ok(reply, ref);
}

void TcpDriver::ctl_accept(Port& port, std::string_view in, std::string* reply) {
  if ((state_ != LISTENING && state_ != ACCEPTING && state_ != MULTI_ACCEPTING) || in.size() != 4)
    return reply_error(reply, EINVAL);
  uint32_t timeout = get_u32(in.data());
  Term caller = port.caller;
  std::string ref;
  if (state_ == LISTENING) {
    SockAddr remote{};
    socklen_t len = sizeof remote;
    int fd = accept4(fd_, &remote.sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK) return reply_error(reply, errno);
      int id = new_async_id();
      acceptors_.push_back({id, caller, timeout != INFINITY_MS ? timers_.start(port, timeout, TIMER_ACCEPT, caller) : 0});
      put_u16(&ref, unsigned(id));
      state_ = ACCEPTING;
      select(port, PortHost::READ, true);
      return reply_ok(reply, ref);
    }
    Term s = accepted_port(port, fd, remote, caller);
    if (!is_value(s)) return reply_error_name(reply, "system_limit");
    int id = new_async_id();
    put_u16(&ref, unsigned(id));
    send_async(port, caller, id, atom::ok, s);
    return reply_ok(reply, ref);
  }
  // others wait already: this one queues behind them
  int id = new_async_id();
  acceptors_.push_back({id, caller, timeout != INFINITY_MS ? timers_.start(port, timeout, TIMER_ACCEPT, caller) : 0});
  put_u16(&ref, unsigned(id));
  state_ = MULTI_ACCEPTING;
  reply_ok(reply, ref);
}

void TcpDriver::ctl_recv(Port& port, std::string_view in, std::string* reply) {
  if (!is_connected()) {
    if (flags_ & DELAYED_CLOSE_RECV) {
      flags_ &= ~(DELAYED_CLOSE_RECV | DELAYED_CLOSE_SEND);
      if (flags_ & DELAYED_ECONNRESET) {
        flags_ &= ~DELAYED_ECONNRESET;
        return reply_error_name(reply, "econnreset");
      }
      return reply_error_name(reply, "closed");
    }
    return reply_error(reply, ENOTCONN);
  }
  if (active_ || in.size() != 8) return reply_error(reply, EINVAL);
  uint32_t timeout = get_u32(in.data());
  uint32_t n = get_u32(in.data() + 4);
  if (packet_ != TCP_PB_RAW && n != 0) return reply_error(reply, EINVAL);
  if (n > MAX_PACKET) return reply_error(reply, ENOMEM);
  std::string ref;
  if (!enqueue_async(port, TCP_REQ_RECV, &ref)) return reply_error(reply, EALREADY);
  if (recv(port, n) == 0) {
    if (timeout == 0) {
      async_error(port, atom::timeout);
    } else {
      if (timeout != INFINITY_MS) timers_.start(port, timeout, TIMER_RECV);
      select(port, PortHost::READ, true);
    }
  }
  reply_ok(reply, ref);
}

void TcpDriver::ctl_shutdown(Port& port, std::string_view in, std::string* reply) {
  if (!is_connected()) return reply_error(reply, ENOTCONN);
  if (in.size() != 1) return reply_error(reply, EINVAL);
  int how = in[0];  // prim_inet's 0, 1, 2 are SHUT_RD, SHUT_WR, SHUT_RDWR
  if (how != SHUT_RD && !port.queue.empty()) {
    // after what is queued has gone
    if (how == SHUT_WR) flags_ |= PENDING_SHUT_WR;
    else if (how == SHUT_RDWR) flags_ |= PENDING_SHUT_RDWR;
    return reply_ok(reply);
  }
  if (::shutdown(fd_, how) < 0) {
    if (how != SHUT_RD) flags_ |= SHUTDOWN_WR_DONE;
    return reply_error(reply, errno);
  }
  reply_ok(reply);
}

// ---- accepting -------------------------------------------------------------------

Term TcpDriver::accepted_port(Port& port, int fd, const SockAddr& remote, Term owner) {
  // the new socket starts with the listener's settings, passive (prim_inet
  // copies active and a few socket options over afterwards)
  auto d = std::make_unique<TcpDriver>();
  d->fd_ = fd;
  d->state_ = CONNECTED;
  d->remote_ = remote;
  d->mode_ = mode_;
  d->exit_on_close_ = exit_on_close_;
  d->deliver_ = deliver_;
  d->packet_ = packet_;
  d->packet_size_ = packet_size_;
  d->stype_ = stype_;
  d->family_ = family_;
  d->header_ = header_;
  d->buffer_ = buffer_;
  d->high_ = high_;
  d->low_ = low_;
  d->send_timeout_ = send_timeout_;
  d->send_timeout_close_ = send_timeout_close_;
  d->flags_ = flags_ & (SHOW_ECONNRESET | LINGER_ZERO);
  d->msgq_high_ = msgq_high_;
  d->msgq_low_ = msgq_low_;
  // the driver owns fd from here: if no port can be had, dropping the
  // driver closes it
  return port.host->create_port(port, owner, std::move(d), "tcp_inet");
}

// Acceptors that have exited are forgotten (ERTS monitors them; Girder
// looks before it accepts for them).
void TcpDriver::drop_dead_acceptors(Port& port) {
  for (auto it = acceptors_.begin(); it != acceptors_.end();) {
    if (port.host->process_alive(it->caller)) {
      ++it;
      continue;
    }
    if (it->timer) timers_.cancel(port, it->timer);
    it = acceptors_.erase(it);
  }
}

void TcpDriver::stop_accepting(Port& port) {
  select(port, PortHost::READ, false);
  state_ = LISTENING;
}

void TcpDriver::accept_ready(Port& port) {
  for (;;) {
    drop_dead_acceptors(port);
    if (acceptors_.empty()) return stop_accepting(port);
    SockAddr remote{};
    socklen_t len = sizeof remote;
    int fd = accept4(fd_, &remote.sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;  // not yet
    int err = errno;
    Acceptor a = acceptors_.front();
    acceptors_.pop_front();
    if (a.timer) timers_.cancel(port, a.timer);
    if (acceptors_.empty()) stop_accepting(port);
    if (fd < 0) return send_async(port, a.caller, a.id, atom::error, errno_atom(err));
    Term s = accepted_port(port, fd, remote, a.caller);
    if (!is_value(s)) return send_async(port, a.caller, a.id, atom::error, atom::system_limit);
    send_async(port, a.caller, a.id, atom::ok, s);
    if (acceptors_.empty()) return;
  }
}

// ---- events ----------------------------------------------------------------------

void TcpDriver::socket_input(Port& port) {
  if (state_ == ACCEPTING || state_ == MULTI_ACCEPTING) return accept_ready(port);
  if (is_connected()) {
    recv(port, 0);
    return;
  }
  select(port, PortHost::READ, false);
}

void TcpDriver::socket_output(Port& port) {
  if (state_ == CONNECTING) {
    select(port, PortHost::WRITE, false);
    timers_.cancel_kind(port, TIMER_CONNECT);
    int error = 0;
    socklen_t sz = sizeof error;
    if (getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &sz) < 0 || error != 0) {
      state_ = INET_F_OPEN;
      return async_error(port, errno_atom(error ? error : errno));
    }
    state_ = CONNECTED;
    if (active_) select(port, PortHost::READ, true);
    return async_ok(port);
  }
  if (is_connected()) return write_queue(port);
  select(port, PortHost::WRITE, false);
}

void TcpDriver::timeout(Port& port, const DriverTimers::Timer& t) {
  switch (t.kind) {
    case TIMER_CONNECT:
      if (state_ != CONNECTING) return;
      // a socket whose connect did not finish is of no more use
      desc_close(port);
      return async_error(port, atom::timeout);
    case TIMER_ACCEPT:
      for (auto it = acceptors_.begin(); it != acceptors_.end(); ++it) {
        if (it->timer != t.id) continue;
        Acceptor a = *it;
        acceptors_.erase(it);
        if (acceptors_.empty()) stop_accepting(port);
        return send_async(port, a.caller, a.id, atom::error, atom::timeout);
      }
      return;
    case TIMER_RECV:
      select(port, PortHost::READ, false);
      remain_ = 0;
      return async_error(port, atom::timeout);
    case TIMER_SEND:
      // the send waiting on a busy port gives up; the data stays queued
      // (a port kept busy would hang the next send without a timeout)
      send_timer_ = 0;
      busy_on_send_ = false;
      state_ &= ~INET_F_BUSY;
      port.busy = false;
      inet_reply_error(port, atom::timeout);
      if (send_timeout_close_) desc_close(port);
      return;
  }
}

// ---- options -------------------------------------------------------------------------

bool TcpDriver::set_protocol_option(Port&, int opt, int32_t v) {
  switch (opt) {
    case INET_LOPT_TCP_HIWTRMRK:
      if (v < 0) v = 0;
      if (low_ > v) low_ = v;
      high_ = v;
      return true;
    case INET_LOPT_TCP_LOWTRMRK:
      if (v < 0) v = 0;
      if (high_ < v) high_ = v;
      low_ = v;
      return true;
    case INET_LOPT_TCP_SEND_TIMEOUT: send_timeout_ = uint32_t(v); return true;
    case INET_LOPT_TCP_SEND_TIMEOUT_CLOSE: send_timeout_close_ = v != 0; return true;
    case INET_LOPT_TCP_DELAY_SEND: flags_ = v ? flags_ | DELAY_SEND : flags_ & ~DELAY_SEND; return true;
    case INET_LOPT_TCP_SHOW_ECONNRESET:
      flags_ = v ? flags_ | SHOW_ECONNRESET : flags_ & ~SHOW_ECONNRESET;
      return true;
    case INET_OPT_LINGER: flags_ = v ? flags_ | LINGER_ZERO : flags_ & ~LINGER_ZERO; return true;
    default: return true;  // udp's: taken and ignored
  }
}

bool TcpDriver::get_protocol_option(int opt, std::string* out) {
  uint32_t v;
  switch (opt) {
    case INET_LOPT_TCP_HIWTRMRK: v = uint32_t(high_); break;
    case INET_LOPT_TCP_LOWTRMRK: v = uint32_t(low_); break;
    case INET_LOPT_TCP_SEND_TIMEOUT: v = send_timeout_; break;
    case INET_LOPT_TCP_SEND_TIMEOUT_CLOSE: v = send_timeout_close_; break;
    case INET_LOPT_TCP_DELAY_SEND: v = (flags_ & DELAY_SEND) != 0; break;
    case INET_LOPT_TCP_SHOW_ECONNRESET: v = (flags_ & SHOW_ECONNRESET) != 0; break;
    default: return false;
  }
  out->push_back(char(opt));
  for (int s = 24; s >= 0; s -= 8) out->push_back(char(v >> s));
  return true;
}

void TcpDriver::options_changed(Port& port, int old_active, int old_packet) {
  if (!is_connected()) return;
  // becoming active once or N with the same packets: try a read at once
  if (!old_active && (active_ == INET_ONCE || active_ == INET_MULTI) && packet_ == old_packet) {
    if (recv(port, 0) >= 0 && active_ && !is_value(port.failure)) select(port, PortHost::READ, true);
    return;
  }
  if (active_ != old_active) select(port, PortHost::READ, active_ != INET_PASSIVE);
  if (!active_) return;
  if (!old_active) {
    deliver(port, 0);  // what was read before goes out now
  } else if (packet_ != old_packet) {
    remain_ = 0;  // the packet length computed for the old type is void
    deliver(port, 0);
  }
}

bool TcpDriver::activated_when_closed(Port& port) {
  if (flags_ & DELAYED_ECONNRESET) {
    flags_ &= ~DELAYED_ECONNRESET;
    error_message(port, ECONNRESET);
  }
  closed_message(port);
  if (exit_on_close_) {
    port_fail(port, atom::normal);
    return true;
  }
  close_read(port);
  return false;
}

// ---- receiving ---------------------------------------------------------------------

bool TcpDriver::expand_input(size_t len) {
  size_t need = start_ + len;
  if (bufsz_ >= need) return true;
  if (in_.size() < need) in_.resize(need);
  bufsz_ = need;
  return true;
}

void TcpDriver::restart_input() {
  if (start_ == 0) return;
  memmove(in_.data(), in_.data() + start_, end_ - start_);
  end_ -= start_;
  start_ = 0;
}

void TcpDriver::push_input(const uint8_t* p, size_t len) {
  if (!has_in_) {
    in_.assign(p, p + len);
    has_in_ = true;
    bufsz_ = len;
    start_ = 0;
    end_ = len;
  } else if (len <= start_) {
    memcpy(in_.data() + start_ - len, p, len);
    start_ -= len;
  } else {
    std::vector<uint8_t> grown(bufsz_ + len);
    memcpy(grown.data(), p, len);
    memcpy(grown.data() + len, in_.data() + start_, end_ - start_);
    end_ = len + (end_ - start_);
    start_ = 0;
    bufsz_ += len;
    in_ = std::move(grown);
  }
  remain_ = 0;
}

void TcpDriver::clear_input() {
  has_in_ = false;
  if (in_.capacity() > 64 * 1024) in_ = {};  // a large packet's buffer goes
  start_ = end_ = bufsz_ = remain_ = 0;
}

// Bytes to read before a packet is complete (> 0), 0 when one is (*len its
// length), or -1 when the input is not a packet of the type.
int TcpDriver::remain(size_t* len) {
  size_t n = end_ - start_;      // of the packet, read
  size_t nfill = end_;           // of the buffer, filled
  size_t nsz = bufsz_ - nfill;   // of the buffer, free
  int tlen = packet_length(packet_, in_.data() + start_, n, packet_size_, unsigned(bufsz_), delimiter_,
                           &http_state_);
  if (tlen > 0) {
    *len = size_t(tlen);
    if (size_t(tlen) <= n) return 0;
    if (!expand_input(size_t(tlen))) return -1;
    return int(size_t(tlen) - n);
  }
  if (tlen < 0) return -1;
  *len = 0;  // the length is not known yet
  if (nsz == 0) {
    if (nfill == n) {
      // the packet fills the buffer: grow it up to packet_size
      if (packet_size_ != 0 && packet_size_ > nfill) {
        expand_input(packet_size_);
        return int(packet_size_ - n);
      }
      return -1;
    }
    restart_input();
    return int(nfill - n);
  }
  restart_input();
  return int(nsz);
}

// Delivers the packets that are complete: one in passive mode, all of them
// in active mode (until once or N runs out). len: a packet known complete,
// or 0 to look. Returns how many, or < 0 if the port stopped.
int TcpDriver::deliver(Port& port, size_t len) {
  int count = 0;
  if (len == 0) {
    if (!has_in_ || remain_ > 0) return 0;
    int n = remain(&len);
    if (n < 0) return n;
    if (n > 0) {
      if (len > 0) remain_ = size_t(n);
      return 0;
    }
  }
  while (len > 0) {
    count_input(len);
    int code = reply_data(port, in_.data() + start_, len);
    if (code < 0) return code;
    if (start_ + len == end_) {
      clear_input();
    } else {
      start_ += len;
      // a large packet leaves its trail at the front of a fresh buffer
      if (len >= in_.size() - in_.size() / 4) restart_input();
      remain_ = 0;
    }
    count++;
    if (!active_) {
      timers_.cancel_kind(port, TIMER_RECV);
      select(port, PortHost::READ, false);
      if (has_in_) restart_input();
      len = 0;
    } else if (!has_in_) {
      len = 0;
    } else {
      int n = remain(&len);
      if (n < 0) return n;
      if (n > 0) {
        if (len > 0) remain_ = size_t(n);
        len = 0;
      }
    }
  }
  return count;
}

// One packet to its receiver: the waiting recv in passive mode, the owner
// in active mode.
int TcpDriver::reply_data(Port& port, const uint8_t* p, size_t len) {
  const uint8_t* body = p;
  size_t body_len = len;
  packet_body(packet_, &body, &body_len);
  Term self = port.id;
  if (deliver_ == INET_DELIVER_PORT) {
    output_port_data(port, body, body_len);
  } else {
    ParsedPacket pkt = packet_parse(packet_, p, len, &http_state_);
    bool parsed = pkt.kind != ParsedPacket::none;
    if (active_ == INET_PASSIVE) {
      AsyncOp op;
      if (!dequeue_async(&op)) return -1;
      send_term(port, op.caller, [&](Heap& h) {
        Term v = parsed ? packet_term(h, pkt, packet_, self) : data_term(h, body, body_len, header_);
        return make_tuple(h, {atom::inet_async, self, make_small(op.id), make_tuple(h, {atom::ok, v})});
      });
      if (!parsed) return 0;
    } else {
      output_term(port, [&](Heap& h) {
        if (!parsed) return make_tuple(h, {atom::tcp, self, data_term(h, body, body_len, header_)});
        Term v = packet_term(h, pkt, packet_, self);
        return pkt.kind == ParsedPacket::ssl_tls ? v : make_tuple(h, {atom::http, self, v});
      });
    }
  }
  check_active_to_passive(port);
  return 0;
}

// Reads what there is (request_len > 0: exactly that many bytes, raw
// packets only) and delivers the packets that are complete. Returns how
// many were delivered (0: waiting for more), or < 0 when the socket closed
// or failed.
int TcpDriver::recv(Port& port, size_t request_len) {
  size_t nread;
  if (!has_in_) {
    size_t sz = request_len > 0 ? request_len : size_t(buffer_);
    in_.resize(sz);
    has_in_ = true;
    bufsz_ = sz;
    start_ = end_ = 0;
    nread = sz;
    remain_ = request_len;
  } else if (request_len > 0) {
    size_t n = end_ - start_;
    if (n >= request_len) return deliver(port, request_len);
    if (!expand_input(request_len)) return recv_error(port, ENOMEM);
    remain_ = nread = request_len - n;
  } else if (remain_ == 0) {
    int result;
    if (!need_more(port, &nread, &result)) return result;
  } else {
    nread = remain_;
  }
  for (;;) {
    ssize_t n = ::recv(fd_, in_.data() + end_, nread, 0);
    if (n < 0) {
      int err = errno;
      if (err == ECONNRESET) return (flags_ & SHOW_ECONNRESET) ? recv_error(port, err) : recv_closed(port);
      if (would_block(err)) return 0;
      return recv_error(port, err);
    }
    if (n == 0) return recv_closed(port);
    end_ += size_t(n);
    if (remain_ > 0) {
      remain_ -= size_t(n);
      if (remain_ == 0) return deliver(port, end_ - start_);
      return 0;  // the whole packet was asked for: no use asking again now
    }
    int result;
    if (!need_more(port, &nread, &result)) return result;
  }
}

// After input was read: false when a packet is complete (delivered, with
// *result deliver's answer) or the input is no packet (*result -1), else
// *nread bytes are wanted.
bool TcpDriver::need_more(Port& port, size_t* nread, int* result) {
  size_t len;
  int r = remain(&len);
  if (r < 0) {
    *result = recv_error(port, EMSGSIZE);
    return false;
  }
  if (r == 0) {
    *result = deliver(port, len);
    return false;
  }
  *nread = size_t(r);
  if (len > 0) remain_ = *nread;
  return true;
}

// The peer closed the connection.
int TcpDriver::recv_closed(Port& port) {
  bool blocking_send = false;
  if (state_ & INET_F_BUSY) {
    // a send waits: it is answered now
    clear_output(port);
    not_busy(port);
    inet_reply_error(port, atom::closed);
    blocking_send = true;
  }
  // the next send says closed rather than enotconn
  if (!blocking_send) flags_ |= DELAYED_CLOSE_SEND;
  if (!active_) {
    timers_.cancel_all(port);
    clear_input();
    if (exit_on_close_) desc_close(port);
    else close_read(port);
    async_error_all(port, atom::closed);
  } else {
    clear_input();
    closed_message(port);
    if (exit_on_close_) port_fail(port, atom::normal);
    else close_read(port);
  }
  return -1;
}

int TcpDriver::recv_error(Port& port, int err) {
  if (would_block(err)) return 0;
  if (state_ & INET_F_BUSY) {
    clear_output(port);
    not_busy(port);
    inet_reply_error(port, atom::closed);
  }
  if (!active_) {
    timers_.cancel_all(port);
    clear_input();
    if (exit_on_close_) desc_close(port);
    else close_read(port);
    async_error_all(port, errno_atom(err));
  } else {
    clear_input();
    error_message(port, err);  // first the error, then the close
    closed_message(port);
    if (exit_on_close_) port_fail(port, errno_atom(err));
    else close_read(port);
  }
  return -1;
}

// ---- sending --------------------------------------------------------------------------

void TcpDriver::command(Port& port, const uint8_t* data, size_t size) {
  reply_to_ = port.caller;
  if (!is_connected()) {
    if (flags_ & DELAYED_CLOSE_SEND) {
      flags_ &= ~DELAYED_CLOSE_SEND;
      // a reset stays flagged for the next recv to report too
      return inet_reply_error(port, (flags_ & DELAYED_ECONNRESET) ? errno_atom(ECONNRESET) : atom::closed);
    }
    return inet_reply_error(port, errno_atom(ENOTCONN));
  }
  if (flags_ & PENDING_SHUTDOWN) {
    send_or_shutdown_error(port, EPIPE);
    return;
  }
  if (send_data(port, data, size) == 0) inet_reply_ok(port);
}

// Sends or queues one packet (with its length header for packet 1, 2, 4).
// 0: the sender may be answered; 1: it is answered later (the port went
// busy) or was answered already; -1: the socket failed.
int TcpDriver::send_data(Port& port, const uint8_t* data, size_t size) {
  uint8_t hdr[4];
  size_t hlen = packet_ == TCP_PB_1 ? 1 : packet_ == TCP_PB_2 ? 2 : packet_ == TCP_PB_4 ? 4 : 0;
  // as ERTS, a length too large for its header is cut to the header's bits
  for (size_t i = 0; i < hlen; i++) hdr[i] = uint8_t(size >> (8 * (hlen - 1 - i)));
  count_output(size + hlen);
  if (!port.queue.empty()) {
    port.queue.push(hdr, hlen);
    port.queue.push(data, size);
    if (port.queue.size() >= size_t(high_)) {
      if (send_timeout_ == 0) {
        // polling the high watermark: the data stays queued
        inet_reply_error(port, atom::timeout);
        return 1;
      }
      state_ |= INET_F_BUSY;
      port.busy = true;
      if (send_timeout_ != INFINITY_MS) {
        busy_on_send_ = true;
        send_timer_ = timers_.start(port, send_timeout_, TIMER_SEND);
      }
      return 1;
    }
    return 0;
  }
  if (hlen == 0 && size == 0) return 0;
  if (flags_ & DELAY_SEND) {
    // written when the event loop comes round, with what follows
    port.queue.push(hdr, hlen);
    port.queue.push(data, size);
    select(port, PortHost::WRITE, true);
    return 0;
  }
  iovec iov[2] = {{hdr, hlen}, {const_cast<uint8_t*>(data), size}};
  msghdr mh{};
  mh.msg_iov = hlen ? iov : iov + 1;
  mh.msg_iovlen = hlen ? 2 : 1;
  ssize_t n = sendmsg(fd_, &mh, MSG_NOSIGNAL);
  if (n < 0) {
    if (!would_block(errno)) return send_error(port, errno);
    n = 0;
  }
  size_t sent = size_t(n);
  if (sent == hlen + size) return 0;
  if (sent < hlen) {
    port.queue.push(hdr + sent, hlen - sent);
    port.queue.push(data, size);
  } else {
    port.queue.push(data + (sent - hlen), size - (sent - hlen));
  }
  select(port, PortHost::WRITE, true);
  return 0;
}

// Writes the front of the queue (a part of it) without waiting.
ssize_t TcpDriver::send_queued(Port& port, int flags) {
  iovec iov[MAX_IOV];
  int k = port.queue.peek(iov, MAX_IOV);
  msghdr mh{};
  mh.msg_iov = iov;
  mh.msg_iovlen = size_t(k);
  return sendmsg(fd_, &mh, MSG_NOSIGNAL | flags);
}

void TcpDriver::write_queue(Port& port) {
  for (;;) {
    if (port.queue.empty()) {
      select(port, PortHost::WRITE, false);
      send_empty_out_q(port);
      if (flags_ & PENDING_SHUTDOWN) shutdown_async(port);
      return;
    }
    ssize_t n = send_queued(port, 0);
    if (n < 0) {
      if (!would_block(errno)) {
        send_error(port, errno);
        return;
      }
      if (flags_ & DELAY_SEND) select(port, PortHost::WRITE, true);
      return;
    }
    port.queue.consume(size_t(n));
    if (port.queue.size() <= size_t(low_) && (state_ & INET_F_BUSY)) {
      // below the low watermark: the send that made the port busy is done
      not_busy(port);
      inet_reply_ok(port);
    }
  }
}

void TcpDriver::not_busy(Port& port) {
  state_ &= ~INET_F_BUSY;
  port.busy = false;
  if (busy_on_send_) {
    timers_.cancel(port, send_timer_);
    send_timer_ = 0;
    busy_on_send_ = false;
  }
}

int TcpDriver::send_error(Port& port, int err) {
  // EPIPE without our own shutdown means the peer reset the connection
  if (err == EPIPE && !(flags_ & SHUTDOWN_WR_DONE)) err = ECONNRESET;
  return send_or_shutdown_error(port, err);
}

int TcpDriver::send_or_shutdown_error(Port& port, int err) {
  bool show = err == ECONNRESET && (flags_ & SHOW_ECONNRESET);
  if (state_ & INET_F_BUSY) not_busy(port);
  if (active_) {
    Term reason = atom::closed;
    if (show) {
      error_message(port, err);
      reason = errno_atom(err);
    }
    closed_message(port);
    inet_reply_error(port, reason);
    if (exit_on_close_) port_fail(port, atom::normal);
    else desc_close(port);
    return -1;
  }
  close_check(port);
  if (!is_value(reply_to_)) {
    // nobody waits on a send: the next one hears of it
    flags_ |= DELAYED_CLOSE_SEND;
  } else {
    inet_reply_error(port, show ? errno_atom(err) : atom::closed);
  }
  desc_close(port);
  // the next recv says closed (or econnreset) rather than enotconn
  flags_ |= DELAYED_CLOSE_RECV;
  if (show) flags_ |= DELAYED_ECONNRESET;
  return -1;
}

void TcpDriver::shutdown_async(Port& port) {
  int how = (flags_ & PENDING_SHUT_WR) ? SHUT_WR : SHUT_RDWR;
  if (::shutdown(fd_, how) < 0) send_or_shutdown_error(port, errno);
  else flags_ |= SHUTDOWN_WR_DONE;
}

void TcpDriver::clear_output(Port& port) {
  port.queue.clear();
  send_empty_out_q(port);
}

// ---- closing ------------------------------------------------------------------------

// Whoever waits on the socket hears it is closed.
void TcpDriver::close_check(Port& port) {
  if (state_ == ACCEPTING || state_ == MULTI_ACCEPTING) {
    stop_accepting(port);
    std::deque<Acceptor> waiting = std::move(acceptors_);
    acceptors_.clear();
    for (const Acceptor& a : waiting) send_async(port, a.caller, a.id, atom::error, atom::closed);
  } else if (state_ == CONNECTING) {
    async_error(port, atom::closed);
  } else if (state_ == CONNECTED) {
    async_error_all(port, atom::closed);
  }
  timers_.cancel_all(port);
}

void TcpDriver::desc_close(Port& port) {
  clear_input();
  clear_output(port);
  inet_close(port);
}

void TcpDriver::closed_message(Port& port) {
  if (flags_ & CLOSE_SENT) return;
  flags_ |= CLOSE_SENT;
  Term self = port.id;
  output_term(port, [&](Heap& h) { return make_tuple(h, {atom::tcp_closed, self}); });
}

void TcpDriver::error_message(Port& port, int err) {
  Term self = port.id, reason = errno_atom(err);
  output_term(port, [&](Heap& h) { return make_tuple(h, {atom::tcp_error, self, reason}); });
}

void TcpDriver::close(Port& port) {
  close_check(port);
  clear_input();
  if (!port.queue.empty() && is_connected() && !(flags_ & LINGER_ZERO)) {
    // ERTS keeps a closed port until its queue is written; Girder writes
    // what the socket takes now
    (void)send_queued(port, MSG_DONTWAIT);
  }
  port.queue.clear();
  port.busy = false;
  inet_close(port);
  timers_.close(port);
}

void TcpDriver::flush(Port& port) {
  while (!port.queue.empty() && is_connected()) {
    ssize_t n = send_queued(port, 0);
    if (n > 0) {
      port.queue.consume(size_t(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      poll(&p, 1, -1);
    } else if (n < 0 && errno != EINTR) {
      break;
    }
  }
}

}  // namespace

std::unique_ptr<Driver> make_tcp_inet_driver() { return std::make_unique<TcpDriver>(); }

}  // namespace girder
