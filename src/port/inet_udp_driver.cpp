// The udp_inet driver (ERTS: inet_drv.c's packet part, without sctp):
// datagrams sent with an address in front (port_command), received in
// passive mode (recv requests, one datagram each) or active mode ({udp, S,
// Ip, Port, Data} to the owner, read_packets at a time), and connect,
// which only fixes the peer.
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "port/inet_bytes.h"
#include "port/inet_driver.h"
#include "term/atom_table.h"

namespace girder {

namespace {

using namespace inet;

enum TimerKind { TIMER_RECV };

// Room for the ancillary data a datagram may come with (tos/tclass, ttl).
constexpr size_t ANC_SPACE = 2 * CMSG_SPACE(sizeof(int)) + 64;


class UdpDriver final : public InetDriver {
 public:
  UdpDriver() : InetDriver(IPPROTO_UDP) {}
  const char* name() const override { return "udp_inet"; }
  OpenStatus open(Port&, const PortSpec&) override { return {}; }
  void command(Port& port, const uint8_t* data, size_t size) override;
  void close(Port& port) override;

 protected:
  bool protocol_control(Port& port, int cmd, std::string_view in, std::string* reply) override;
  void socket_input(Port& port) override { input(port); }
  void socket_output(Port& port) override;
  void timeout(Port& port, const DriverTimers::Timer& t) override;
  void options_changed(Port& port, int old_active, int old_packet) override;
  bool set_protocol_option(Port& port, int opt, int32_t value) override;
  bool get_protocol_option(int opt, std::string* out) override;

 private:
  void ctl_connect(Port& port, std::string_view in, std::string* reply);
  // Reads datagrams and delivers them; returns how many.
  int input(Port& port);
  // Appends the ancillary data items of a send (Opt(1) Value(4) each) to
  // the message's control buffer; false for one it cannot send.
  static bool compile_ancillary(std::string_view items, msghdr* mh, char* buf, size_t size);
  static Term ancillary_term(Heap& h, msghdr* mh);
  void dissolve();

