// INET_REQ_SETOPTS and INET_REQ_GETOPTS (ERTS: inet_set_opts,
// inet_fill_opts): socket options go to the kernel, the driver's own (LOPT)
// to its fields. A request is a sequence of Opt(1) Value(4) (some options
// take more); the answer to getopts is the same shape, leaving out the
// options the socket cannot answer.
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <unistd.h>

#include <net/if.h>
#include <netinet/in.h>

#include <climits>
#include <cstring>

#include "port/inet_bytes.h"
#include "port/inet_driver.h"

namespace girder {

using namespace inet;

namespace {

int32_t get32(const char* p) { return int32_t(get_u32(p)); }  // the values are signed

// The driver's options that only one protocol has (tcp's, udp's
// read_packets): the protocol answers them.
bool is_protocol_option(int opt) {
  switch (opt) {
    case INET_LOPT_TCP_HIWTRMRK:
    case INET_LOPT_TCP_LOWTRMRK:
    case INET_LOPT_TCP_SEND_TIMEOUT:
    case INET_LOPT_TCP_SEND_TIMEOUT_CLOSE:
    case INET_LOPT_TCP_DELAY_SEND:
    case INET_LOPT_TCP_SHOW_ECONNRESET:
    case INET_LOPT_READ_PACKETS: return true;
    default: return false;
  }
}

// The socket options that are one int in the kernel. `propagate`: a
// failure to set it is reported (ERTS reports only these; for the others
// it keeps quiet, for old times' sake).
struct KernelOption {
  int opt, level, name;
  bool propagate;
};
constexpr KernelOption KERNEL_OPTIONS[] = {
    {INET_OPT_REUSEADDR, SOL_SOCKET, SO_REUSEADDR, false},
    {INET_OPT_KEEPALIVE, SOL_SOCKET, SO_KEEPALIVE, false},
    {INET_OPT_DONTROUTE, SOL_SOCKET, SO_DONTROUTE, false},
    {INET_OPT_BROADCAST, SOL_SOCKET, SO_BROADCAST, false},
    {INET_OPT_OOBINLINE, SOL_SOCKET, SO_OOBINLINE, false},
    {INET_OPT_SNDBUF, SOL_SOCKET, SO_SNDBUF, false},
    {INET_OPT_RCVBUF, SOL_SOCKET, SO_RCVBUF, false},
    {INET_OPT_PRIORITY, SOL_SOCKET, SO_PRIORITY, true},
    {INET_OPT_TOS, IPPROTO_IP, IP_TOS, true},
    {INET_OPT_TCLASS, IPPROTO_IPV6, IPV6_TCLASS, true},
    {INET_OPT_TTL, IPPROTO_IP, IP_TTL, true},
    {INET_OPT_RECVTOS, IPPROTO_IP, IP_RECVTOS, true},
    {INET_OPT_RECVTCLASS, IPPROTO_IPV6, IPV6_RECVTCLASS, true},
    {INET_OPT_RECVTTL, IPPROTO_IP, IP_RECVTTL, true},
    {TCP_OPT_NODELAY, IPPROTO_TCP, TCP_NODELAY, false},
    {TCP_OPT_NOPUSH, IPPROTO_TCP, TCP_CORK, false},
    {UDP_OPT_MULTICAST_TTL, IPPROTO_IP, IP_MULTICAST_TTL, false},
    {UDP_OPT_MULTICAST_LOOP, IPPROTO_IP, IP_MULTICAST_LOOP, false},
    {INET_OPT_IPV6_V6ONLY, IPPROTO_IPV6, IPV6_V6ONLY, true},
};

const KernelOption* kernel_option(int opt) {
  for (const KernelOption& k : KERNEL_OPTIONS)
    if (k.opt == opt) return &k;
  return nullptr;
}

// setsockopt, keeping IP_TOS and SO_PRIORITY as they were: Linux zeroes
// the priority when the tos is set, and other options may reset the tos,
// while users expect options to be independent (ERTS's
// setopt_prio_tos_trick). With `propagate`, a failure to restore counts.
int setopt_keeping_tos(int fd, int level, int name, const void* arg, socklen_t size, bool propagate) {
  int prio = 0, tos = 0;
  socklen_t plen = sizeof prio, tlen = sizeof tos;
  int got_prio = getsockopt(fd, SOL_SOCKET, SO_PRIORITY, &prio, &plen);
  int got_tos = getsockopt(fd, IPPROTO_IP, IP_TOS, &tos, &tlen);
  int res = setsockopt(fd, level, name, arg, size);
  if (res != 0 || (level == SOL_SOCKET && name == SO_PRIORITY)) return res;
  if (!(level == IPPROTO_IP && name == IP_TOS) && got_tos == 0) {
    int r = setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, tlen);
    if (propagate) res = r;
  }
  if (res == 0 && got_prio == 0) {
    int r = setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &prio, plen);
    // some kernels set a priority one may not set back
    if (propagate) res = (r != 0 && errno == EPERM) ? 0 : r;
  }
  return res;
}

}  // namespace

