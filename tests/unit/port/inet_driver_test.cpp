// The inet drivers against a fake event loop (fake_host.h): prim_inet's
// address encoding, requests and their replies, options, datagrams sent
// and received, a tcp connection accepted through the host, the send
// queue's watermarks, and the timers.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <string>

#include "fake_host.h"
#include "port/driver_timers.h"
#include "port/inet_codes.h"
#include "port/inet_driver.h"
#include "port/port.h"
#include "term/atom_table.h"

namespace girder {
namespace {

using namespace inet;

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s.push_back(char(x));
  return s;
}

// An IPv4 address in prim_inet's encoding.
std::string addr4(int a, int b, int c, int d, unsigned port) {
  return bytes({INET_AF_INET, int(port >> 8), int(port & 255), a, b, c, d});
}

void wait_readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  poll(&p, 1, 5000);
}

struct Inet : ::testing::Test {
  PortTable table{8};
  FakeHost host;
  std::vector<std::shared_ptr<Port>> ports;

  void TearDown() override {
    for (auto& p : ports)
      if (p->state.load() == PortState::open) p->driver->close(*p);
  }
  Port& open(const char* driver) {
    PortSpec spec;
    spec.kind = DriverKind::spawn_driver;
    spec.command = spec.name = driver;
    spec.opts.binary = true;
    OpenStatus st;
    std::unique_lock<std::mutex> g;
    ports.push_back(port_open(table, &host, spec, make_local_pid(1), &st, &g));
    EXPECT_EQ(st.kind, OpenStatus::ok);
    ports.back()->caller = make_local_pid(1);
    return *ports.back();
  }
  // A request as prim_inet's ctl_cmd makes it; the reply's bytes.
  static std::string ctl(Port& p, int cmd, const std::string& in = "") {
    std::string out;
    EXPECT_EQ(p.driver->control(p, CONTROL_MAGIC + unsigned(cmd), in, &out), 0);
    return out;
  }
  static std::string ok(const std::string& rest = "") { return char(INET_REP_OK) + rest; }
  static std::string error(const std::string& name) { return char(INET_REP_ERROR) + name; }
  // The port number a bound socket got.
  static unsigned bound_port(Port& p) {
    std::string r = ctl(p, INET_REQ_NAME);
    return unsigned(uint8_t(r[2])) << 8 | uint8_t(r[3]);
  }
};

TEST(InetAddress, DecodesEachFamilyAndRefusesTheRest) {
  std::string in = addr4(127, 0, 0, 1, 80) + "rest";
  std::string_view v = in;
  SockAddr a;
  socklen_t len;
  ASSERT_EQ(decode_inet_address(AF_INET, &v, &a, &len), nullptr);
  EXPECT_EQ(v, "rest") << "the address is taken off the front";
  EXPECT_EQ(a.in4.sin_family, AF_INET);
  EXPECT_EQ(ntohs(a.in4.sin_port), 80);
  EXPECT_EQ(ntohl(a.in4.sin_addr.s_addr), 0x7f000001u);
  std::string out;
  EXPECT_TRUE(encode_inet_address(a, len, &out));
  EXPECT_EQ(out, addr4(127, 0, 0, 1, 80));
  // any and loopback take the socket's family
  std::string any = bytes({INET_AF_LOOPBACK, 0, 7});
  v = any;
  ASSERT_EQ(decode_inet_address(AF_INET6, &v, &a, &len), nullptr);
  EXPECT_EQ(a.in6.sin6_family, AF_INET6);
  EXPECT_TRUE(IN6_IS_ADDR_LOOPBACK(&a.in6.sin6_addr));
  std::string bad = bytes({INET_AF_INET, 0, 80, 127});
  v = bad;
  EXPECT_STREQ(decode_inet_address(AF_INET, &v, &a, &len), "einval") << "too short";
  std::string unknown = bytes({42, 0, 0});
  v = unknown;
  EXPECT_STREQ(decode_inet_address(AF_INET, &v, &a, &len), "eafnosupport");
  v = std::string_view();
  EXPECT_STREQ(decode_inet_address(AF_INET, &v, &a, &len), "einval");
}

