// The driver interface: what a port does with the data it is given (ERTS:
// erl_drv_entry and the driver's per-port data). A Driver object belongs to
// one port; the port calls it, the runtime never does directly.
//
// Every call is made with the port locked (Port::lock). A driver waits for
// its file descriptors through the port's PortHost (port/port_host.h): the
// runtime's event loop calls ready_input / ready_output when they are
// ready, and child_exited when a child it started exits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace girder {

struct Port;
struct PortSpec;

// How open_port/2 failed in the driver (ERTS: the ERL_DRV_ERROR_* results of
// a driver's start), or ok.
struct OpenStatus {
  enum Kind : uint8_t {
    ok,
    general,       // einval
    posix,         // the errno in `err`, as its atom (enoent, emfile, ...)
    badarg,        // badarg
    system_limit,  // the port table is full
    not_supported  // a driver Girder does not have yet (enotsup)
  };
  Kind kind = ok;
  int err = 0;
};

class Driver {
 public:
  virtual ~Driver() = default;
  Driver() = default;
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // The driver's name (erlang:port_info/2 does not show it; crash dumps do).
  virtual const char* name() const = 0;
  // Starts the driver for `port` from the parsed open_port/2 arguments.
  virtual OpenStatus open(Port& port, const PortSpec& spec) = 0;
  // Output of port_command/2,3 and {Pid, {command, Data}}, already framed
  // (packet header). Written at once or queued (Port::queue); a failure is
  // reported with port_fail.
  virtual void command(Port& port, const uint8_t* data, size_t size) = 0;
  // port_control/3: fills `reply` and returns 0, or -1 for badarg.
  virtual int control(Port& port, unsigned op, std::string_view data, std::string* reply) = 0;
  // The port is closing (ERTS: stop). Called once, before the port leaves
  // the table: the driver deselects and closes what it owns.
  virtual void close(Port& port) = 0;
  // fd, selected for reading or writing (PortHost::select), is ready.
  virtual void ready_input(Port&, int /*fd*/) {}
  virtual void ready_output(Port&, int /*fd*/) {}
  // The child watched with PortHost::watch_child exited (a wait status).
  virtual void child_exited(Port&, int /*wait_status*/) {}
  // The VM halts: write what is queued, waiting as long as it takes (ERTS
  // flushes ports at halt).
  virtual void flush(Port&) {}
  // port_info(P, locking): ERTS locks the spawn driver per port and the
  // others per driver.
  virtual bool port_level_locking() const { return false; }
  // Whether a long output queue makes the port busy (port_update_busy);
  // tty_sl's never does, so that user_drv never waits on it. A driver that
  // answers false may set Port::busy itself (the inet drivers do, by their
  // watermarks).
  virtual bool marks_busy() const { return true; }
  // Whether port_command(P, D, [force]) may give the driver output while
  // the port is busy (ERTS: ERL_DRV_FLAG_SOFT_BUSY; tcp_inet has it).
  virtual bool soft_busy() const { return false; }
};

// The fd driver: open_port({fd, In, Out}, Opts) (file descriptors the VM
// already has, e.g. stdin/stdout). It never closes them.
std::unique_ptr<Driver> make_fd_driver();
// The spawn driver: open_port({spawn, Command}, Opts) runs Command with
// /bin/sh, open_port({spawn_executable, File}, Opts) runs File; the
// child's stdin and stdout (or fds 3 and 4) are pipes to the port.
std::unique_ptr<Driver> make_spawn_driver();
// The vanilla driver: open_port(File, Opts) with File an atom or string
// opens that file (created if it is written) and reads or writes it.
std::unique_ptr<Driver> make_vanilla_driver();
// The tty_sl driver (port/tty_sl_driver.cpp): OTP's user_drv's terminal.
std::unique_ptr<Driver> make_tty_sl_driver();
// The inet drivers (port/inet_driver.h): TCP and UDP sockets for prim_inet.
std::unique_ptr<Driver> make_tcp_inet_driver();
std::unique_ptr<Driver> make_udp_inet_driver();
// A driver that ERTS links into the VM, by name ("tty_sl"), or nullptr if
// there is none by that name. Girder's are tty_sl, tcp_inet and udp_inet.
std::unique_ptr<Driver> make_named_driver(std::string_view name);
// True if ERTS has a driver by that name (tcp_inet, tty_sl, ...), whether
// Girder has it yet or not: {spawn, "tcp_inet"} names the driver, not a
// program.
bool is_erts_driver_name(std::string_view name);

// The name ERTS gives an errno as an atom ("ebadf" for EBADF; "unknown" if
// the errno has no name).
std::string posix_error_name(int err);

}  // namespace girder
