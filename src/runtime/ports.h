// Ports in the running VM (runtime/ports.cpp, io_loop.cpp): the port
// table, finding and locking a port, what ports do to processes (exit
// signals, links, monitors, {Port, closed}) and the event loop that drives
// their I/O (design decision 11).
//
// Locking: a port is acted on only with its lock held (LockedPort), by one
// thread at a time; nobody holds two port locks. Under a port's lock the
// runtime may take the registry lock, the table lock and the event loop's
// locks, and post signals to processes; never the other way round.
#pragma once

#include <memory>
#include <mutex>

#include "port/port.h"
#include "process/process.h"

namespace girder {

// The VM's port table.
PortTable& vm_ports();

// A port that is open, locked for as long as the handle lives.
class LockedPort {
 public:
  LockedPort() = default;
  // Locks port; the handle is empty if the port is closing.
  explicit LockedPort(std::shared_ptr<Port> port);
  LockedPort(LockedPort&&) = default;
  // Unlocks before letting go: the port may be freed with its last holder.
  LockedPort& operator=(LockedPort&& o) noexcept {
    release();
    lock_ = std::move(o.lock_);
    port_ = std::move(o.port_);
    return *this;
  }
  ~LockedPort() { release(); }
  // Unlocks and lets go of the port.
  void release() {
    if (lock_.owns_lock()) lock_.unlock();
    port_.reset();
  }
  explicit operator bool() const { return port_ != nullptr; }
  Port* get() const { return port_.get(); }
  Port* operator->() const { return port_.get(); }
  Port& operator*() const { return *port_; }

 private:
  std::shared_ptr<Port> port_;
  std::unique_lock<std::mutex> lock_;
};

// The open port of a port term or of a registered name, locked; empty if
// there is none.
LockedPort vm_port_acquire(Term id_or_name);

// An exit signal to a port (ERTS: erts_deliver_port_exit). `from` sent it:
// a process, or the port itself when its driver failed. With broken_link
// it comes from a linked process that exited: the link goes, and reason
// normal from anyone but the owner is ignored. The port then sends reason
// (kill as killed) to every linked process and monitor, closes its driver
// and leaves the table; with send_closed the owner gets {Port, closed}
// last. False if the port ignored the signal.
bool vm_port_exit(Port* port, Term from, Term reason, bool send_closed, bool broken_link);
// `Port ! Msg` from process `from`: {Pid, {command, Data}}, {Pid, close}
// and {Pid, {connect, NewPid}} from the owner Pid; anything else makes the
// port send the exit signal badsig to its owner.
void vm_port_send(Process* from, Port* port, Term msg);
// Output of port_command/2,3 and {command, Data}: through the driver (a
// failing driver closes the port). False if data is not iodata.
bool vm_port_command(Port* port, Term data);
// After every call into a port's driver: a failure closes the port, and
// when the port is no longer busy the suspended port_commands go out.
void vm_port_after_driver(Port* port);

// A port for `owner`, linked to it, driven by a driver that is ready to
// run (a socket a listening port accepted: PortHost::create_port). Called
// with another port locked: the new port's lock is taken while it is set
// up, which cannot deadlock, since whoever else may lock the new port
// holds no other port lock. The port's id, or THE_NON_VALUE if the table
// is full. An owner that has exited answers the link with an exit signal,
// which closes the port.
Term vm_port_open_for(Term owner, std::unique_ptr<Driver> driver, const std::string& name);
// Monitors of ports (erlang:monitor(port, P)): p watches the open port; the
// port sends {'DOWN', Ref, port, Who, Reason} when it closes.
void vm_port_add_monitor(Port* port, const PortMonitor& m);
// p's monitor `ref` of port `id` is gone (demonitor, or p exited).
void vm_port_remove_monitor(Term id, const RefKey& ref);
// erlang:ports/0's order.
std::vector<Term> vm_port_ids();
// The VM halts: every port writes what it has queued.
void vm_ports_flush();

// ---- the event loop (runtime/io_loop.cpp) ---------------------------------------

// The PortHost that every port's driver waits through. Its I/O tasks run
// on the schedulers (vm_run_io_tasks, runtime/schedulers.h).
PortHost* vm_port_host();

}  // namespace girder