TEST_F(Inet, UdpOpensBindsAndAnswersRequests) {
  Port& u = open("udp_inet");
  EXPECT_EQ(ctl(u, INET_REQ_GETSTATUS), ok(bytes({0, 0, 0, 0}))) << "closed until opened";
  EXPECT_EQ(ctl(u, INET_REQ_OPEN, bytes({INET_AF_INET, INET_TYPE_DGRAM})), ok());
  EXPECT_EQ(ctl(u, INET_REQ_OPEN, bytes({INET_AF_INET, INET_TYPE_DGRAM})), error("exbadseq"));
  EXPECT_EQ(ctl(u, INET_REQ_GETTYPE), ok(bytes({0, 0, 0, INET_AF_INET, 0, 0, 0, INET_TYPE_DGRAM})));
  std::string r = ctl(u, INET_REQ_BIND, addr4(127, 0, 0, 1, 0));
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], char(INET_REP_OK));
  unsigned port = unsigned(uint8_t(r[1])) << 8 | uint8_t(r[2]);
  EXPECT_GT(port, 0u);
  EXPECT_EQ(bound_port(u), port);
  EXPECT_EQ(ctl(u, INET_REQ_PEER), error("enotconn"));
  EXPECT_EQ(ctl(u, INET_REQ_GETHOSTNAME, "x"), error("einval"));
  EXPECT_EQ(ctl(u, INET_REQ_GETHOSTNAME).substr(0, 1), ok());
  EXPECT_EQ(ctl(u, 200), error("exbadport"));
  std::string out;
  EXPECT_EQ(u.driver->control(u, 1, "", &out), 0) << "without prim_inet's offset";
  EXPECT_EQ(out, error("exbadport"));
  EXPECT_EQ(u.driver->control(u, CONTROL_MAGIC + INET_REQ_GETSTAT, bytes({77}), &out), -1)
      << "an unknown statistic is a badarg";
}

TEST_F(Inet, OptionsGoToTheKernelOrTheDriver) {
  Port& u = open("udp_inet");
  ASSERT_EQ(ctl(u, INET_REQ_OPEN, bytes({INET_AF_INET, INET_TYPE_DGRAM})), ok());
  // buffer 100, mode binary, reuseaddr true
  EXPECT_EQ(ctl(u, INET_REQ_SETOPTS, bytes({INET_LOPT_BUFFER, 0, 0, 0, 100, INET_LOPT_MODE, 0, 0, 0, 1,
                                            INET_OPT_REUSEADDR, 0, 0, 0, 1})),
            ok());
  EXPECT_EQ(ctl(u, INET_REQ_GETOPTS, bytes({INET_LOPT_BUFFER, INET_LOPT_MODE, INET_OPT_REUSEADDR})),
            ok(bytes({INET_LOPT_BUFFER, 0, 0, 0, 100, INET_LOPT_MODE, 0, 0, 0, 1, INET_OPT_REUSEADDR, 0, 0, 0,
                      1})));
  // tcp's options are taken and left out of the answers; read_packets 0 is not
  EXPECT_EQ(ctl(u, INET_REQ_SETOPTS, bytes({INET_LOPT_TCP_HIWTRMRK, 0, 0, 1, 0})), ok());
  EXPECT_EQ(ctl(u, INET_REQ_GETOPTS, bytes({INET_LOPT_TCP_HIWTRMRK})), ok());
  EXPECT_EQ(ctl(u, INET_REQ_SETOPTS, bytes({INET_LOPT_READ_PACKETS, 0, 0, 0, 0})), error("einval"));
  EXPECT_EQ(ctl(u, INET_REQ_SETOPTS, bytes({250, 0, 0, 0, 0})), error("einval"));
  EXPECT_EQ(ctl(u, INET_REQ_GETOPTS, bytes({250})), error("einval"));
  // linger needs its seconds too
  EXPECT_EQ(ctl(u, INET_REQ_SETOPTS, bytes({INET_OPT_LINGER, 0, 0, 0, 1})), error("einval"));
  // active N counts add up; brought to zero, the socket says it is passive
  EXPECT_EQ(ctl(u, INET_REQ_SETOPTS, bytes({INET_LOPT_ACTIVE, 0, 0, 0, INET_MULTI, 0, 2})), ok());
  EXPECT_EQ(ctl(u, INET_REQ_GETOPTS, bytes({INET_LOPT_ACTIVE})),
            ok(bytes({INET_LOPT_ACTIVE, 0, 0, 0, INET_MULTI, 0, 2})));
  EXPECT_TRUE(host.sent.empty());
  EXPECT_EQ(ctl(u, INET_REQ_SETOPTS, bytes({INET_LOPT_ACTIVE, 0, 0, 0, INET_MULTI, 0xff, 0xfe})), ok());
  EXPECT_EQ(host.sent, (std::vector<std::string>{"{udp_passive,#Port<0.0>}"}));
}

