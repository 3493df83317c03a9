// The driver interface: what a port does with the data it is given (ERTS:
// erl_drv_entry and the driver's per-port data). A Driver object belongs to
// one port; the port calls it, the runtime never does directly.
//
// Calls are synchronous for now. Input (a driver that reads its fd or a
// child's stdout and sends {Port, {data, ...}} to the owner) comes with the
// event loop of issue 4: it will add a readiness callback here and a way to
// hand messages to the runtime; open/command/control/close stay as they are.
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
  // (packet header). Returns 0, or the errno that makes the port exit with
  // the errno's name as reason (ERTS: driver_failure_posix).
  virtual int command(Port& port, const uint8_t* data, size_t size) = 0;
  // port_control/3: fills `reply` and returns 0, or -1 for badarg.
  virtual int control(Port& port, unsigned op, std::string_view data, std::string* reply) = 0;
  // The port is closing (ERTS: stop). Called once, before the port leaves
  // the table.
  virtual void close(Port& port) = 0;
};

// The fd driver: open_port({fd, In, Out}, Opts) (file descriptors the VM
// already has, e.g. stdin/stdout). It never closes them.
std::unique_ptr<Driver> make_fd_driver();

// The name ERTS gives an errno as an atom ("ebadf" for EBADF; "unknown" if
// the errno has no name).
std::string posix_error_name(int err);

}  // namespace girder
