// What tcp_inet and udp_inet share: the socket and its state, addresses,
// the requests both answer, async operations, replies and messages, and
// statistics. Options are in inet_options.cpp.
#include "port/inet_driver.h"
#include "port/inet_bytes.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <cmath>

#include "term/atom_table.h"
#include "term/binary.h"

namespace girder {

using namespace inet;

namespace {

// The errno ERTS uses to say system_limit (a port table full).
constexpr int ERR_SYSTEM_LIMIT = 15 << 8;
// ERTS's largest answer to getstat and subscribe (INET_MAX_OPT_BUFFER).
constexpr size_t MAX_OPT_BUFFER = 64 * 1024;
// gethostname's longest name on every platform (ERTS: INET_MAXHOSTNAMELEN).
constexpr size_t MAX_HOSTNAME = 255;

std::string errno_name(int err) {
  return err == ERR_SYSTEM_LIMIT ? "system_limit" : posix_error_name(err);
}

// The address family a family tag names (AF_INET for INET_AF_INET, ...).
const char* decode_in_family(int family, int tag, std::string_view* in, SockAddr* out, socklen_t* len) {
  if (in->size() < 2) return "einval";
  unsigned port = get_u16(in->data());
  in->remove_prefix(2);
  *out = SockAddr{};
  if (family == AF_INET) {
    out->in4.sin_family = AF_INET;
    out->in4.sin_port = htons(uint16_t(port));
    out->in4.sin_addr.s_addr = htonl(tag == INET_AF_ANY ? INADDR_ANY : INADDR_LOOPBACK);
    *len = sizeof(sockaddr_in);
    return nullptr;
  }
  if (family == AF_INET6) {
    out->in6.sin6_family = AF_INET6;
    out->in6.sin6_port = htons(uint16_t(port));
    out->in6.sin6_addr = tag == INET_AF_ANY ? in6addr_any : in6addr_loopback;
    *len = sizeof(sockaddr_in6);
    return nullptr;
  }
  return "einval";
}

// A socket made in the network namespace at `path` ({netns, Path}): the
// calling thread enters it and comes back. The errno, or 0.
int socket_in_namespace(const std::string& path, int domain, int type, int protocol, int* fd) {
  int here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (here < 0) return errno;
  int there = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (there < 0 || setns(there, CLONE_NEWNET) != 0) {
    int err = errno;
    if (there >= 0) close(there);
    close(here);
    return err;
  }
  close(there);
  *fd = socket(domain, type, protocol);
  int err = *fd < 0 ? errno : 0;
  if (setns(here, CLONE_NEWNET) != 0) {
    // the thread would stay in the other namespace: give up the socket
    err = errno;
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
  close(here);
  return err;
}

}  // namespace

const char* decode_inet_address(int family, std::string_view* in, SockAddr* out, socklen_t* len) {
  if (in->empty()) return "einval";
  int tag = uint8_t((*in)[0]);
  in->remove_prefix(1);
  *out = SockAddr{};
  switch (tag) {
    case INET_AF_ANY:
    case INET_AF_LOOPBACK: return decode_in_family(family, tag, in, out, len);
    case INET_AF_INET:
    case INET_AF_INET6: {
      bool v6 = tag == INET_AF_INET6;
      size_t alen = v6 ? 16 : 4;
      if (in->size() < 2 + alen) return "einval";
      uint16_t port = htons(uint16_t(get_u16(in->data())));
      if (v6) {
        out->in6.sin6_family = AF_INET6;
        out->in6.sin6_port = port;
        memcpy(&out->in6.sin6_addr, in->data() + 2, 16);
      } else {
        out->in4.sin_family = AF_INET;
        out->in4.sin_port = port;
        memcpy(&out->in4.sin_addr, in->data() + 2, 4);
      }
      in->remove_prefix(2 + alen);
      if (v6 && in->size() >= 8) {  // prim_inet sends FlowInfo and ScopeId
        out->in6.sin6_flowinfo = get_u32(in->data());
        out->in6.sin6_scope_id = get_u32(in->data() + 4);
        in->remove_prefix(8);
      }
      *len = v6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
      return nullptr;
    }
    case INET_AF_LOCAL: {
      if (in->empty()) return "einval";
      size_t n = uint8_t((*in)[0]);
      if (in->size() < 1 + n) return "einval";
      // a name starting with a NUL (Linux's abstract names) needs no end
      bool abstract = n > 0 && (*in)[1] == '\0';
      if (n + (abstract ? 0 : 1) > sizeof out->un.sun_path) return "einval";
      out->un.sun_family = AF_UNIX;
      memcpy(out->un.sun_path, in->data() + 1, n);
      in->remove_prefix(1 + n);
      *len = socklen_t(offsetof(sockaddr_un, sun_path) + n);
      return nullptr;
    }
    default: return "eafnosupport";
  }
}

bool encode_inet_address(const SockAddr& a, socklen_t len, std::string* out) {
  switch (a.sa.sa_family) {
    case AF_INET:
      out->push_back(char(INET_AF_INET));
      put_u16(out, ntohs(a.in4.sin_port));
      out->append(reinterpret_cast<const char*>(&a.in4.sin_addr), 4);
      return true;
    case AF_INET6:
      out->push_back(char(INET_AF_INET6));
      put_u16(out, ntohs(a.in6.sin6_port));
      out->append(reinterpret_cast<const char*>(&a.in6.sin6_addr), 16);
      return true;
    case AF_UNIX: {
      size_t max = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
      size_t n = strnlen(a.un.sun_path, max);
      if (n == 0) n = max;  // an abstract name: all of it
      if (n > 255) n = 255;
      out->push_back(char(INET_AF_LOCAL));
      out->push_back(char(n));
      out->append(a.un.sun_path, n);
      return true;
    }
    case AF_UNSPEC: out->push_back(char(INET_AF_UNSPEC)); return false;
    default: out->push_back(char(INET_AF_UNDEFINED)); return false;
  }
}

Term inet_address_term(Heap& h, const uint8_t*& p, size_t n, Term* port_out) {
  *port_out = make_small(0);
  if (n == 0) return THE_NON_VALUE;
  int tag = *p++;
  n--;
  if (tag == INET_AF_INET && n >= 6) {
    *port_out = make_small(Sint(p[0]) << 8 | p[1]);
    Term ip = make_tuple(h, {make_small(p[2]), make_small(p[3]), make_small(p[4]), make_small(p[5])});
    p += 6;
    return ip;
  }
  if (tag == INET_AF_INET6 && n >= 18) {
    *port_out = make_small(Sint(p[0]) << 8 | p[1]);
    Term parts[8];
    for (int i = 0; i < 8; i++) parts[i] = make_small(Sint(p[2 + 2 * i]) << 8 | p[3 + 2 * i]);
    p += 18;
    return make_tuple_from(h, parts, 8);
  }
  if (tag == INET_AF_LOCAL && n >= 1 && n >= size_t(1 + p[0])) {
    size_t len = p[0];
    Term name = new_binary(h, p + 1, len);
    p += 1 + len;
    return make_tuple(h, {atom::local, name});
  }
  return make_tuple(h, {tag == INET_AF_UNSPEC ? atom::unspec : atom::undefined, new_binary(h, nullptr, 0)});
}

// ---- the driver --------------------------------------------------------------------

InetDriver::InetDriver(int protocol) : protocol_(protocol) {}

InetDriver::~InetDriver() {
  if (fd_ >= 0 && !prebound_) ::close(fd_);
}

int InetDriver::control(Port& port, unsigned op, std::string_view in, std::string* reply) {
  // a request without prim_inet's offset wraps to a number no request has
  int cmd = int(op - CONTROL_MAGIC);
  reply->clear();
  if (protocol_control(port, cmd, in, reply)) return 0;
  inet_ctl(port, cmd, in, reply);
  // a malformed statistics or subscription request is a badarg (ERTS's
  // control callback answers -1)
  return reply->empty() && (cmd == INET_REQ_GETSTAT || cmd == INET_REQ_SUBSCRIBE) ? -1 : 0;
}

void InetDriver::ready_input(Port& port, int fd) {
  if (fd == timers_.fd() && fd >= 0) {
    for (const DriverTimers::Timer& t : timers_.take_due(port)) {
      if (is_value(port.failure)) return;
      timeout(port, t);
    }
    return;
  }
  if (fd == fd_ && fd >= 0) socket_input(port);
}

void InetDriver::ready_output(Port& port, int fd) {
  if (fd == fd_ && fd >= 0) socket_output(port);
}

bool InetDriver::is_connected() const {
  constexpr int CONNECTED = INET_F_OPEN | INET_F_ACTIVE;
  return (state_ & CONNECTED) == CONNECTED;
}

void InetDriver::select(Port& port, unsigned events, bool on) {
  if (fd_ < 0) return;
  unsigned want = on ? selected_ | events : selected_ & ~events;
  if (want == selected_) return;
  selected_ = want;
  port.host->select(port, fd_, want);
}

void InetDriver::close_socket(Port& port) {
  if (fd_ < 0) return;
  port.host->deselect(port, fd_);
  if (!prebound_) ::close(fd_);
  fd_ = -1;
  selected_ = 0;
  // a socket kept after the peer closed ({exit_on_close, false}) is no
  // longer connected: sends answer enotconn
  state_ &= ~(INET_F_OPEN | INET_F_ACTIVE);
}

void InetDriver::inet_close(Port& port) {
  empty_q_subscribers_.clear();
  close_socket(port);
  state_ = 0;
}

void InetDriver::ctl_open(Port& port, int cmd, std::string_view in, bool stream_only, std::string* reply) {
  bool fdopen = cmd == INET_REQ_FDOPEN;
  if (fdopen ? (in.size() != 6 && in.size() != 10) : in.size() != 2) return reply_error(reply, EINVAL);
  int domain = in[0] == INET_AF_INET ? AF_INET : in[0] == INET_AF_INET6 ? AF_INET6 : -1;
  // (ERTS takes seqpacket too, for sctp: socket() then refuses it for udp)
  int type = in[1] == INET_TYPE_STREAM      ? SOCK_STREAM
             : in[1] == INET_TYPE_DGRAM     ? SOCK_DGRAM
             : in[1] == INET_TYPE_SEQPACKET ? SOCK_SEQPACKET
                                            : -1;
  if (domain < 0) return reply_error_name(reply, "eafnosupport");
  if (type < 0 || (stream_only && type != SOCK_STREAM)) return reply_error(reply, EINVAL);
  if (!fdopen) return open_socket(port, domain, type, reply);
  bool bound = in.size() == 6 || get_u32(in.data() + 6) != 0;
  adopt_socket(port, domain, type, int(get_u32(in.data() + 2)), bound, reply);
}

void InetDriver::open_socket(Port& port, int domain, int type, std::string* reply) {
  (void)port;
  if (state_ != 0) return reply_error_name(reply, "exbadseq");
  int fd = -1, err = 0;
  if (netns_.empty()) {
    fd = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol_);
    err = errno;
  } else if ((err = socket_in_namespace(netns_, domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol_, &fd))) {
    return reply_error(reply, err);
  }
  if (fd < 0) return reply_error(reply, err);
  fd_ = fd;
  prebound_ = false;
  state_ = INET_F_OPEN;
  stype_ = type;
  family_ = domain;
  reply_ok(reply);
}

void InetDriver::adopt_socket(Port& port, int domain, int type, int fd, bool bound, std::string* reply) {
  (void)port;
  SockAddr name{};
  socklen_t len = sizeof name;
  if (bound) {
    if (getsockname(fd, &name.sa, &len) < 0) return reply_error(reply, errno);
    if (name.sa.sa_family != domain) return reply_error(reply, EINVAL);
  }
  fd_ = fd;
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  state_ = INET_F_OPEN;
  if (type == SOCK_STREAM) {
    len = sizeof name;
    if (getpeername(fd, &name.sa, &len) == 0) state_ |= INET_F_ACTIVE;
  }
  // not ours: the fd probably comes from a wrapper program and could not
  // be had again, so closing the port leaves it open
  prebound_ = true;
  stype_ = type;
  family_ = domain;
  reply_ok(reply);
}

// ---- the requests both protocols answer -----------------------------------------

void InetDriver::inet_ctl(Port& port, int cmd, std::string_view in, std::string* reply) {
  switch (cmd) {
    case INET_REQ_GETSTAT: {
      size_t need = 1;
      for (char c : in) need += (c == INET_STAT_SEND_OCT || c == INET_STAT_RECV_OCT) ? 9 : 5;
      if (need > MAX_OPT_BUFFER) return;
      reply_ok(reply);
      for (char c : in) {
        reply->push_back(c);
        unsigned long v;
        switch (c) {
          case INET_STAT_RECV_CNT: v = recv_cnt_; break;
          case INET_STAT_RECV_MAX: v = recv_max_; break;
          case INET_STAT_RECV_AVG: v = (unsigned long)recv_avg_; break;
          case INET_STAT_RECV_DVI: v = (unsigned long)std::fabs(recv_dvi_); break;
          case INET_STAT_SEND_CNT: v = send_cnt_; break;
          case INET_STAT_SEND_MAX: v = send_max_; break;
          case INET_STAT_SEND_AVG: v = (unsigned long)send_avg_; break;
          case INET_STAT_SEND_PEND: v = queued_bytes(port); break;
          case INET_STAT_RECV_OCT: put_u64(reply, recv_oct_); continue;
          case INET_STAT_SEND_OCT: put_u64(reply, send_oct_); continue;
          default: reply->clear(); return;  // badarg
        }
        put_u32(reply, uint32_t(v));
      }
      return;
    }
    case INET_REQ_SUBSCRIBE: {
      if (1 + 5 * in.size() > MAX_OPT_BUFFER) return;
      reply_ok(reply);
      for (char c : in) {
        if (c != INET_SUBS_EMPTY_OUT_Q) {
          reply->clear();
          return;
        }
        reply->push_back(c);
        size_t queued = queued_bytes(port);
        if (queued > 0) empty_q_subscribers_.push_back(port.caller);
        put_u32(reply, uint32_t(queued));
      }
      return;
    }
    case INET_REQ_GETOPTS: {
      std::string out;
      if (!get_options(in, &out)) return reply_error(reply, EINVAL);
      return reply_ok(reply, out);
    }
    case INET_REQ_SETOPTS: {
      int old_active = active_, old_packet = packet_;
      if (set_options(port, in) < 0) return reply_error(reply, EINVAL);
      reply_ok(reply);
      if (!is_value(port.failure)) options_changed(port, old_active, old_packet);
      return;
    }
    case INET_REQ_GETIFLIST:
    case INET_REQ_GETIFADDRS:
    case INET_REQ_IFGET:
    case INET_REQ_IFSET: {
      if (!is_open()) return reply_error_name(reply, "exbadport");
      std::string out;
      int err = cmd == INET_REQ_GETIFLIST    ? inet_getiflist(fd_, &out)
                : cmd == INET_REQ_GETIFADDRS ? inet_getifaddrs(&out)
                : cmd == INET_REQ_IFGET      ? inet_ifget(fd_, in, &out)
                                             : inet_ifset(fd_, in);
      return err ? reply_error(reply, err) : reply_ok(reply, out);
    }
    case INET_REQ_GETSTATUS: {
      std::string out;
      put_u32(&out, uint32_t(state_));
      return reply_ok(reply, out);
    }
    case INET_REQ_GETTYPE: {
      std::string out;
      if (family_ == AF_INET) put_u32(&out, INET_AF_INET);
      else if (family_ == AF_INET6) put_u32(&out, INET_AF_INET6);
      else if (family_ == AF_UNIX) put_u32(&out, INET_AF_LOCAL);
      else return reply_error(reply, EINVAL);
      if (stype_ == SOCK_STREAM) put_u32(&out, INET_TYPE_STREAM);
      else if (stype_ == SOCK_DGRAM) put_u32(&out, INET_TYPE_DGRAM);
      else return reply_error(reply, EINVAL);
      return reply_ok(reply, out);
    }
    case INET_REQ_GETFD: {
      if (!is_open()) return reply_error(reply, EINVAL);
      std::string out;
      put_u32(&out, uint32_t(fd_));
      return reply_ok(reply, out);
    }
    case INET_REQ_GETHOSTNAME: {
      if (!in.empty()) return reply_error(reply, EINVAL);
      char name[MAX_HOSTNAME + 1];
      if (gethostname(name, sizeof name) < 0) return reply_error(reply, errno);
      name[MAX_HOSTNAME] = '\0';
      return reply_ok(reply, name);
    }
    case INET_REQ_GETPADDRS:
    case INET_REQ_GETLADDRS: {
      // sctp's many addresses; other sockets answer their one
      if (in.size() != 4) return reply_error(reply, EINVAL);
      if (!is_open()) return reply_error_name(reply, "exbadport");
      SockAddr a{};
      socklen_t len = sizeof a;
      int r = cmd == INET_REQ_GETPADDRS ? getpeername(fd_, &a.sa, &len) : getsockname(fd_, &a.sa, &len);
      if (r < 0) return reply_error(reply, errno);
      std::string out;
      if (!encode_inet_address(a, len, &out)) out.clear();
      return reply_ok(reply, out);
    }
    case INET_REQ_PEER:
    case INET_REQ_NAME: {
      bool peer = cmd == INET_REQ_PEER;
      if (peer && !(state_ & INET_F_ACTIVE)) return reply_error(reply, ENOTCONN);
      SockAddr a{};
      socklen_t len = sizeof a;
      if (peer && fake_peer_) {
        a = peer_addr_;
        len = peer_len_;
      } else if (!peer && fake_name_) {
        a = name_addr_;
        len = name_len_;
      } else if ((peer ? getpeername(fd_, &a.sa, &len) : getsockname(fd_, &a.sa, &len)) < 0) {
        return reply_error(reply, errno);
      }
      std::string out;
      if (!encode_inet_address(a, len, &out)) return reply_error(reply, EINVAL);
      return reply_ok(reply, out);
    }
    case INET_REQ_SETPEER:
    case INET_REQ_SETNAME: {
      bool peer = cmd == INET_REQ_SETPEER;
      bool& set = peer ? fake_peer_ : fake_name_;
      if (in.empty()) {
        set = false;
        return reply_ok(reply);
      }
      if (in.size() < 2) return reply_error(reply, EINVAL);
      if (const char* err = decode_inet_address(family_, &in, peer ? &peer_addr_ : &name_addr_,
                                                peer ? &peer_len_ : &name_len_))
        return reply_error_name(reply, err);
      set = true;
      return reply_ok(reply);
    }
    case INET_REQ_BIND: {
      if (in.size() < 2) return reply_error(reply, EINVAL);
      if (state_ != INET_F_OPEN) return reply_error_name(reply, "exbadport");
      SockAddr local;
      socklen_t len;
      if (const char* err = decode_inet_address(family_, &in, &local, &len)) return reply_error_name(reply, err);
      if (bind(fd_, &local.sa, len) < 0) return reply_error(reply, errno);
      unsigned bound = 0;
      if (local.sa.sa_family == AF_INET || local.sa.sa_family == AF_INET6) {
        bound = ntohs(local.sa.sa_family == AF_INET ? local.in4.sin_port : local.in6.sin6_port);
        if (bound == 0) {  // the port the kernel chose
          SockAddr got{};
          socklen_t glen = sizeof got;
          getsockname(fd_, &got.sa, &glen);
          bound = ntohs(got.sa.sa_family == AF_INET6 ? got.in6.sin6_port : got.in4.sin_port);
        }
      }
      std::string out;
      put_u16(&out, bound);
      return reply_ok(reply, out);
    }
    case INET_REQ_IGNOREFD: {
      // only connected tcp sockets (a distribution controller hands the
      // socket to someone else)
      if (!is_connected()) return reply_error(reply, ENOTCONN);
      if (stype_ != SOCK_STREAM || in.size() != 1) return reply_error(reply, EINVAL);
      if (in[0] == 1) {
        if (fd_ >= 0) port.host->deselect(port, fd_);
        selected_ = 0;
      } else if (in[0] != 0) {
        return reply_error(reply, EINVAL);
      }
      return reply_ok(reply);
    }
    case INET_REQ_GETSERVBYNAME: {
      if (in.size() < 2) return reply_error(reply, EINVAL);
      size_t n = uint8_t(in[0]);
      if (n >= in.size() - 1) return reply_error(reply, EINVAL);
      std::string name(in.substr(1, n));
      size_t m = uint8_t(in[1 + n]);
      if (m > in.size() - 2 - n) return reply_error(reply, EINVAL);
      std::string proto(in.substr(2 + n, m));
      servent entry, *found = nullptr;
      char buf[4096];
      if (getservbyname_r(name.c_str(), proto.c_str(), &entry, buf, sizeof buf, &found) != 0 || !found)
        return reply_error(reply, EINVAL);
      std::string out;
      put_u16(&out, ntohs(uint16_t(found->s_port)));
      return reply_ok(reply, out);
    }
    case INET_REQ_GETSERVBYPORT: {
      if (in.size() < 3) return reply_error(reply, EINVAL);
      unsigned portno = get_u16(in.data());
      size_t n = uint8_t(in[2]);
      if (n > in.size() - 3) return reply_error(reply, EINVAL);
      std::string proto(in.substr(3, n));
      servent entry, *found = nullptr;
      char buf[4096];
      if (getservbyport_r(htons(uint16_t(portno)), proto.c_str(), &entry, buf, sizeof buf, &found) != 0 ||
          !found)
        return reply_error(reply, EINVAL);
      return reply_ok(reply, found->s_name);
    }
    default: return reply_error_name(reply, "exbadport");
  }
}

// ---- replies ---------------------------------------------------------------------

void InetDriver::reply_ok(std::string* r, std::string_view data) {
  r->assign(1, char(INET_REP_OK));
  r->append(data);
}

void InetDriver::reply_error(std::string* r, int err) { reply_error_name(r, errno_name(err).c_str()); }

void InetDriver::reply_error_name(std::string* r, const char* name) {
  r->assign(1, char(INET_REP_ERROR));
  r->append(name);
}

Term InetDriver::errno_atom(int err) { return atom_put(errno_name(err)); }

// ---- messages --------------------------------------------------------------------

Term InetDriver::data_term(Heap& h, const uint8_t* p, size_t len, size_t header) const {
  if (mode_ == INET_MODE_LIST || header > len) return make_byte_list(h, p, len);
  Term bin = new_binary(h, p + header, len - header);
  return header > 0 ? make_byte_list(h, p, header, bin) : bin;
}

void InetDriver::output_port_data(Port& port, const uint8_t* p, size_t len) {
  Term self = port.id;
  bool binary = port.binary;
  output_term(port, [&](Heap& h) {
    Term d = binary ? data_term(h, p, len, header_) : make_byte_list(h, p, len);
    return make_tuple(h, {self, make_tuple(h, {atom::data, d})});
  });
}

bool InetDriver::enqueue_async(Port& port, int req, std::string* ref_out) {
  if (!ops_.empty()) return false;
  int id = new_async_id();
  ops_.push_back(AsyncOp{id, port.caller, req});
  put_u16(ref_out, unsigned(id));
  return true;
}

bool InetDriver::dequeue_async(AsyncOp* op) {
  if (ops_.empty()) return false;
  *op = ops_.front();
  ops_.pop_front();
  return true;
}

void InetDriver::send_async(Port& port, Term to, int id, Term tag, Term value) {
  Term self = port.id;
  send_term(port, to, [&](Heap& h) {
    Term result = is_value(value) ? make_tuple(h, {tag, value}) : tag;
    return make_tuple(h, {atom::inet_async, self, make_small(id), result});
  });
}

void InetDriver::async_ok(Port& port) {
  AsyncOp op;
  if (dequeue_async(&op)) send_async(port, op.caller, op.id, atom::ok, THE_NON_VALUE);
}

void InetDriver::async_error(Port& port, Term reason) {
  AsyncOp op;
  if (dequeue_async(&op)) send_async(port, op.caller, op.id, atom::error, reason);
}

void InetDriver::async_error_all(Port& port, Term reason) {
  AsyncOp op;
  while (dequeue_async(&op)) send_async(port, op.caller, op.id, atom::error, reason);
}

void InetDriver::inet_reply_ok(Port& port) {
  Term self = port.id;
  send_term(port, reply_to_, [&](Heap& h) { return make_tuple(h, {atom::inet_reply, self, atom::ok}); });
  reply_to_ = THE_NON_VALUE;
}

void InetDriver::inet_reply_error(Port& port, Term reason) {
  Term self = port.id;
  send_term(port, reply_to_, [&](Heap& h) {
    return make_tuple(h, {atom::inet_reply, self, make_tuple(h, {atom::error, reason})});
  });
  reply_to_ = THE_NON_VALUE;
}

void InetDriver::passive_message(Port& port) {
  Term self = port.id, tag = protocol_ == IPPROTO_TCP ? atom::tcp_passive : atom::udp_passive;
  output_term(port, [&](Heap& h) { return make_tuple(h, {tag, self}); });
}

void InetDriver::check_active_to_passive(Port& port) {
  if (active_ == INET_ONCE) {
    active_ = INET_PASSIVE;
  } else if (active_ == INET_MULTI && --active_count_ == 0) {
    active_ = INET_PASSIVE;
    passive_message(port);
  }
}

void InetDriver::send_empty_out_q(Port& port) {
  std::vector<Term> subscribers = std::move(empty_q_subscribers_);
  empty_q_subscribers_.clear();
  Term self = port.id;
  for (Term pid : subscribers)
    send_term(port, pid, [&](Heap& h) { return make_tuple(h, {atom::empty_out_q, self}); });
}

// ---- statistics (ERTS's running averages) ----------------------------------------

void InetDriver::count_input(size_t len) {
  unsigned long n = recv_cnt_ + 1;
  if (n == 0) n = 1;  // wrapped: start a new sequence from the old average
  recv_oct_ += len;
  double avg = recv_avg_ + (double(len) - recv_avg_) / double(n);
  recv_avg_ = avg;
  if (len > recv_max_) recv_max_ = len;
  recv_dvi_ = recv_dvi_ + ((double(len) - avg) - recv_dvi_) / double(n);
  recv_cnt_ = n;
}

void InetDriver::count_output(size_t len) {
  unsigned long n = send_cnt_ + 1;
  if (n == 0) n = 1;
  send_oct_ += len;
  send_avg_ += (double(len) - send_avg_) / double(n);
  if (len > send_max_) send_max_ = len;
  send_cnt_ = n;
}

}  // namespace girder