TEST_F(Inet, DatagramsGoOutAndComeInWithTheirAddress) {
  Port& u = open("udp_inet");
  ASSERT_EQ(ctl(u, INET_REQ_OPEN, bytes({INET_AF_INET, INET_TYPE_DGRAM})), ok());
  ASSERT_EQ(ctl(u, INET_REQ_BIND, addr4(127, 0, 0, 1, 0)).size(), 3u);
  unsigned port = bound_port(u);
  // to itself: Address AncLen(4) Data; the sender hears ok
  std::string cmd = addr4(127, 0, 0, 1, port) + bytes({0, 0, 0, 0}) + "hi";
  u.driver->command(u, reinterpret_cast<const uint8_t*>(cmd.data()), cmd.size());
  EXPECT_EQ(host.sent, (std::vector<std::string>{"{inet_reply,#Port<0.0>,ok}"}));
  host.sent.clear();
  // active: {udp, S, Ip, Port, Data}
  ASSERT_EQ(ctl(u, INET_REQ_SETOPTS, bytes({INET_LOPT_MODE, 0, 0, 0, 1, INET_LOPT_ACTIVE, 0, 0, 0, 1})), ok());
  int fd = host.fd_for(PortHost::READ);
  ASSERT_GE(fd, 0);
  wait_readable(fd);
  u.driver->ready_input(u, fd);
  EXPECT_EQ(host.sent, (std::vector<std::string>{"{udp,#Port<0.0>,{127,0,0,1}," + std::to_string(port) +
                                                 ",<<104,105>>}"}));
  // a malformed command is answered, not obeyed
  std::string bad = addr4(127, 0, 0, 1, port) + bytes({0, 0, 1});
  host.sent.clear();
  u.driver->command(u, reinterpret_cast<const uint8_t*>(bad.data()), bad.size());
  EXPECT_EQ(host.sent, (std::vector<std::string>{"{inet_reply,#Port<0.0>,{error,einval}}"}));
}

TEST_F(Inet, TcpAcceptsThroughTheHostAndQueuesPastTheWatermark) {
  Port& l = open("tcp_inet");
  ASSERT_EQ(ctl(l, INET_REQ_OPEN, bytes({INET_AF_INET, INET_TYPE_STREAM})), ok());
  ASSERT_EQ(ctl(l, INET_REQ_BIND, addr4(127, 0, 0, 1, 0)).size(), 3u);
  ASSERT_EQ(ctl(l, INET_REQ_LISTEN, bytes({0, 5})), ok());
  unsigned port = bound_port(l);
  // nobody connects yet: the accept waits (Ref 0)
  EXPECT_EQ(ctl(l, INET_REQ_ACCEPT, bytes({0xff, 0xff, 0xff, 0xff})), ok(bytes({0, 0})));
  EXPECT_EQ(ctl(l, INET_REQ_GETSTATUS), ok(bytes({0, 0, 0, INET_F_OPEN | INET_F_LISTEN | INET_F_ACC})));
  Port& c = open("tcp_inet");
  ASSERT_EQ(ctl(c, INET_REQ_OPEN, bytes({INET_AF_INET, INET_TYPE_STREAM})), ok());
  std::string r = ctl(c, INET_REQ_CONNECT, bytes({0xff, 0xff, 0xff, 0xff}) + addr4(127, 0, 0, 1, port));
  EXPECT_EQ(r, ok(bytes({0, 0})));
  int cfd = host.fd_for(PortHost::WRITE);
  if (cfd >= 0) c.driver->ready_output(c, cfd);  // the connect completes
  int lfd = -1;
  for (const auto& [fd, ev] : host.selected)
    if (ev == PortHost::READ) lfd = fd;
  ASSERT_GE(lfd, 0);
  wait_readable(lfd);
  host.sent.clear();
  l.driver->ready_input(l, lfd);
  ASSERT_EQ(host.created.size(), 1u) << "the accepted socket is a port of its own";
  EXPECT_EQ(host.sent, (std::vector<std::string>{"{inet_async,#Port<0.0>,0,{ok,#Port<0.1000>}}"}));
  EXPECT_EQ(ctl(l, INET_REQ_GETSTATUS), ok(bytes({0, 0, 0, INET_F_OPEN | INET_F_LISTEN})));
  EXPECT_EQ(ctl(c, INET_REQ_GETSTATUS), ok(bytes({0, 0, 0, INET_F_OPEN | INET_F_ACTIVE})));
  // the peer never reads: past the high watermark (1 KB here) the port is
  // busy and the send that made it so is not answered yet
  ASSERT_EQ(ctl(c, INET_REQ_SETOPTS, bytes({INET_LOPT_TCP_HIWTRMRK, 0, 0, 4, 0, INET_OPT_SNDBUF, 0, 0, 16, 0})),
            ok());
  std::string chunk(64 * 1024, 'x');
  host.sent.clear();
  for (int i = 0; i < 200 && !c.busy; i++)
    c.driver->command(c, reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size());
  EXPECT_TRUE(c.busy);
  EXPECT_GE(c.queue.size(), 1024u);
  size_t answered = host.sent.size();
  EXPECT_GT(answered, 0u) << "the sends before were answered at once";
  EXPECT_EQ(host.sent.back(), "{inet_reply,#Port<0.1>,ok}");
  // closing drops the queue; the port is no longer busy
  c.driver->close(c);
  c.state.store(PortState::closing);
  EXPECT_FALSE(c.busy);
  EXPECT_TRUE(c.queue.empty());
}