  int read_packets_ = 5;  // ERTS's INET_PACKET_POLL
};

bool UdpDriver::protocol_control(Port& port, int cmd, std::string_view in, std::string* reply) {
  switch (cmd) {
    case INET_REQ_OPEN:
    case INET_REQ_FDOPEN:
      ctl_open(port, cmd, in, false, reply);
      if ((*reply)[0] != INET_REP_ERROR && active_) select(port, PortHost::READ, true);
      return true;
    case INET_REQ_CLOSE:
      inet_close(port);
      reply_ok(reply);
      return true;
    case INET_REQ_CONNECT: ctl_connect(port, in, reply); return true;
    case PACKET_REQ_RECV: {
      if (!is_open()) return reply_error_name(reply, "exbadport"), true;
      if (active_ || in.size() != 8) return reply_error(reply, EINVAL), true;
      uint32_t timeout = get_u32(in.data());  // the length is not used: a datagram is whole
      std::string ref;
      if (!enqueue_async(port, PACKET_REQ_RECV, &ref)) return reply_error(reply, EALREADY), true;
      if (input(port) == 0 && timeout != INFINITY_MS) timers_.start(port, timeout, TIMER_RECV);
      reply_ok(reply, ref);
      return true;
    }
    default: return false;
  }
}

// Unconnects the socket (connect to AF_UNSPEC).
void UdpDriver::dissolve() {
  sockaddr unspec{};
  unspec.sa_family = AF_UNSPEC;
  (void)::connect(fd_, &unspec, sizeof unspec);
}

void UdpDriver::ctl_connect(Port& port, std::string_view in, std::string* reply) {
  if (!is_open()) return reply_error_name(reply, "exbadport");
  std::string ref;
  if (in.empty()) {
    dissolve();
    state_ &= ~INET_F_ACTIVE;
  } else {
    if (in.size() < 6) return reply_error(reply, EINVAL);
    in.remove_prefix(4);  // no timeout: connecting a datagram socket does not wait
    socklen_t len;
    if (const char* err = decode_inet_address(family_, &in, &remote_, &len)) return reply_error_name(reply, err);
    // Linux keeps the old source address when a connected socket connects
    // elsewhere: unconnect first
    if (is_connected()) dissolve();
    if (::connect(fd_, &remote_.sa, len) < 0) {
      int err = errno;
      dissolve();
      state_ &= ~INET_F_ACTIVE;
      return reply_error(reply, err);
    }
    state_ |= INET_F_ACTIVE;
  }
  enqueue_async(port, INET_REQ_CONNECT, &ref);
  async_ok(port);
  reply_ok(reply, ref);
}

void UdpDriver::socket_output(Port& port) {
  // the datagram that would have blocked is not sent again (as in ERTS):
  // its sender is answered now that the socket takes more
  select(port, PortHost::WRITE, false);
  port.busy = false;
  inet_reply_ok(port);
}

void UdpDriver::timeout(Port& port, const DriverTimers::Timer& t) {
  if (t.kind != TIMER_RECV || active_) return;
  select(port, PortHost::READ, false);
  async_error(port, atom::timeout);
}

void UdpDriver::options_changed(Port& port, int old_active, int) {
  if (is_open() && active_ != old_active) select(port, PortHost::READ, active_ != INET_PASSIVE);
}

bool UdpDriver::set_protocol_option(Port&, int opt, int32_t v) {
  if (opt != INET_LOPT_READ_PACKETS || stype_ != SOCK_DGRAM) return true;
  if (v <= 0) return false;
  read_packets_ = v;
  return true;
}

bool UdpDriver::get_protocol_option(int opt, std::string* out) {
  if (opt != INET_LOPT_READ_PACKETS || stype_ != SOCK_DGRAM) return false;
  out->push_back(char(opt));
  for (int s = 24; s >= 0; s -= 8) out->push_back(char(uint32_t(read_packets_) >> s));
  return true;
}

void UdpDriver::close(Port& port) {
  async_error_all(port, atom::closed);
  inet_close(port);
  timers_.close(port);
  port.busy = false;
}

// ---- sending -----------------------------------------------------------------------

bool UdpDriver::compile_ancillary(std::string_view items, msghdr* mh, char* buf, size_t size) {
  memset(buf, 0, size);
  mh->msg_control = buf;
  mh->msg_controllen = size;
  size_t used = 0;
  cmsghdr* c = CMSG_FIRSTHDR(mh);
  while (!items.empty()) {
    if (!c || items.size() < 5) return false;
    int level, type;
    switch (uint8_t(items[0])) {
      case INET_OPT_TOS: level = IPPROTO_IP, type = IP_TOS; break;
      case INET_OPT_TTL: level = IPPROTO_IP, type = IP_TTL; break;
      case INET_OPT_TCLASS: level = IPPROTO_IPV6, type = IPV6_TCLASS; break;
      default: return false;
    }
    int v = int(get_u32(items.data() + 1));
    items.remove_prefix(5);
    c->cmsg_level = level;
    c->cmsg_type = type;
    c->cmsg_len = CMSG_LEN(sizeof v);
    memcpy(CMSG_DATA(c), &v, sizeof v);
    used += CMSG_SPACE(sizeof v);
    mh->msg_controllen = used;
    c = CMSG_NXTHDR(mh, c);
  }
  mh->msg_controllen = used;
  return true;
}

// Family Address AncLen(4) Anc Data: the address is ignored once connected.
void UdpDriver::command(Port& port, const uint8_t* data, size_t size) {
  reply_to_ = port.caller;
  if (!is_open()) return inet_reply_error(port, atom::einval);
  std::string_view in(reinterpret_cast<const char*>(data), size);
  SockAddr to;
  socklen_t to_len;
  if (const char* err = decode_inet_address(family_, &in, &to, &to_len)) return inet_reply_error(port, atom_put(err));
  if (in.size() < 4) return inet_reply_error(port, atom::einval);
  uint32_t anc_len = get_u32(in.data());
  in.remove_prefix(4);
  if (in.size() < anc_len) return inet_reply_error(port, atom::einval);
  std::string_view anc = in.substr(0, anc_len);
  in.remove_prefix(anc_len);
  bool connected = (state_ & INET_F_ACTIVE) != 0;
  ssize_t n;
  if (anc.empty()) {
    count_output(in.size());
    n = connected ? ::send(fd_, in.data(), in.size(), MSG_NOSIGNAL)
                  : ::sendto(fd_, in.data(), in.size(), MSG_NOSIGNAL, &to.sa, to_len);
  } else {
    alignas(cmsghdr) char control[ANC_SPACE];
    iovec iov{const_cast<char*>(in.data()), in.size()};
    msghdr mh{};
    if (!connected) {
      mh.msg_name = &to;
      mh.msg_namelen = to_len;
    }
    if (!compile_ancillary(anc, &mh, control, sizeof control)) return inet_reply_error(port, atom::einval);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    count_output(in.size());
    n = ::sendmsg(fd_, &mh, MSG_NOSIGNAL);
  }
  if (n >= 0) return inet_reply_ok(port);
  if (!would_block(errno)) return inet_reply_error(port, errno_atom(errno));
  // the socket's buffer is full: the sender hears when it has room
  select(port, PortHost::WRITE, true);
  port.busy = true;
}

// ---- receiving --------------------------------------------------------------------------

Term UdpDriver::ancillary_term(Heap& h, msghdr* mh) {
  std::vector<Term> items;
  for (cmsghdr* c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
    Term tag = (c->cmsg_level == IPPROTO_IP && (c->cmsg_type == IP_TOS || c->cmsg_type == IP_RECVTOS)) ? atom::tos
               : (c->cmsg_level == IPPROTO_IPV6 && (c->cmsg_type == IPV6_TCLASS || c->cmsg_type == IPV6_RECVTCLASS))
                   ? atom::tclass
               : (c->cmsg_level == IPPROTO_IP && (c->cmsg_type == IP_TTL || c->cmsg_type == IP_RECVTTL)) ? atom::ttl
                                                                                                        : THE_NON_VALUE;
    if (!is_value(tag)) continue;
    size_t len = c->cmsg_len - size_t(reinterpret_cast<char*>(CMSG_DATA(c)) - reinterpret_cast<char*>(c));
    uint64_t v = 0;
    const uint8_t* d = CMSG_DATA(c);
    if (len == 1) v = d[0];
    else if (len == 2) v = uint16_t(d[0] | d[1] << 8);
    else if (len == 4) { uint32_t x; memcpy(&x, d, 4); v = x; }
    else if (len == 8) memcpy(&v, d, 8);
    items.push_back(make_tuple(h, {tag, make_uinteger(h, v)}));
  }
  return make_list_from(h, items.data(), items.size());
}

int UdpDriver::input(Port& port) {
  int count = 0;
  for (int left = read_packets_; left > 0; left--) {
    std::vector<uint8_t> buf(static_cast<size_t>(buffer_));
    SockAddr from{};
    socklen_t from_len = sizeof from;
    alignas(cmsghdr) char control[ANC_SPACE];
    msghdr mh{};
    bool with_anc = false;
    ssize_t n;
    if (state_ & INET_F_ACTIVE) {
      n = ::recv(fd_, buf.data(), buf.size(), 0);
      from = remote_;
      from_len = remote_.sa.sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
    } else if (recv_cmsg_) {
      iovec iov{buf.data(), buf.size()};
      mh.msg_name = &from;
      mh.msg_namelen = from_len;
      mh.msg_iov = &iov;
      mh.msg_iovlen = 1;
      mh.msg_control = control;
      mh.msg_controllen = sizeof control;
      n = ::recvmsg(fd_, &mh, 0);
      from_len = mh.msg_namelen;
      with_anc = true;
    } else {
      n = ::recvfrom(fd_, buf.data(), buf.size(), 0, &from.sa, &from_len);
    }
    if (n < 0) {
      int err = errno;
      if (!would_block(err)) {
        if (!active_) {
          async_error(port, errno_atom(err));
          timers_.cancel_kind(port, TIMER_RECV);
          select(port, PortHost::READ, false);
        } else {
          Term self = port.id, reason = errno_atom(err);
          output_term(port, [&](Heap& h) { return make_tuple(h, {atom::udp_error, self, reason}); });
        }
        return count;
      }
      if (!active_) select(port, PortHost::READ, true);  // wait for it
      return count;
    }
    count_input(size_t(n));
    // the sender's address goes in front of the data, as prim_inet reads it
    std::string addr;
    encode_inet_address(from, from_len, &addr);
    Term self = port.id;
    if (!active_) {
      AsyncOp op;
      if (!dequeue_async(&op)) return count;
      std::vector<uint8_t> whole(addr.begin(), addr.end());
      whole.insert(whole.end(), buf.begin(), buf.begin() + n);
      send_term(port, op.caller, [&](Heap& h) {
        Term v = data_term(h, whole.data(), whole.size(), header_ + addr.size());
        if (with_anc) v = make_tuple(h, {v, ancillary_term(h, &mh)});
        return make_tuple(h, {atom::inet_async, self, make_small(op.id), make_tuple(h, {atom::ok, v})});
      });
      timers_.cancel_kind(port, TIMER_RECV);
      select(port, PortHost::READ, false);
      return count + 1;  // one datagram per recv
    }
    if (deliver_ == INET_DELIVER_PORT) {
      std::vector<uint8_t> whole(addr.begin(), addr.end());
      whole.insert(whole.end(), buf.begin(), buf.begin() + n);
      output_port_data(port, whole.data(), whole.size());
    } else {
      output_term(port, [&](Heap& h) {
        const auto* a = reinterpret_cast<const uint8_t*>(addr.data());
        Term port_no;
        Term ip = inet_address_term(h, a, addr.size(), &port_no);
        Term d = data_term(h, buf.data(), size_t(n), header_);
        if (with_anc) return make_tuple(h, {atom::udp, self, ip, port_no, ancillary_term(h, &mh), d});
        return make_tuple(h, {atom::udp, self, ip, port_no, d});
      });
    }
    check_active_to_passive(port);
    count++;
    if (!active_) {
      // once or N ran out: stop reading
      select(port, PortHost::READ, false);
      return count;
    }
  }
  return count;
}

}  // namespace

std::unique_ptr<Driver> make_udp_inet_driver() { return std::make_unique<UdpDriver>(); }

}  // namespace girder