int InetDriver::set_options(Port& port, std::string_view in) {
  const char* p = in.data();
  size_t len = in.size();
  while (len >= 5) {
    int opt = uint8_t(*p);
    int32_t ival = get32(p + 1);
    p += 5;
    len -= 5;
    int level = SOL_SOCKET, name = 0;
    const void* arg = &ival;
    socklen_t arg_size = sizeof ival;
    bool propagate = false;  // a failure of this one is reported
    int cmsg = recv_cmsg_;   // taken only if the kernel takes the option
    if (is_protocol_option(opt)) {
      // the other protocol's options are taken and ignored, except a bad
      // count of datagrams to read
      if (!set_protocol_option(port, opt, ival)) return -1;
      continue;
    }
    linger li{};
    ip_mreqn mreq4{};
    ipv6_mreq mreq6{};
    char device[IFNAMSIZ + 1] = {};
    if (const KernelOption* k = kernel_option(opt)) {
      level = k->level;
      name = k->name;
      propagate = k->propagate;
      if (opt == INET_OPT_RCVBUF && !buffer_set_) {
        // the driver reads at least what the kernel buffers, but a
        // datagram never needs more than 64 KB
        if (ival > (1 << 16) && stype_ == SOCK_DGRAM) buffer_ = 1 << 16;
        else if (ival > buffer_) buffer_ = ival;
      }
      int bit = opt == INET_OPT_RECVTOS      ? CMSG_TOS
                : opt == INET_OPT_RECVTCLASS ? CMSG_TCLASS
                : opt == INET_OPT_RECVTTL    ? CMSG_TTL
                                             : 0;
      cmsg = ival ? cmsg | bit : cmsg & ~bit;
    } else switch (opt) {
      case INET_LOPT_HEADER: header_ = unsigned(ival); continue;
      case INET_LOPT_MODE: mode_ = ival; continue;
      case INET_LOPT_DELIVER: deliver_ = ival; continue;
      case INET_LOPT_BUFFER:
        buffer_ = ival < 1 ? 1 : ival;
        buffer_set_ = true;
        continue;
      case INET_LOPT_ACTIVE:
        active_ = ival;
        if (active_ == INET_MULTI) {
          if (len < 2) return -1;
          int16_t n = int16_t(uint16_t(uint8_t(p[0]) << 8 | uint8_t(p[1])));
          p += 2;
          len -= 2;
          long count = long(active_count_) + n;
          if (count > INT16_MAX || count < INT16_MIN) return -1;
          active_count_ = int16_t(count < 0 ? 0 : count);
          if (active_count_ == 0) {
            active_ = INET_PASSIVE;
            passive_message(port);
          }
        } else {
          active_count_ = 0;
        }
        // activating a stream socket whose peer has closed: the close comes
        // now, and may end the port
        if (stype_ == SOCK_STREAM && active_ != INET_PASSIVE && state_ == 0 && activated_when_closed(port))
          return 0;
        continue;
      case INET_LOPT_PACKET: packet_ = ival; continue;
      case INET_LOPT_PACKET_SIZE: packet_size_ = unsigned(ival); continue;
      case INET_LOPT_EXITONCLOSE: exit_on_close_ = ival != 0; continue;
      case INET_LOPT_MSGQ_HIWTRMRK:
        if (ival < 1) return -1;
        msgq_high_ = ival;
        if (msgq_low_ > msgq_high_) msgq_low_ = msgq_high_;
        continue;
      case INET_LOPT_MSGQ_LOWTRMRK:
        if (ival < 1) return -1;
        msgq_low_ = ival;
        if (msgq_high_ < msgq_low_) msgq_high_ = msgq_low_;
        continue;
      case INET_LOPT_NETNS:
        if (ival < 0 || len < size_t(ival)) return -1;
        netns_.assign(p, size_t(ival));
        p += ival;
        len -= size_t(ival);
        continue;
      case INET_LOPT_LINE_DELIM: delimiter_ = uint8_t(ival); continue;
      case INET_OPT_DEBUG: debug_ = ival != 0; continue;
      case INET_OPT_LINGER:
        if (len < 4) return -1;
        li.l_onoff = ival;
        li.l_linger = get32(p);
        p += 4;
        len -= 4;
        arg = &li;
        arg_size = sizeof li;
        name = SO_LINGER;
        set_protocol_option(port, INET_OPT_LINGER, li.l_onoff && li.l_linger == 0);
        break;
      case UDP_OPT_MULTICAST_IF:
        // an IPv4 address as an integer, or an IPv6 interface index
        if (family_ == AF_INET) level = IPPROTO_IP, name = IP_MULTICAST_IF;
        else if (family_ == AF_INET6) level = IPPROTO_IPV6, name = IPV6_MULTICAST_IF;
        else return -1;
        ival = int32_t(htonl(uint32_t(ival)));  // (so does ERTS for the index)
        break;
      case UDP_OPT_ADD_MEMBERSHIP:
      case UDP_OPT_DROP_MEMBERSHIP: {
        bool add = opt == UDP_OPT_ADD_MEMBERSHIP;
        int domain = ival;  // Family(4) IfIndex(4) then the addresses
        if (len < 4) return -1;
        int32_t ifindex = get32(p);
        p += 4;
        len -= 4;
        if (domain == INET_AF_INET && family_ == AF_INET) {
          if (len < 8) return -1;
          level = IPPROTO_IP;
          name = add ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP;
          mreq4.imr_ifindex = ifindex;
          mreq4.imr_multiaddr.s_addr = htonl(uint32_t(get32(p)));
          mreq4.imr_address.s_addr = htonl(uint32_t(get32(p + 4)));
          p += 8;
          len -= 8;
          arg = &mreq4;
          arg_size = sizeof mreq4;
        } else if (domain == INET_AF_INET6 && family_ == AF_INET6) {
          if (len < 16) return -1;
          level = IPPROTO_IPV6;
          name = add ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP;
          memcpy(&mreq6.ipv6mr_multiaddr, p, 16);
          mreq6.ipv6mr_interface = unsigned(ifindex);
          p += 16;
          len -= 16;
          arg = &mreq6;
          arg_size = sizeof mreq6;
        } else {
          return -1;
        }
        break;
      }
      case INET_OPT_RAW: {
        // Level(4) was the value; Opt(4) Len(4) Value(Len)
        if (len < 8) return -1;
        level = ival;
        name = get32(p);
        int32_t size = get32(p + 4);
        p += 8;
        len -= 8;
        if (size < 0 || len < size_t(size)) return -1;
        arg = p;
        arg_size = socklen_t(size);
        p += size;
        len -= size_t(size);
        break;
      }
      case INET_OPT_BIND_TO_DEVICE:
        if (ival < 0 || len < size_t(ival) || size_t(ival) > IFNAMSIZ) return -1;
        memcpy(device, p, size_t(ival));
        p += ival;
        len -= size_t(ival);
        name = SO_BINDTODEVICE;
        arg = device;
        arg_size = IFNAMSIZ;
        propagate = true;
        break;
      default: return -1;
    }
    if (setopt_keeping_tos(fd_, level, name, arg, arg_size, propagate) == 0) recv_cmsg_ = cmsg;
    else if (propagate) return -1;
  }
  return 0;
}

