// What a driver asks of the runtime (ERTS: driver_select, driver_output's
// delivery, the forker's exit status): watching file descriptors for
// readiness, reaping a child process, and handing a message to a process.
// The runtime's event loop implements it (runtime/io_loop.cpp); unit tests
// have a fake of their own. Every call is made with the port locked.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "term/heap.h"
#include "term/term.h"

namespace girder {

struct Port;
class Driver;

class PortHost {
 public:
  // Readiness a driver can wait for.
  static constexpr unsigned READ = 1;
  static constexpr unsigned WRITE = 2;

  virtual ~PortHost() = default;
  // Watch fd for `events` (READ | WRITE; 0 keeps it registered but quiet).
  // When it is ready, the runtime calls the port's driver (ready_input,
  // ready_output) on a scheduler thread with the port locked.
  virtual void select(Port& port, int fd, unsigned events) = 0;
  // Stop watching fd; the driver closes it afterwards. No readiness of fd
  // reaches the driver after this returns.
  virtual void deselect(Port& port, int fd) = 0;
  // The child process pid (pidfd: a pidfd of it, taken) is reaped when it
  // exits, even after the port has closed; while the port is open its
  // driver's child_exited is called with the wait status.
  virtual void watch_child(Port& port, int pid, int pidfd) = 0;
  // Delivers msg (built in frag, which is taken) to the process `to`.
  virtual void send(Port& port, Term to, Term msg, Heap* frag) = 0;
  // Opens a port driven by `driver` (ready to run: it needs no open) for
  // the process `owner`, linked to it, as a listening socket's driver makes
  // one per accepted connection (ERTS: driver_create_port). Called with
  // `parent` locked; the new port is set up under its own lock before
  // anyone can act on it. The new port's id, or THE_NON_VALUE when the
  // port table is full.
  virtual Term create_port(Port& parent, Term owner, std::unique_ptr<Driver> driver,
                           const std::string& name) = 0;
  // Whether pid is a live local process (a driver that waits on behalf of
  // processes looks before acting for one; ERTS drivers monitor them).
  virtual bool process_alive(Term pid) = 0;
  // The VM's environment ("NAME=value"), as os:getenv/1 sees it now: what
  // a spawned child starts from.
  virtual std::vector<std::string> environment() = 0;
};

}  // namespace girder
