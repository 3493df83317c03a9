// Ports: the port table, Port objects, and open_port/2's arguments.
//
// A port is identified by a local port term #Port<0.N>. Numbers are handed
// out as ERTS does: 0, 1, 2, ... up to the table size, then the numbers of
// closed ports come back in the order they were freed, each raised by the
// table size (so an old port term does not name a new port for a long
// time). A port in the table is open or closing; a closed port has left it.
//
// What a port does to processes (links, exit signals, {Port, closed}) is
// the runtime's business (src/runtime/ports.cpp); this folder knows only
// terms.
//
// Threads: every scheduler may act on a port (a BIF, a signal from a
// process, an I/O task of the event loop). The table has its own lock,
// held only inside its methods; a Port lives as long as someone holds its
// shared_ptr, and everything in it is read and written with Port::lock
// held, except `state` (atomic, so lookups can skip closing ports) and
// `registered_name` (under the registry's lock, as for processes). Nobody
// holds two port locks at once.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "port/driver.h"
#include "port/input_framer.h"
#include "port/output_queue.h"
#include "port/port_host.h"
#include "term/ref_key.h"
#include "term/term.h"

namespace girder {

// The settings of open_port/2 (ERTS parses them for every driver; each
// driver uses the ones that concern it).
struct PortOptions {
  int packet_bytes = 0;        // {packet, 1|2|4}: length header on output and input
  Uint line_length = 0;        // {line, N} / line: input split into lines; 0 = off
  bool binary = false;         // input data as binaries
  bool soft_eof = false;       // eof: {Port, eof} instead of closing at end of input
  bool read = true;            // in (both in and out when neither is given)
  bool write = true;           // out
  bool use_stdio = true;       // spawn: the child's stdio is the port
  bool stderr_to_stdout = false;
  bool hide = false;           // Windows only; accepted
  bool exit_status = false;    // spawn: {Port, {exit_status, S}}
  bool overlapped_io = false;  // Windows only; accepted
  bool parallelism = false;    // {parallelism, Bool}
  bool has_cd = false;
  std::string cd;              // spawn: working directory
  // spawn: changes to the environment, in order; an unset has no value.
  std::vector<std::pair<std::string, std::pair<bool, std::string>>> env;
  bool has_args = false;
  std::vector<std::string> args;  // spawn_executable: {args, [...]}
  bool has_arg0 = false;
  std::string arg0;
};

enum class DriverKind : uint8_t { fd, spawn, spawn_driver, spawn_executable, vanilla };

// open_port/2's arguments, parsed.
struct PortSpec {
  DriverKind kind = DriverKind::fd;
  int in_fd = -1, out_fd = -1;  // fd driver
  std::string command;          // spawn drivers and vanilla: the command or file
  std::string name;             // the port's name (port_info name)
  PortOptions opts;
};

// How parsing open_port/2's arguments ended: ERTS's erts_internal:open_port
// answers badopt for bad settings, badarg for a bad name or a setting the
// driver does not take.
enum class ParseResult : uint8_t { ok, badopt, badarg };
ParseResult parse_open_port(Term name, Term settings, PortSpec* out);

enum class PortState : uint8_t { open, closing };

// A process monitoring the port (erlang:monitor(port, P)).
struct PortMonitor {
  RefKey ref;
  Term pid = THE_NON_VALUE;
  Term name = THE_NON_VALUE;  // monitored by registered name: the name
};

// A port_command/2,3 that found the port busy: the caller waits for
// {Ref, Result}, and the data goes out once the queue has drained (ERTS
// suspends the caller and retries).
struct SuspendedCommand {
  Term pid = THE_NON_VALUE;
  RefKey ref;
  std::string data;
};

struct Port {
  std::mutex lock;
  Term id = THE_NON_VALUE;     // #Port<0.N>
  std::atomic<PortState> state{PortState::open};
  Term owner = THE_NON_VALUE;  // the connected process (a local pid)
  // The process whose request the driver is serving (ERTS: driver_caller):
  // set by the port BIFs before they call the driver, so that a driver
  // knows whom to answer later ({inet_reply, ...}, {inet_async, ...}).
  Term caller = THE_NON_VALUE;
  std::string name;            // port_info name: "0/1" for {fd, 0, 1}
  std::unique_ptr<Driver> driver;
  PortHost* host = nullptr;    // the event loop the driver waits through
  std::vector<Term> links;     // processes linked to the port, in link order
  std::vector<PortMonitor> monitors;
  Term registered_name = THE_NON_VALUE;  // under the registry's lock
  int packet_bytes = 0;
  Uint line_length = 0;
  bool binary = false;
  bool soft_eof = false;
  bool parallelism = false;
  Uint bytes_in = 0;   // port_info input
  Uint bytes_out = 0;  // port_info output
  int os_pid = -1;     // the child of a spawn port (port_info os_pid)
  InputFramer framer;  // {packet, N} and {line, L} on input
  // ERTS's port queue: output the driver could not write yet. The port is
  // busy from BUSY_HIGH queued bytes until the queue is empty again.
  OutputQueue queue;
  bool busy = false;
  std::vector<SuspendedCommand> suspended;
  // A driver failure (port_fail): the port exits with this reason once the
  // driver call that failed has returned (THE_NON_VALUE: none).
  Term failure = THE_NON_VALUE;
  // erlang:port_set_data/2's term (THE_NON_VALUE: never set), a flat copy
  // in data_words whose refc binaries are on data_off_heap.
  Term data = THE_NON_VALUE;
  std::vector<Term> data_words;
  OffHeap data_off_heap;

