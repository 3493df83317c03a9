// What ports do to processes, as ERTS's io.c: exit signals in and out,
// links and monitors, `Port ! Msg`, output. A port operation runs at once
// on the calling scheduler with the port locked (ERTS schedules a port task
// only when the port lock is taken; here the caller waits for the lock).
// Output that the driver cannot write at once waits in the port's queue for
// the event loop (runtime/io_loop.cpp); while the queue is long the port is
// busy, and port_command/2,3 callers wait until it has drained.
#include "runtime/ports.h"

#include <unistd.h>

#include <algorithm>
#include <string>

#include "bif/iolist.h"
#include "process/vm_services.h"
#include "runtime/vm.h"
#include "term/atom_table.h"

namespace girder {

namespace {

// ERTS logs this (to the logger) when a port is given data that is not
// iodata; Girder has no logger in direct mode and writes it to stderr.
void report_bad_output(const Port& port) {
  std::string s = "=ERROR REPORT==== Bad value on output port '" + port.name + "'\n\n";
  ssize_t r = write(2, s.data(), s.size());
  (void)r;
}

// The port's answer to a message it does not take: exit signal badsig to
// its owner (which dies of it unless it traps exits).
void send_badsig(Port* port) { vm_exit_signal(port->id, port->owner, atom::badsig); }

// Sends {Port, What} to pid.
void reply(Term port_id, Term pid, Term what) {
  Heap tmp;
  vm_send(nullptr, pid, make_tuple(tmp, {port_id, what}));
}

// {Ref, Result} to a process waiting in erlang.erl's receive.
void answer(Term pid, const RefKey& ref, Term result) {
  auto* h = new Heap;
  vm_deliver_fragment(pid, make_tuple(*h, {ref.to_term(*h), result}), h);
}

// The port closes: monitors fire after the links' exit signals (os:cmd/2
// relies on that order).
void fire_monitors(Port* port, Term reason) {
  std::vector<PortMonitor> monitors = std::move(port->monitors);
  for (const PortMonitor& m : monitors) {
    Message* s = vm_make_signal(SigKind::down, port->id, reason);
    s->ref = m.ref;
    vm_post(m.pid, s);
  }
}

// Sends the suspended port_commands' data now that the port is not busy.
void resume_suspended(Port* port) {
  while (!port->busy && !port->suspended.empty() && !is_value(port->failure)) {
    SuspendedCommand c = std::move(port->suspended.front());
    port->suspended.erase(port->suspended.begin());
    port->caller = c.pid;
    port_output(*port, reinterpret_cast<const uint8_t*>(c.data.data()), c.data.size());
    answer(c.pid, c.ref, atom::am_true);
  }
}

}  // namespace

LockedPort::LockedPort(std::shared_ptr<Port> port) {
  if (!port) return;
  std::unique_lock<std::mutex> lk(port->lock);
  if (port->state.load() != PortState::open) return;
  port_ = std::move(port);
  lock_ = std::move(lk);
}

LockedPort vm_port_acquire(Term id_or_name) {
  Term id = is_atom(id_or_name) ? vm_whereis(id_or_name) : id_or_name;
  if (!is_value(id) || !is_local_port(id)) return LockedPort();
  return LockedPort(vm_ports().lookup(id));
}

bool vm_port_exit(Port* port, Term from, Term reason, bool send_closed, bool broken_link) {
  if (port->state.load() != PortState::open) return false;
  if (broken_link) {
    auto it = std::find(port->links.begin(), port->links.end(), from);
    if (it == port->links.end()) return false;
    port->links.erase(it);
    if (reason == atom::normal && from != port->owner) return false;
  }
  port->state.store(PortState::closing);
  vm_unregister_port(port);
  Term sent = reason == atom::kill ? atom::killed : reason;
  std::vector<Term> links = std::move(port->links);
  for (Term pid : links) vm_link_exit(port->id, pid, sent);
  fire_monitors(port, sent);
  // callers waiting for a busy port find it gone (ERTS: badarg on retry)
  for (const SuspendedCommand& c : port->suspended) answer(c.pid, c.ref, atom::badarg);
  port->suspended.clear();
  port->driver->close(*port);
  Term id = port->id, owner = port->owner;
  vm_ports().remove(port);
  // after the port has left the table, as ERTS does
  if (send_closed) reply(id, owner, atom::closed);
  return true;
}

void vm_port_after_driver(Port* port) {
  if (port->state.load() != PortState::open) return;
  if (!port->busy && !port->suspended.empty()) resume_suspended(port);
  if (is_value(port->failure)) vm_port_exit(port, port->id, port->failure, false, false);
}

bool vm_port_command(Port* port, Term data) {
  Uint size;
  if (!iolist_size(data, &size)) {
    report_bad_output(*port);
    return false;
  }
  std::string bytes(size, '\0');
  iolist_copy(data, reinterpret_cast<uint8_t*>(bytes.data()));
  port_output(*port, reinterpret_cast<const uint8_t*>(bytes.data()), size);
  vm_port_after_driver(port);
  return true;
}

void vm_port_send(Process* from, Port* port, Term msg) {
  (void)from;  // the pid inside the message is what counts
  if (!is_tuple(msg) || tuple_arity(msg) != 2 || !is_local_pid(tuple_elem(msg, 1)))
    return send_badsig(port);
  Term pid = tuple_elem(msg, 1), op = tuple_elem(msg, 2);
  if (op == atom::close) {
    if (pid != port->owner) return send_badsig(port);
    vm_port_exit(port, pid, atom::normal, true, false);
    return;
  }
  if (!is_tuple(op) || tuple_arity(op) != 2) return send_badsig(port);
  Term kind = tuple_elem(op, 1), arg = tuple_elem(op, 2);
  if (kind == atom::command) {
    Uint size;
    if (!iolist_size(arg, &size)) {
      report_bad_output(*port);
      return send_badsig(port);
    }
    if (pid != port->owner) return send_badsig(port);
    // a busy port takes it anyway: ERTS would suspend the sender
    port->caller = pid;
    vm_port_command(port, arg);
  } else if (kind == atom::connect) {
    // the new owner is not linked (port_connect/2 links it)
    if (!is_local_pid(arg) || pid != port->owner) return send_badsig(port);
    port->owner = arg;
    reply(port->id, pid, atom::connected);
  } else {
    send_badsig(port);
  }
}

Term vm_port_open_for(Term owner, std::unique_ptr<Driver> driver, const std::string& name) {
  std::shared_ptr<Port> port = vm_ports().create();
  if (!port) return THE_NON_VALUE;
  std::lock_guard<std::mutex> g(port->lock);
  port->owner = owner;
  port->host = vm_port_host();
  port->name = name;
  port->binary = false;  // as ERTS's driver_create_port: not opened with `binary`
  port->driver = std::move(driver);
  port->links.push_back(owner);
  vm_post(owner, vm_make_signal(SigKind::link, port->id, THE_NON_VALUE));
  return port->id;
}

void vm_port_add_monitor(Port* port, const PortMonitor& m) { port->monitors.push_back(m); }

void vm_port_remove_monitor(Term id, const RefKey& ref) {
  LockedPort port = vm_port_acquire(id);
  if (!port) return;
  auto& ms = port->monitors;
  ms.erase(std::remove_if(ms.begin(), ms.end(), [&](const PortMonitor& m) { return m.ref == ref; }),
           ms.end());
}

std::vector<Term> vm_port_ids() {
  std::vector<Term> ids;
  for (const auto& port : vm_ports().ports())
    if (port->state.load() == PortState::open) ids.push_back(port->id);
  return ids;
}

void vm_ports_flush() {
  for (const auto& p : vm_ports().ports()) {
    LockedPort port(p);
    if (port && !port->queue.empty()) port->driver->flush(*port);
  }
}

}  // namespace girder