bool InetDriver::get_options(std::string_view in, std::string* out) {
  const char* p = in.data();
  size_t len = in.size();
  while (len > 0) {
    int opt = uint8_t(*p++);
    len--;
    int level = SOL_SOCKET, name = 0;
    if (is_protocol_option(opt)) {
      get_protocol_option(opt, out);  // left out for the other protocol
      continue;
    }
    if (const KernelOption* k = kernel_option(opt)) {
      level = k->level;
      name = k->name;
    } else switch (opt) {
      case INET_LOPT_BUFFER: out->push_back(char(opt)); put_u32(out, uint32_t(buffer_)); continue;
      case INET_LOPT_HEADER: out->push_back(char(opt)); put_u32(out, header_); continue;
      case INET_LOPT_MODE: out->push_back(char(opt)); put_u32(out, uint32_t(mode_)); continue;
      case INET_LOPT_DELIVER: out->push_back(char(opt)); put_u32(out, uint32_t(deliver_)); continue;
      case INET_LOPT_ACTIVE:
        out->push_back(char(opt));
        put_u32(out, uint32_t(active_));
        if (active_ == INET_MULTI) {
          out->push_back(char(uint16_t(active_count_) >> 8));
          out->push_back(char(active_count_));
        }
        continue;
      case INET_LOPT_PACKET: out->push_back(char(opt)); put_u32(out, uint32_t(packet_)); continue;
      case INET_LOPT_PACKET_SIZE: out->push_back(char(opt)); put_u32(out, packet_size_); continue;
      case INET_LOPT_EXITONCLOSE: out->push_back(char(opt)); put_u32(out, exit_on_close_); continue;
      case INET_LOPT_MSGQ_HIWTRMRK: out->push_back(char(opt)); put_u32(out, uint32_t(msgq_high_)); continue;
      case INET_LOPT_MSGQ_LOWTRMRK: out->push_back(char(opt)); put_u32(out, uint32_t(msgq_low_)); continue;
      case INET_OPT_DEBUG: out->push_back(char(opt)); put_u32(out, debug_); continue;
      case INET_LOPT_NETNS:
        if (!netns_.empty()) {
          out->push_back(char(opt));
          put_u32(out, uint32_t(netns_.size()));
          out->append(netns_);
        }
        continue;
      case UDP_OPT_MULTICAST_IF: {
        // prim_inet reads the value (an IPv4 address, or an IPv6 interface
        // index as a 4-byte integer), then the family (4)
        int v6 = family_ == AF_INET6;
        if (family_ != AF_INET && !v6) return false;
        uint32_t v = 0;
        socklen_t sz = sizeof v;
        if (getsockopt(fd_, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_MULTICAST_IF : IP_MULTICAST_IF, &v, &sz) < 0)
          continue;
        out->push_back(char(opt));
        if (v6) put_u32(out, v);
        else out->append(reinterpret_cast<const char*>(&v), 4);  // network order already
        put_u32(out, v6 ? INET_AF_INET6 : INET_AF_INET);
        continue;
      }
      case INET_OPT_LINGER: {
        linger li{};
        socklen_t sz = sizeof li;
        if (getsockopt(fd_, SOL_SOCKET, SO_LINGER, &li, &sz) < 0) continue;
        out->push_back(char(opt));
        put_u32(out, uint32_t(li.l_onoff));
        put_u32(out, uint32_t(li.l_linger));
        continue;
      }
      case INET_OPT_RAW: {
        // Level(4) Opt(4) HasValue(1) Len(4) [Value(Len)]
        if (len < 13) return false;
        int raw_level = get32(p), raw_name = get32(p + 4);
        bool given = p[8] != 0;
        int32_t size = get32(p + 9);
        p += 13;
        len -= 13;
        if (size < 0 || size > 64 * 1024) return false;
        std::string value(size_t(size), '\0');
        if (given) {
          if (len < size_t(size)) return false;
          memcpy(value.data(), p, size_t(size));
          p += size;
          len -= size_t(size);
        }
        socklen_t sz = socklen_t(size);
        if (getsockopt(fd_, raw_level, raw_name, value.data(), &sz) < 0) continue;
        out->push_back(char(opt));
        put_u32(out, uint32_t(raw_level));
        put_u32(out, uint32_t(raw_name));
        put_u32(out, sz);
        out->append(value.data(), sz);
        continue;
      }
      case INET_OPT_BIND_TO_DEVICE: {
        char device[IFNAMSIZ] = {};
        socklen_t sz = sizeof device;
        if (getsockopt(fd_, SOL_SOCKET, SO_BINDTODEVICE, device, &sz) < 0) continue;
        size_t n = strnlen(device, sz);
        out->push_back(char(opt));
        put_u32(out, uint32_t(n));
        out->append(device, n);
        continue;
      }
      case INET_OPT_PKTOPTIONS: {
        // the tos, tclass and ttl the last packets came with:
        // Len(4) [COpt(1) Value(4)]
        if (family_ != AF_INET && family_ != AF_INET6) return false;
        alignas(cmsghdr) char buf[2 * CMSG_SPACE(sizeof(int))];
        socklen_t sz = sizeof buf;
        bool v6 = family_ == AF_INET6;
        if (getsockopt(fd_, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_2292PKTOPTIONS : IP_PKTOPTIONS, buf, &sz) < 0)
          continue;
        std::string items;
        msghdr mh{};
        mh.msg_control = buf;
        mh.msg_controllen = sz;
        for (cmsghdr* c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
          int code = c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS        ? INET_OPT_TOS
                     : c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_TCLASS ? INET_OPT_TCLASS
                     : c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL        ? INET_OPT_TTL
                                                                                    : -1;
          if (code < 0) continue;
          size_t dlen = c->cmsg_len - size_t(reinterpret_cast<char*>(CMSG_DATA(c)) - reinterpret_cast<char*>(c));
          uint32_t v = 0;
          if (dlen == 1) v = *CMSG_DATA(c);
          else if (dlen >= 4) memcpy(&v, CMSG_DATA(c), 4);
          items.push_back(char(code));
          put_u32(&items, v);
        }
        out->push_back(char(opt));
        put_u32(out, uint32_t(items.size()));
        out->append(items);
        continue;
      }
      default: return false;
    }
    int v = 0;
    socklen_t sz = sizeof v;
    if (getsockopt(fd_, level, name, &v, &sz) < 0) continue;  // the socket cannot say: left out
    out->push_back(char(opt));
    put_u32(out, uint32_t(v));
  }
  return true;
}

}  // namespace girder
