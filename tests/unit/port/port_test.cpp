// The port folder on its own: port numbering and table slots, open_port/2's
// argument checks (badopt before badarg), and the fd driver writing to a
// pipe with and without a {packet, N} header. tests/diff/ports.erl covers
// the port BIFs through erlang.erl against erl.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <set>
#include <string>

#include "port/port.h"
#include "term/atom_table.h"
#include "term/heap.h"
#include "fake_host.h"

namespace girder {
namespace {

TEST(PortTable, NumbersCountUpThenComeBackRaisedByTheTableSize) {
  PortTable t(16);
  auto a = t.create();
  auto b = t.create();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(local_port_data(a->id), 0u);
  EXPECT_EQ(local_port_data(b->id), 1u);
  t.remove(a.get());
  // fresh numbers first, while there are any
  for (Uint n = 2; n < 16; n++) {
    auto p = t.create();
    ASSERT_TRUE(p);
    EXPECT_EQ(local_port_data(p->id), n);
  }
  auto again = t.create();
  ASSERT_TRUE(again);
  EXPECT_EQ(local_port_data(again->id), 16u);  // number 0 + table size
  EXPECT_EQ(t.count(), 16u);
  EXPECT_EQ(t.create(), nullptr) << "a full table opens no port";
}

TEST(PortTable, AClosedPortsTermNamesNoPort) {
  PortTable t(8);
  auto a = t.create();
  Term old_id = a->id;
  EXPECT_EQ(t.lookup(old_id), a);
  t.remove(a.get());
  EXPECT_EQ(t.lookup(old_id), nullptr);
  for (int i = 0; i < 8; i++) t.create();
  // number 8 reuses number 0's slot, but the old term still names nothing
  EXPECT_EQ(t.lookup(old_id), nullptr);
  EXPECT_EQ(t.lookup(make_local_port(8))->id, make_local_port(8));
  EXPECT_EQ(t.lookup(make_small(0)), nullptr);
}

TEST(PortTable, IndexesSpreadConsecutiveNumbersOverCacheLines) {
  PortTable t(64);  // 8 lines of 8 slots
  EXPECT_EQ(t.index_of(0), 0u);
  EXPECT_EQ(t.index_of(1), 8u);
  EXPECT_EQ(t.index_of(7), 56u);
  EXPECT_EQ(t.index_of(8), 1u);
  EXPECT_EQ(t.index_of(64), 0u);
  std::set<Uint> seen;
  for (Uint n = 0; n < 64; n++) seen.insert(t.index_of(n));
  EXPECT_EQ(seen.size(), 64u) << "every number below the size has its own slot";
}

struct OpenPortArgs : ::testing::Test {
  Heap h;
  Term fd01() { return make_tuple(h, {atom::fd, make_small(0), make_small(1)}); }
  Term list(std::initializer_list<Term> xs) { return make_list_from(h, xs.begin(), xs.size()); }
  Term pair(Term k, Term v) { return make_tuple(h, {k, v}); }
};

TEST_F(OpenPortArgs, GoodSettingsAreKept) {
  PortSpec s;
  ASSERT_EQ(parse_open_port(fd01(), list({atom::out, atom::binary, pair(atom::packet, make_small(2))}),
                            &s),
            ParseResult::ok);
  EXPECT_EQ(s.kind, DriverKind::fd);
  EXPECT_EQ(s.in_fd, 0);
  EXPECT_EQ(s.out_fd, 1);
  EXPECT_EQ(s.name, "0/1");
  EXPECT_TRUE(s.opts.binary);
  EXPECT_TRUE(s.opts.write);
  EXPECT_FALSE(s.opts.read) << "out alone: no input";
  EXPECT_EQ(s.opts.packet_bytes, 2);
}

TEST_F(OpenPortArgs, BadSettingsAreBadoptEvenWithABadName) {
  PortSpec s;
  EXPECT_EQ(parse_open_port(fd01(), atom::out, &s), ParseResult::badopt);
  EXPECT_EQ(parse_open_port(fd01(), list({pair(atom::packet, make_small(3))}), &s),
            ParseResult::badopt);
  EXPECT_EQ(parse_open_port(fd01(), list({pair(atom::line, make_small(8)), pair(atom::packet, make_small(1))}),
                            &s),
            ParseResult::badopt);
  EXPECT_EQ(parse_open_port(make_small(1), list({atom_put("nonsense")}), &s), ParseResult::badopt);
}

TEST_F(OpenPortArgs, BadNamesAndDriverMismatchesAreBadarg) {
  PortSpec s;
  EXPECT_EQ(parse_open_port(make_small(1), NIL, &s), ParseResult::badarg);
  EXPECT_EQ(parse_open_port(make_tuple(h, {atom::fd, atom::ok, make_small(1)}), NIL, &s),
            ParseResult::badarg);
  EXPECT_EQ(parse_open_port(fd01(), list({atom::exit_status}), &s), ParseResult::badarg);
  Term args = pair(atom::args, list({make_string_list(h, "x")}));
  EXPECT_EQ(parse_open_port(fd01(), list({args}), &s), ParseResult::badarg);
  Term exe = make_tuple(h, {atom::spawn_executable, make_string_list(h, "/bin/true")});
  EXPECT_EQ(parse_open_port(exe, list({args}), &s), ParseResult::ok);
  EXPECT_EQ(s.kind, DriverKind::spawn_executable);
  ASSERT_EQ(s.opts.args.size(), 1u);
  EXPECT_EQ(s.opts.args[0], "x");
}

// A pipe whose write end an fd port writes to.
struct FdPort : ::testing::Test {
  int fds[2] = {-1, -1};
  PortTable table{8};
  FakeHost host;
  std::vector<std::shared_ptr<Port>> ports;
  void SetUp() override { ASSERT_EQ(pipe(fds), 0); }
  void TearDown() override {
    for (auto& p : ports) p->driver->close(*p);
    close(fds[0]);
    if (fds[1] >= 0) close(fds[1]);
  }
  Port* open(int packet) {
    PortSpec spec;
    spec.kind = DriverKind::fd;
    spec.in_fd = 0;
    spec.out_fd = fds[1];
    spec.opts.read = false;
    spec.opts.packet_bytes = packet;
    spec.name = "0/" + std::to_string(fds[1]);
    OpenStatus st;
    std::unique_lock<std::mutex> g;
    auto p = port_open(table, &host, spec, make_local_pid(1), &st, &g);
    EXPECT_EQ(st.kind, OpenStatus::ok);
    if (p) ports.push_back(p);
    return p.get();
  }
  std::string drain() {
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    std::string out;
    char buf[256];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, size_t(n));
    return out;
  }
};

TEST_F(FdPort, WritesBytesAndCountsThem) {
  Port* p = open(0);
  ASSERT_TRUE(p);
  port_output(*p, reinterpret_cast<const uint8_t*>("hello"), 5);
  EXPECT_FALSE(is_value(p->failure));
  EXPECT_EQ(drain(), "hello");
  EXPECT_EQ(p->bytes_out, 5u);
  EXPECT_EQ(p->owner, make_local_pid(1));
  EXPECT_TRUE(host.selected.empty()) << "nothing to wait for: no input, nothing queued";
}

TEST_F(FdPort, PacketHeaderIsBigEndianLength) {
  Port* p = open(2);
  ASSERT_TRUE(p);
  port_output(*p, reinterpret_cast<const uint8_t*>("abc"), 3);
  EXPECT_EQ(drain(), std::string("\0\3abc", 5));
  Port* one = open(1);
  std::string big(300, 'x');
  port_output(*one, reinterpret_cast<const uint8_t*>(big.data()), big.size());
  EXPECT_EQ(one->failure, atom_put("einval")) << "300 bytes do not fit a 1-byte header";
  EXPECT_EQ(drain(), "");
}

TEST_F(FdPort, AClosedReaderFailsTheWriteWithEpipe) {
  Port* p = open(0);
  ASSERT_TRUE(p);
  close(fds[0]);
  fds[0] = ::open("/dev/null", O_RDONLY);  // for TearDown to close
  signal(SIGPIPE, SIG_IGN);
  port_output(*p, reinterpret_cast<const uint8_t*>("x"), 1);
  EXPECT_EQ(p->failure, atom_put("epipe"));
  EXPECT_EQ(posix_error_name(EPIPE), "epipe");
}

}  // namespace
}  // namespace girder