  Port() = default;
  Port(const Port&) = delete;
  Port& operator=(const Port&) = delete;
  ~Port() { offheap_release(data_off_heap); }
};

// Queued bytes that make a port busy (ERTS's spawn and fd drivers: 8 KB).
constexpr size_t BUSY_HIGH = 8192;

class PortTable {
 public:
  static constexpr Uint DEFAULT_LIMIT = Uint(1) << 16;  // ERTS's default +Q
  // limit: a power of two, at least 8.
  explicit PortTable(Uint limit = DEFAULT_LIMIT);
  ~PortTable();
  PortTable(const PortTable&) = delete;
  PortTable& operator=(const PortTable&) = delete;

  // A new open port with the next number, or nullptr if the table is full.
  std::shared_ptr<Port> create();
  // The port of a local port term, open or closing; nullptr if it is not
  // in the table.
  std::shared_ptr<Port> lookup(Term id) const;
  // Takes the port out of the table (it is freed when the last holder lets
  // go); its number comes back (raised by the table size) after every
  // number handed out before.
  void remove(Port* port);
  // Ports in table order (what erlang:ports/0 lists).
  std::vector<std::shared_ptr<Port>> ports() const;
  Uint count() const;
  Uint limit() const { return limit_; }
  // ERTS's table index of a port number (port_info id): ERTS spreads
  // consecutive numbers over cache lines, 8 slots a line.
  Uint index_of(Uint number) const;

 private:
  Uint limit_;
  Uint lines_;       // cache lines in the table
  int lines_bits_;   // log2(lines_)
  mutable std::mutex lock_;  // everything below
  std::vector<std::shared_ptr<Port>> slots_;  // by table index, grown on demand
  Uint next_fresh_ = 0;                       // numbers 0..limit-1 not yet used
  std::deque<Uint> freed_;                    // numbers to reuse, oldest first
  Uint count_ = 0;
};

// Opens a port for `owner` as spec says: a table slot, then the driver
// (started with the port locked; the port is returned locked through
// *guard). A driver that fails to start frees the slot (its number is used
// up, as in ERTS). On failure returns nullptr and sets *status.
std::shared_ptr<Port> port_open(PortTable& table, PortHost* host, const PortSpec& spec,
                                Term owner, OpenStatus* status,
                                std::unique_lock<std::mutex>* guard);

// ---- what drivers and the runtime share (port.cpp); the port is locked --------

// Writes data to the port's driver, with the {packet, N} header first;
// counts the bytes. A packet too large for its header fails the port with
// einval.
void port_output(Port& port, const uint8_t* data, size_t size);
// The driver failed: the port will exit with `reason` (the first failure
// counts) once the driver call returns.
void port_fail(Port& port, Term reason);
void port_fail_posix(Port& port, int err);
// Input read by the driver: counted, framed ({packet, N}, {line, L}) and
// sent to the owner as {Port, {data, Data}}.
void port_input(Port& port, const uint8_t* data, size_t size);
// The input ended: a partial line goes to the owner as noeol, then
// {Port, eof} with the eof setting, else the port exits with reason normal.
void port_input_eof(Port& port);
// {Port, {exit_status, Status}} to the owner.
void port_send_exit_status(Port& port, int status);
// Sends {Port, What} (What built in frag, taken) to the owner.
void port_send(Port& port, Term what, Heap* frag);
// The busy state follows the queue (set from BUSY_HIGH bytes, cleared when
// it is empty).
void port_update_busy(Port& port);

}  // namespace girder
