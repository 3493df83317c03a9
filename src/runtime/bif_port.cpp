// The port BIFs, as ERTS 25 has them: erts_internal:open_port/2,
// port_command/3, port_close/1, port_connect/2, port_control/3, port_call/3,
// port_info/1,2 answer an atom for an error (badarg, badopt, badtype,
// notsup, an errno), and erlang.erl's wrappers (erlang:open_port/2,
// port_command/2,3, ...) raise it with error_info. port_command/3 answers a
// reference when the port is busy: erlang.erl then waits for {Ref, Result}.
// erlang:ports/0 is a BIF.
#include <algorithm>
#include <climits>
#include <string>

#include "bif/bif.h"
#include "bif/iolist.h"
#include "runtime/ports.h"
#include "runtime/vm.h"
#include "term/bignum.h"
#include "term/code_refs.h"

namespace girder {

namespace {

Term open_error(const OpenStatus& st) {
  switch (st.kind) {
    case OpenStatus::posix: return atom_put(posix_error_name(st.err));
    case OpenStatus::badarg: return atom::badarg;
    case OpenStatus::system_limit: return atom::system_limit;
    case OpenStatus::not_supported: return atom::enotsup;
    default: return atom::einval;
  }
}

// An external port of this node (an old incarnation's) names no port:
// port_info answers undefined for it.
bool is_own_external_port(Term t) {
  return is_port(t) && !is_local_port(t) &&
         reinterpret_cast<const ExternalThing*>(boxed_ptr(t))->node == this_node();
}

// One port_info item, {Item, Value} (registered_name of an unregistered
// port is []); THE_NON_VALUE for an item ports do not have.
Term port_info_item(Heap& h, const Port& port, Term item) {
  Term v;
  if (item == atom::id) {
    v = make_small(Sint(vm_ports().index_of(local_port_data(port.id))));
  } else if (item == atom::name) {
    v = make_string_list(h, port.name.c_str());
  } else if (item == atom::links) {
    v = make_list_from(h, port.links.data(), port.links.size());
  } else if (item == atom::connected) {
    v = port.owner;
  } else if (item == atom::input) {
    v = make_uinteger(h, port.bytes_in);
  } else if (item == atom::output) {
    v = make_uinteger(h, port.bytes_out);
  } else if (item == atom::os_pid) {
    v = port.os_pid < 0 ? atom::undefined : make_small(port.os_pid);
  } else if (item == atom::registered_name) {
    Term name = vm_port_registered_name(&port);
    if (!is_value(name)) return NIL;
    v = name;
  } else if (item == atom::memory) {
    // Girder's own bookkeeping for the port (ERTS counts its structures)
    v = make_uinteger(h, sizeof(Port) + port.name.capacity() + port.links.capacity() * sizeof(Term) +
                             port.queue.memory());
  } else if (item == atom::monitors) {
    v = NIL;  // ports monitor nobody (only drivers could make them)
  } else if (item == atom::monitored_by) {
    std::vector<Term> pids;
    for (const PortMonitor& m : port.monitors) pids.push_back(m.pid);
    v = make_list_from(h, pids.data(), pids.size());
  } else if (item == atom::parallelism) {
    v = port.parallelism ? atom::am_true : atom::am_false;
  } else if (item == atom::queue_size) {
    v = make_uinteger(h, port.queue.size());
  } else if (item == atom::locking) {
    v = port.driver->port_level_locking() ? atom::port_level : atom::driver_level;
  } else {
    return THE_NON_VALUE;
  }
  return make_tuple(h, {item, v});
}

// A port operation may have sent the caller an exit signal (the port
// failed and the caller is linked to it): as ERTS, the caller acts on it
// before the BIF returns, so it dies here if the signal kills it.
Term handled_signals(Process* p, Term result) {
  if (!p->mbox.has_pending_outer()) return result;
  p->mbox.fetch();
  if (!p->pending_exit) return result;
  p->status = ProcStatus::exiting;
  return THE_NON_VALUE;
}

}  // namespace

Term erts_internal_open_port_2(Process* p, Term* a) {
  PortSpec spec;
  switch (parse_open_port(a[0], a[1], &spec)) {
    case ParseResult::badopt: return atom::badopt;
    case ParseResult::badarg: return atom::badarg;
    case ParseResult::ok: break;
  }
  OpenStatus st;
  std::unique_lock<std::mutex> guard;
  std::shared_ptr<Port> port = port_open(vm_ports(), vm_port_host(), spec, p->id, &st, &guard);
  if (!port) return open_error(st);
  // the owner is linked before anything the port does can reach it
  p->links.push_back(port->id);
  port->links.push_back(p->id);
  Term id = port->id;
  vm_port_after_driver(port.get());
  return id;
}

Term erts_internal_port_command_3(Process* p, Term* a) {
  bool force = false, nosuspend = false;
  Term l = a[2];
  for (; is_list(l); l = cdr(l)) {
    if (car(l) == atom::force) force = true;
    else if (car(l) == atom::nosuspend) nosuspend = true;
    else return atom::badopt;
  }
  if (l != NIL) return atom::badopt;
  LockedPort port = vm_port_acquire(a[0]);
  if (!port) return atom::badarg;
  // force needs a driver that takes output while busy (ERTS's soft busy:
  // tcp_inet); the fd and spawn drivers do not
  if (force && !port->driver->soft_busy()) return atom::notsup;
  port->caller = p->id;
  Uint size;
  if (!iolist_size(a[1], &size)) return vm_port_command(port.get(), a[1]) ? atom::am_true : atom::badarg;
  if (!force && (port->busy || !port->suspended.empty())) {
    if (nosuspend) return atom::am_false;
    // the caller waits for {Ref, true} until the queue has drained
    SuspendedCommand c;
    c.pid = p->id;
    Term ref = vm_make_ref(p->heap);
    c.ref = RefKey::of(ref);
    c.data.resize(size);
    iolist_copy(a[1], reinterpret_cast<uint8_t*>(c.data.data()));
    port->suspended.push_back(std::move(c));
    return ref;
  }
  vm_port_command(port.get(), a[1]);
  port.release();
  return handled_signals(p, atom::am_true);
}

Term erts_internal_port_close_1(Process* p, Term* a) {
  LockedPort port = vm_port_acquire(a[0]);
  if (!port) return atom::badarg;
  vm_port_exit(port.get(), p->id, atom::normal, false, false);
  port.release();
  return handled_signals(p, atom::am_true);
}

Term erts_internal_port_connect_2(Process* p, Term* a) {
  LockedPort port = vm_port_acquire(a[0]);
  Process* q = vm_lookup(a[1]);
  if (!port || !q) return atom::badarg;
  // the port links to the new owner (only the owner changes its own links)
  if (std::find(port->links.begin(), port->links.end(), q->id) == port->links.end()) {
    port->links.push_back(q->id);
    vm_post(q->id, vm_make_signal(SigKind::link, port->id, THE_NON_VALUE));
  }
  port->owner = q->id;
  return atom::am_true;
}

Term erts_internal_port_control_3(Process* p, Term* a) {
  LockedPort port = vm_port_acquire(a[0]);
  Uint op;
  Uint size;
  if (!port || !is_integer(a[1]) || !int_to_uint(a[1], &op) || op > UINT_MAX ||
      !iolist_size(a[2], &size))
    return atom::badarg;
  std::string in(size, '\0'), out;
  iolist_copy(a[2], reinterpret_cast<uint8_t*>(in.data()));
  port->caller = p->id;
  int r = port->driver->control(*port, unsigned(op), in, &out);
  vm_port_after_driver(port.get());
  port.release();
  if (r < 0) return atom::badarg;
  return handled_signals(p, make_byte_list(p->heap, reinterpret_cast<const uint8_t*>(out.data()), out.size()));
}

// None of Girder's drivers has a call callback: ERTS answers badarg.
Term erts_internal_port_call_3(Process*, Term*) { return atom::badarg; }

Term erts_internal_port_info_1(Process* p, Term* a) {
  if (!is_local_port(a[0]) && !is_atom(a[0]))
    return is_own_external_port(a[0]) ? atom::undefined : atom::badarg;
  LockedPort port = vm_port_acquire(a[0]);
  if (!port) return atom::undefined;
  static constexpr Term order[] = {atom::name,      atom::links,  atom::id,    atom::connected,
                                   atom::input,     atom::output, atom::os_pid};
  Term out[8];
  Uint n = 0;
  if (is_value(vm_port_registered_name(port.get())))
    out[n++] = port_info_item(p->heap, *port, atom::registered_name);
  for (Term item : order) out[n++] = port_info_item(p->heap, *port, item);
  return make_list_from(p->heap, out, n);
}

Term erts_internal_port_info_2(Process* p, Term* a) {
  if (!is_local_port(a[0]) && !is_atom(a[0]))
    return is_own_external_port(a[0]) ? atom::undefined : atom::badtype;
  LockedPort port = vm_port_acquire(a[0]);
  if (!port) return atom::undefined;
  Term r = port_info_item(p->heap, *port, a[1]);
  return is_value(r) ? r : atom::badarg;
}

Term erlang_ports_0(Process* p, Term*) {
  std::vector<Term> ids = vm_port_ids();
  return make_list_from(p->heap, ids.data(), ids.size());
}

}  // namespace girder
