// The inet drivers (ERTS: inet_drv.c): tcp_inet and udp_inet, the sockets
// under OTP's prim_inet, gen_tcp and gen_udp. prim_inet drives a socket
// with port_control/3 requests (port/inet_codes.def; the reply's first byte
// says ok or error), sends with port_command (answered by {inet_reply, S,
// Status} to the sender), and waits for {inet_async, S, Ref, Result} for
// what takes time (connect, accept, recv). Data and events go to the
// port's owner in active mode ({tcp, S, Data}, {udp, S, Ip, Port, Data},
// {tcp_closed, S}, ...).
//
// This file has what both share (InetDriver: the socket, its state and
// options, the common requests, statistics, timers, messages);
// inet_tcp_driver.cpp and inet_udp_driver.cpp add the protocols. Every call
// is made with the port locked; sockets are non-blocking and wait through
// the port's PortHost.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "port/driver_timers.h"
#include "port/inet_codes.h"
#include "port/port.h"

namespace girder {

// An address as the kernel takes it.
union SockAddr {
  sockaddr sa;
  sockaddr_in in4;
  sockaddr_in6 in6;
  sockaddr_un un;
  sockaddr_storage storage;
};

// prim_inet's address encoding (enc_value(set, addr, ...)): a family tag,
// then the port and the address bytes. Decodes the front of *in for a socket
// of `family` (AF_INET, AF_INET6), advancing *in; nullptr on success, else
// the error's name ("einval", "eafnosupport").
const char* decode_inet_address(int family, std::string_view* in, SockAddr* out, socklen_t* len);
// Appends the encoding of an address the kernel gave (Family(1) Port(2)
// Addr); false (INET_AF_UNSPEC or _UNDEFINED appended) for other families.
bool encode_inet_address(const SockAddr& a, socklen_t len, std::string* out);

// The {Ip, Port} of an encoded address (the front of p[0..n), advancing p):
// {{A,B,C,D}, Port}, {{A,...,H}, Port}; nullptr-like THE_NON_VALUE if not.
Term inet_address_term(Heap& h, const uint8_t*& p, size_t n, Term* port_out);

// Answers of the interface requests (port/inet_ifaddrs.cpp): the reply's
// bytes after its first, or the errno.
int inet_getifaddrs(std::string* out);
int inet_getiflist(int fd, std::string* out);
// Values of the options asked for an interface (INET_REQ_IFGET); EINVAL for
// a malformed request.
int inet_ifget(int fd, std::string_view in, std::string* out);
int inet_ifset(int fd, std::string_view in);

class InetDriver : public Driver {
 public:
  explicit InetDriver(int protocol);
  ~InetDriver() override;

  int control(Port& port, unsigned op, std::string_view in, std::string* reply) final;
  void ready_input(Port& port, int fd) final;
  void ready_output(Port& port, int fd) final;
  bool port_level_locking() const override { return true; }
  // The inet drivers make their port busy themselves, by watermarks.
  bool marks_busy() const override { return false; }

 protected:
  // ---- what the protocols add -----------------------------------------------------

  // A request of the protocol's own, or one of the common ones it changes;
  // false to let the common requests (inet_ctl) answer.
  virtual bool protocol_control(Port& port, int cmd, std::string_view in, std::string* reply) = 0;
  // The socket is readable / writable.
  virtual void socket_input(Port& port) = 0;
  virtual void socket_output(Port& port) = 0;
  // A timer of the protocol's has expired.
  virtual void timeout(Port& port, const DriverTimers::Timer& t) = 0;
  // Options changed the protocol may react to (ERTS: inet_set_opts's
  // return 1 and 2 for tcp): called after a successful setopts.
  virtual void options_changed(Port& port, int old_active, int old_packet) = 0;
  // The protocol's own options (the tcp ones, read_packets, linger's zero
  // flag): false for a bad value. Either protocol takes the other's
  // options and ignores them, as ERTS does.
  virtual bool set_protocol_option(Port&, int, int32_t) { return true; }
  // {active, true | once | N} set on a stream socket whose peer has
  // closed: the close is reported now; true if the port exits of it.
  virtual bool activated_when_closed(Port&) { return false; }
  // getopts: appends Opt(1) Value(4) and returns true, or false when the
  // option is not one of the protocol's.
  virtual bool get_protocol_option(int, std::string*) { return false; }
  // send_pend and the empty-queue subscription: bytes waiting to be sent.
  virtual size_t queued_bytes(const Port& port) const { return port.queue.size(); }

  // ---- the common requests ------------------------------------------------------------

  // Requests both protocols answer alike (ERTS: inet_ctl).
  void inet_ctl(Port& port, int cmd, std::string_view in, std::string* reply);
  // INET_REQ_OPEN (Family(1) Type(1)) and INET_REQ_FDOPEN (the same, Fd(4)
  // [Bound(4)]): a new socket, or one the VM was given. tcp_inet takes
  // stream sockets only; udp_inet lets the kernel judge.
  void ctl_open(Port& port, int cmd, std::string_view in, bool stream_only, std::string* reply);
  void open_socket(Port& port, int domain, int type, std::string* reply);
  void adopt_socket(Port& port, int domain, int type, int fd, bool bound, std::string* reply);
  // Sets options from a setopts request: -1 for a bad one, else 0.
  int set_options(Port& port, std::string_view in);
  // Appends the values of the options asked (INET_REQ_GETOPTS); false for
  // a bad one.
  bool get_options(std::string_view in, std::string* out);

  // ---- replies to a request (the reply's first byte: INET_REP_*) -----------------

  static void reply_ok(std::string* r, std::string_view data = {});
  static void reply_error(std::string* r, int err);
  static void reply_error_name(std::string* r, const char* name);

