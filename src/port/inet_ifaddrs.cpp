// The inet drivers' interface requests (ERTS: inet_ctl_getifaddrs,
// _getiflist, _ifget, _ifset): interface names, flags and addresses,
// encoded as prim_inet decodes them (build_ifaddrs, decode_ifopts).
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>

#include <vector>

#include "port/inet_bytes.h"
#include "port/inet_driver.h"

namespace girder {

namespace {

using namespace inet;


// The kernel's interface flags as prim_inet's; an interface that is up
// counts as running (ERTS does so).
uint32_t flags_of(unsigned f) {
  return ((f & IFF_UP) ? INET_IFF_UP | INET_IFF_RUNNING : 0) | ((f & IFF_BROADCAST) ? INET_IFF_BROADCAST : 0) |
         ((f & IFF_LOOPBACK) ? INET_IFF_LOOPBACK : 0) | ((f & IFF_POINTOPOINT) ? INET_IFF_POINTTOPOINT : 0) |
         ((f & IFF_MULTICAST) ? INET_IFF_MULTICAST : 0);
}

// Appends opt and the address, as ERTS's sockaddr_to_buf (an IPv4 or
// IPv6 address with its family tag, a link address with its length);
// nothing at all for another family.
void put_sockaddr(std::string* out, int opt, const sockaddr* sa) {
  if (!sa) return;
  if (sa->sa_family == AF_INET || sa->sa_family == AF_UNSPEC) {
    out->push_back(char(opt));
    out->push_back(char(INET_AF_INET));
    out->append(reinterpret_cast<const char*>(&reinterpret_cast<const sockaddr_in*>(sa)->sin_addr), 4);
  } else if (sa->sa_family == AF_INET6) {
    out->push_back(char(opt));
    out->push_back(char(INET_AF_INET6));
    out->append(reinterpret_cast<const char*>(&reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr), 16);
  } else if (sa->sa_family == AF_PACKET) {
    auto* ll = reinterpret_cast<const sockaddr_ll*>(sa);
    out->push_back(char(opt));
    put_u16(out, ll->sll_halen);
    out->append(reinterpret_cast<const char*>(ll->sll_addr), ll->sll_halen);
  }
}

// Interface names are bytes; prim_inet reads them as UTF-8 of Latin-1.
void put_name(std::string* out, const char* name) {
  for (const char* c = name; *c; c++) {
    auto b = uint8_t(*c);
    if (b < 0x80) {
      out->push_back(char(b));
    } else {
      out->push_back(char(0xC0 | (b >> 6)));
      out->push_back(char(0x80 | (b & 0x3F)));
    }
  }
}

}  // namespace

int inet_getifaddrs(std::string* out) {
  ifaddrs* list;
  if (getifaddrs(&list) < 0) return errno;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    put_name(out, i->ifa_name);
    out->push_back('\0');
    out->push_back(char(INET_IFOPT_FLAGS));
    put_u32(out, flags_of(i->ifa_flags));
    const sockaddr* a = i->ifa_addr;
    if (a && (a->sa_family == AF_INET || a->sa_family == AF_INET6)) {
      put_sockaddr(out, INET_IFOPT_ADDR, a);
      put_sockaddr(out, INET_IFOPT_NETMASK, i->ifa_netmask);
      if (i->ifa_dstaddr && (i->ifa_flags & IFF_POINTOPOINT))
        put_sockaddr(out, INET_IFOPT_DSTADDR, i->ifa_dstaddr);
      else if (i->ifa_broadaddr && (i->ifa_flags & IFF_BROADCAST))
        put_sockaddr(out, INET_IFOPT_BROADADDR, i->ifa_broadaddr);
    } else if (a && a->sa_family == AF_PACKET) {
      // a link address only when it has some bytes (ERTS: need > 3)
      if (2 + reinterpret_cast<const sockaddr_ll*>(a)->sll_halen > 3) put_sockaddr(out, INET_IFOPT_HWADDR, a);
    }
    out->push_back('\0');
  }
  freeifaddrs(list);
  return 0;
}

