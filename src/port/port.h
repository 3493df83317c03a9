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
// terms. One scheduler for now: the table has no lock (more schedulers:
// issue 3).
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "port/driver.h"
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

struct Port {
  Term id = THE_NON_VALUE;     // #Port<0.N>
  Term owner = THE_NON_VALUE;  // the connected process (a local pid)
  std::string name;            // port_info name: "0/1" for {fd, 0, 1}
  std::unique_ptr<Driver> driver;
  std::vector<Term> links;     // processes linked to the port, in link order
  PortState state = PortState::open;
  Term registered_name = THE_NON_VALUE;
  int packet_bytes = 0;
  Uint line_length = 0;
  bool binary = false;
  bool soft_eof = false;
  bool parallelism = false;
  Uint bytes_in = 0;   // port_info input
  Uint bytes_out = 0;  // port_info output
};

class PortTable {
 public:
  static constexpr Uint DEFAULT_LIMIT = Uint(1) << 16;  // ERTS's default +Q
  // limit: a power of two, at least 8.
  explicit PortTable(Uint limit = DEFAULT_LIMIT);
  ~PortTable();
  PortTable(const PortTable&) = delete;
  PortTable& operator=(const PortTable&) = delete;

  // A new open port with the next number, or nullptr if the table is full.
  Port* create();
  // The port of a local port term, open or closing; nullptr if it is not
  // in the table.
  Port* lookup(Term id) const;
  // Takes the port out of the table and frees it; its number comes back
  // (raised by the table size) after every number handed out before.
  void remove(Port* port);
  // Ports in table order (what erlang:ports/0 lists).
  std::vector<Port*> ports() const;
  Uint count() const { return count_; }
  Uint limit() const { return limit_; }
  // ERTS's table index of a port number (port_info id): ERTS spreads
  // consecutive numbers over cache lines, 8 slots a line.
  Uint index_of(Uint number) const;

 private:
  Uint limit_;
  Uint lines_;       // cache lines in the table
  int lines_bits_;   // log2(lines_)
  std::vector<std::unique_ptr<Port>> slots_;  // by table index, grown on demand
  Uint next_fresh_ = 0;                       // numbers 0..limit-1 not yet used
  std::deque<Uint> freed_;                    // numbers to reuse, oldest first
  Uint count_ = 0;
};

// Opens a port for `owner` as spec says: a table slot, then the driver.
// A driver that fails to start frees the slot (its number is used up, as in
// ERTS). On failure returns nullptr and sets *status.
Port* port_open(PortTable& table, const PortSpec& spec, Term owner, OpenStatus* status);

// Writes data to the port's driver, with the {packet, N} header first;
// counts the bytes. Returns 0, or the errno that fails the port (EINVAL for
// a packet too large for its header).
int port_output(Port& port, const uint8_t* data, size_t size);

}  // namespace girder