  // ---- the socket -----------------------------------------------------------------------

  bool is_open() const { return (state_ & inet::INET_F_OPEN) != 0; }
  bool is_connected() const;
  bool is_connecting() const { return (state_ & inet::INET_F_CON) != 0; }
  // Watches the socket for `events` (PortHost::READ, WRITE) on or off.
  void select(Port& port, unsigned events, bool on);
  // Forgets the socket's readiness and closes it (ERTS: desc_close); the
  // state becomes closed.
  void close_socket(Port& port);
  // Stops reading (ERTS: desc_close_read).
  void close_read(Port& port) { select(port, PortHost::READ, false); }
  // Closes the socket and forgets the subscribers (ERTS: erl_inet_close).
  void inet_close(Port& port);

  // ---- messages ---------------------------------------------------------------------

  // Sends what `build` makes (on a fresh heap fragment) to `to`.
  template <class F>
  void send_term(Port& port, Term to, F build) {
    if (!is_value(to)) return;
    auto* h = new Heap;
    Term msg = build(*h);
    port.host->send(port, to, msg, h);
  }
  // To the port's owner (ERTS: driver_output_term).
  template <class F>
  void output_term(Port& port, F build) {
    send_term(port, port.owner, build);
  }
  // Data as the socket's mode has it: a list, or the first `header` bytes
  // as a list ending in a binary of the rest.
  Term data_term(Heap& h, const uint8_t* p, size_t len, size_t header) const;
  // {deliver, port}: {S, {data, Data}} to the owner, as ERTS's
  // driver_output makes it: a list on a port not opened binary (an accepted
  // socket's), else as data_term.
  void output_port_data(Port& port, const uint8_t* p, size_t len);

  // The async operation waiting (ERTS allows one at a time): its reference
  // goes in the reply.
  struct AsyncOp {
    int id;
    Term caller;
    int req;
  };
  // Queues an operation for the caller of the request; false if one waits
  // already. Appends the reference (2 bytes) to *ref_out.
  bool enqueue_async(Port& port, int req, std::string* ref_out);
  bool dequeue_async(AsyncOp* op);
  int new_async_id() { return op_ref_++ & 0xffff; }
  // {inet_async, S, Ref, ok | {ok, Result} | {error, Reason}} for the
  // waiting operation (nothing if none waits).
  void async_ok(Port& port);
  void async_error(Port& port, Term reason);
  void async_error_all(Port& port, Term reason);
  void send_async(Port& port, Term to, int id, Term tag, Term value);
  // {inet_reply, S, ok | {error, Reason}} to the sender of the last
  // command, who then is answered.
  void inet_reply_ok(Port& port);
  void inet_reply_error(Port& port, Term reason);
  // {tcp_passive, S} / {udp_passive, S} when {active, N} runs out.
  void passive_message(Port& port);
  // After delivering a packet in active mode: once and N count down.
  void check_active_to_passive(Port& port);
  // {empty_out_q, S} to the subscribers, who are then forgotten.
  void send_empty_out_q(Port& port);

  // Statistics of a packet received / sent.
  void count_input(size_t len);
  void count_output(size_t len);

  static Term errno_atom(int err);

  // ---- state (ERTS: inet_descriptor) -----------------------------------------------

  int fd_ = -1;
  int state_ = 0;         // INET_F_* bits; 0 = closed
  bool prebound_ = false;  // adopted with fdopen: never closed by us
  int family_ = -1;       // AF_INET, AF_INET6
  int stype_ = -1;        // SOCK_STREAM, SOCK_DGRAM
  int protocol_;          // IPPROTO_TCP, IPPROTO_UDP
  unsigned selected_ = 0;  // PortHost events asked for on fd_

  int mode_ = inet::INET_MODE_LIST;
  int deliver_ = inet::INET_DELIVER_TERM;
  int active_ = inet::INET_PASSIVE;
  int16_t active_count_ = 0;  // {active, N}
  bool exit_on_close_ = true;
  int packet_ = inet::TCP_PB_RAW;  // htype
  unsigned packet_size_ = 0;       // 0: no limit
  int buffer_ = 1460;              // ERTS's INET_DEF_BUFFER
  bool buffer_set_ = false;        // buffer given: recbuf no longer raises it
  unsigned header_ = 0;
  uint8_t delimiter_ = '\n';
  int msgq_high_ = 8192, msgq_low_ = 4096;  // only stored: Girder's ports have no message-queue busy state
  std::string netns_;    // the network namespace (a path) sockets open in
  int recv_cmsg_ = 0;    // ancillary data asked for with each datagram (CMSG_*)
  bool debug_ = false;

  static constexpr int CMSG_TOS = 1, CMSG_TCLASS = 2, CMSG_TTL = 4;

  SockAddr remote_{};  // the peer, once connected
  bool fake_peer_ = false, fake_name_ = false;
  SockAddr peer_addr_{}, name_addr_{};
  socklen_t peer_len_ = 0, name_len_ = 0;

  // statistics (getstat)
  uint64_t recv_oct_ = 0, send_oct_ = 0;
  unsigned long recv_cnt_ = 0, recv_max_ = 0, send_cnt_ = 0, send_max_ = 0;
  double recv_avg_ = 0, recv_dvi_ = 0, send_avg_ = 0;

  std::deque<AsyncOp> ops_;  // at most one (ERTS: INET_MAX_ASYNC)
  int op_ref_ = 0;
  std::vector<Term> empty_q_subscribers_;
  // The process answered by inet_reply (ERTS: desc->caller): the sender of
  // the command being served; THE_NON_VALUE when nobody waits.
  Term reply_to_ = THE_NON_VALUE;
  DriverTimers timers_;
};

}  // namespace girder