int inet_getiflist(int fd, std::string* out) {
  // SIOCGIFCONF, with a buffer grown until the answer fits
  std::vector<char> buf(100 * sizeof(ifreq));
  ifconf conf{};
  int last_len = 0;
  for (;;) {
    conf.ifc_len = int(buf.size());
    conf.ifc_buf = buf.data();
    if (ioctl(fd, SIOCGIFCONF, &conf) < 0) {
      if (errno != EINVAL || last_len) return errno;
    } else {
      if (conf.ifc_len == last_len) break;
      last_len = conf.ifc_len;
    }
    buf.resize(buf.size() + 10 * sizeof(ifreq));
  }
  for (size_t off = 0; off + sizeof(ifreq) <= size_t(conf.ifc_len); off += sizeof(ifreq)) {
    const ifreq* r = reinterpret_cast<const ifreq*>(buf.data() + off);
    if (r->ifr_addr.sa_family != AF_INET && r->ifr_addr.sa_family != AF_INET6) continue;
    out->append(r->ifr_name, strnlen(r->ifr_name, IFNAMSIZ));
    out->push_back('\0');
  }
  return 0;
}

// Len(1) Name(Len) [IfOpt(1)]: each option's value; an option the kernel
// cannot answer is left out.
int inet_ifget(int fd, std::string_view in, std::string* out) {
  if (in.empty() || size_t(uint8_t(in[0])) > in.size()) return EINVAL;
  size_t n = uint8_t(in[0]);
  ifreq base{};
  memcpy(base.ifr_name, in.data() + 1, n >= IFNAMSIZ ? IFNAMSIZ - 1 : n);
  in.remove_prefix(n + 1 > in.size() ? in.size() : n + 1);
  for (char c : in) {
    ifreq r = base;
    switch (uint8_t(c)) {
      case INET_IFOPT_ADDR:
        if (ioctl(fd, SIOCGIFADDR, &r) == 0) put_sockaddr(out, INET_IFOPT_ADDR, &r.ifr_addr);
        break;
      case INET_IFOPT_HWADDR:
        if (ioctl(fd, SIOCGIFHWADDR, &r) == 0) {
          out->push_back(char(INET_IFOPT_HWADDR));
          put_u16(out, 6);
          out->append(r.ifr_hwaddr.sa_data, 6);
        }
        break;
      case INET_IFOPT_BROADADDR:
        if (ioctl(fd, SIOCGIFBRDADDR, &r) == 0) put_sockaddr(out, INET_IFOPT_BROADADDR, &r.ifr_broadaddr);
        break;
      case INET_IFOPT_DSTADDR:
        if (ioctl(fd, SIOCGIFDSTADDR, &r) == 0) put_sockaddr(out, INET_IFOPT_DSTADDR, &r.ifr_dstaddr);
        break;
      case INET_IFOPT_NETMASK:
        if (ioctl(fd, SIOCGIFNETMASK, &r) == 0) put_sockaddr(out, INET_IFOPT_NETMASK, &r.ifr_netmask);
        break;
      case INET_IFOPT_MTU:
        if (ioctl(fd, SIOCGIFMTU, &r) == 0) {
          out->push_back(char(INET_IFOPT_MTU));
          put_u32(out, uint32_t(r.ifr_mtu));
        }
        break;
      case INET_IFOPT_FLAGS: {
        unsigned f = ioctl(fd, SIOCGIFFLAGS, &r) == 0 ? unsigned(uint16_t(r.ifr_flags)) : 0;
        out->push_back(char(INET_IFOPT_FLAGS));
        put_u32(out, flags_of(f));
        break;
      }
      default: return EINVAL;
    }
  }
  return 0;
}

