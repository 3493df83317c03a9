// What ports do to processes, as ERTS's io.c: exit signals in and out,
// `Port ! Msg`, and output. Every port operation runs at once in the
// calling scheduler (ERTS schedules a port task only when the port is busy;
// Girder's fd output is synchronous, so a port is never busy).
#include <unistd.h>

#include <algorithm>
#include <string>

#include "bif/iolist.h"
#include "port/port.h"
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

}  // namespace

Port* vm_port_lookup(Term id_or_name) {
  Term id = is_atom(id_or_name) ? vm_whereis(id_or_name) : id_or_name;
  Port* port = is_value(id) ? vm_ports().lookup(id) : nullptr;
  return port && port->state == PortState::open ? port : nullptr;
}

bool vm_port_exit(Port* port, Term from, Term reason, bool send_closed, bool broken_link) {
  if (port->state != PortState::open) return false;
  if (broken_link) {
    auto it = std::find(port->links.begin(), port->links.end(), from);
    if (it == port->links.end()) return false;
    port->links.erase(it);
    if (reason == atom::normal && from != port->owner) return false;
  }
  if (is_value(port->registered_name)) vm_unregister(port->registered_name);
  port->state = PortState::closing;
  Term sent = reason == atom::kill ? atom::killed : reason;
  std::vector<Term> links = std::move(port->links);
  for (Term pid : links) vm_link_exit(port->id, pid, sent);
  port->driver->close(*port);
  Term id = port->id, owner = port->owner;
  vm_ports().remove(port);
  // after the port has left the table, as ERTS does
  if (send_closed) reply(id, owner, atom::closed);
  return true;
}

bool vm_port_command(Port* port, Term data) {
  Uint size;
  if (!iolist_size(data, &size)) {
    report_bad_output(*port);
    return false;
  }
  std::string bytes(size, '\0');
  iolist_copy(data, reinterpret_cast<uint8_t*>(bytes.data()));
  if (int err = port_output(*port, reinterpret_cast<const uint8_t*>(bytes.data()), size))
    vm_port_exit(port, port->id, atom_put(posix_error_name(err)), false, false);
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

}  // namespace girder