TEST_F(Inet, PassiveRecvTimesOut) {
  Port& l = open("tcp_inet");
  ASSERT_EQ(ctl(l, INET_REQ_OPEN, bytes({INET_AF_INET, INET_TYPE_STREAM})), ok());
  EXPECT_EQ(ctl(l, TCP_REQ_RECV, bytes({0, 0, 0, 0, 0, 0, 0, 0})), error("enotconn"));
  EXPECT_EQ(ctl(l, INET_REQ_ACCEPT, bytes({0, 0, 0, 0})), error("einval")) << "not listening";
  ASSERT_EQ(ctl(l, INET_REQ_BIND, addr4(127, 0, 0, 1, 0)).size(), 3u);
  ASSERT_EQ(ctl(l, INET_REQ_LISTEN, bytes({0, 5})), ok());
  // an accept with a 1 ms timeout: the driver's timerfd fires
  EXPECT_EQ(ctl(l, INET_REQ_ACCEPT, bytes({0, 0, 0, 1})), ok(bytes({0, 0})));
  host.sent.clear();
  while (host.sent.empty()) {
    // play the event loop: whichever selected fd is ready
    std::vector<pollfd> fds;
    for (const auto& [fd, ev] : host.selected)
      if (ev & PortHost::READ) fds.push_back({fd, POLLIN, 0});
    ASSERT_FALSE(fds.empty());
    ASSERT_GT(poll(fds.data(), fds.size(), 5000), 0);
    for (const pollfd& p : fds)
      if (p.revents) l.driver->ready_input(l, p.fd);
  }
  EXPECT_EQ(host.sent, (std::vector<std::string>{"{inet_async,#Port<0.0>,0,{error,timeout}}"}));
  EXPECT_EQ(ctl(l, INET_REQ_GETSTATUS), ok(bytes({0, 0, 0, INET_F_OPEN | INET_F_LISTEN})));
}

TEST(DriverTimers, FireInDeadlineOrder) {
  FakeHost host;
  Port port;
  port.host = &host;
  DriverTimers t;
  EXPECT_EQ(t.fd(), -1) << "no descriptor before the first timer";
  uint64_t late = t.start(port, 30, 1);
  uint64_t early = t.start(port, 1, 2);
  uint64_t dropped = t.start(port, 1, 3);
  ASSERT_GE(t.fd(), 0);
  EXPECT_EQ(host.selected[t.fd()], PortHost::READ);
  t.cancel(port, dropped);
  std::vector<DriverTimers::Timer> due;
  while (due.size() < 2) {
    wait_readable(t.fd());
    for (auto& x : t.take_due(port)) due.push_back(x);
  }
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, early);
  EXPECT_EQ(due[1].id, late);
  EXPECT_TRUE(t.empty());
  int fd = t.fd();
  t.close(port);
  EXPECT_EQ(host.selected.count(fd), 0u);
  EXPECT_EQ(t.fd(), -1);
}

}  // namespace
}  // namespace girder