// Len(1) Name(Len) [IfOpt(1) Value]: sets what the kernel lets us (its
// refusals are not reported, as in ERTS).
int inet_ifset(int fd, std::string_view in) {
  if (in.empty() || size_t(uint8_t(in[0])) > in.size()) return EINVAL;
  size_t n = uint8_t(in[0]);
  ifreq r{};
  memcpy(r.ifr_name, in.data() + 1, n >= IFNAMSIZ ? IFNAMSIZ - 1 : n);
  in.remove_prefix(n + 1 > in.size() ? in.size() : n + 1);
  auto take_addr = [&](sockaddr* sa) {
    if (in.empty()) return false;
    int tag = uint8_t(in[0]);
    size_t len = tag == INET_AF_INET ? 4 : tag == INET_AF_INET6 ? 16 : 0;
    if (len == 0 || in.size() < 1 + len) return false;
    if (tag == INET_AF_INET) {
      sa->sa_family = AF_INET;
      memcpy(&reinterpret_cast<sockaddr_in*>(sa)->sin_addr, in.data() + 1, 4);
    } else {
      sa->sa_family = AF_INET6;  // ifreq has no room for it: as ERTS, the kernel refuses it
    }
    in.remove_prefix(1 + len);
    return true;
  };
  auto take32 = [&](uint32_t* v) {
    if (in.size() < 4) return false;
    *v = get_u32(in.data());
    in.remove_prefix(4);
    return true;
  };
  while (!in.empty()) {
    int opt = uint8_t(in[0]);
    in.remove_prefix(1);
    uint32_t v;
    switch (opt) {
      case INET_IFOPT_ADDR:
      case INET_IFOPT_BROADADDR:
      case INET_IFOPT_DSTADDR:
      case INET_IFOPT_NETMASK: {
        sockaddr* field = opt == INET_IFOPT_ADDR        ? &r.ifr_addr
                          : opt == INET_IFOPT_BROADADDR ? &r.ifr_broadaddr
                          : opt == INET_IFOPT_DSTADDR   ? &r.ifr_dstaddr
                                                        : &r.ifr_netmask;
        if (!take_addr(field)) return EINVAL;
        (void)ioctl(fd, opt == INET_IFOPT_ADDR        ? SIOCSIFADDR
                        : opt == INET_IFOPT_BROADADDR ? SIOCSIFBRDADDR
                        : opt == INET_IFOPT_DSTADDR   ? SIOCSIFDSTADDR
                                                      : SIOCSIFNETMASK,
                    &r);
        break;
      }
      case INET_IFOPT_HWADDR: {
        if (in.size() < 2) return EINVAL;
        size_t len = size_t(uint8_t(in[0])) << 8 | uint8_t(in[1]);
        if (in.size() < 2 + len) return EINVAL;
        memset(r.ifr_hwaddr.sa_data, 0, sizeof r.ifr_hwaddr.sa_data);
        memcpy(r.ifr_hwaddr.sa_data, in.data() + 2, len < sizeof r.ifr_hwaddr.sa_data ? len : sizeof r.ifr_hwaddr.sa_data);
        in.remove_prefix(2 + len);
        (void)ioctl(fd, SIOCSIFHWADDR, &r);
        break;
      }
      case INET_IFOPT_MTU:
        if (!take32(&v)) return EINVAL;
        r.ifr_mtu = int(v);
        (void)ioctl(fd, SIOCSIFMTU, &r);
        break;
      case INET_IFOPT_FLAGS: {
        if (!take32(&v)) return EINVAL;
        ifreq cur = r;
        int old = ioctl(fd, SIOCGIFFLAGS, &cur) == 0 ? cur.ifr_flags : 0;
        int f = old;
        if (v & INET_IFF_UP) f |= IFF_UP;
        if (v & INET_IFF_DOWN) f &= ~IFF_UP;
        if (v & INET_IFF_BROADCAST) f |= IFF_BROADCAST;
        if (v & INET_IFF_NBROADCAST) f &= ~IFF_BROADCAST;
        if (v & INET_IFF_POINTTOPOINT) f |= IFF_POINTOPOINT;
        if (v & INET_IFF_NPOINTTOPOINT) f &= ~IFF_POINTOPOINT;
        if (f != old) {
          cur.ifr_flags = short(f);
          (void)ioctl(fd, SIOCSIFFLAGS, &cur);
        }
        break;
      }
      default: return EINVAL;
    }
  }
  return 0;
}

}  // namespace girder
