// erts_debug:dirty_cpu/2 and dirty_io/2, which run on a dirty scheduler of
// their kind, and erts_debug:dirty/3, which runs on a normal one: ERTS's
// functions for testing the dirty schedulers. Operations:
//   (scheduler, type)      the kind of scheduler it runs on
//   (error, Reason)        raises notsup, undef, badarith, noproc,
//                          system_limit; badarg for anything else
//   (copy, Term)           1,000 copies of Term in a list
//   (send, Pid)            sends {ok, self()} to Pid
//   (wait, Ms)             takes Ms milliseconds (busy on dirty CPU)
//   (reschedule, N)        goes on with N - 2 until 0, switching kinds
//                          dirty CPU -> dirty I/O -> normal at every N
//                          divisible by 4; returns ok
//   (ready_wait6_done, Pid) sends {ready, self()}, waits 6 s, sends
//                          {done, self()}
#include <chrono>
#include <thread>

#include "bif/bif.h"
#include "gc/copy.h"
#include "process/vm_services.h"
#include "runtime/vm.h"

namespace girder {

namespace {

Term kind_atom(SchedKind k) {
  return k == SchedKind::dirty_cpu ? atom::dirty_cpu : k == SchedKind::dirty_io ? atom::dirty_io : atom::normal;
}

bool ms_wait(Term ms, bool busy) {
  if (!is_small(ms)) return false;
  Sint n = small_value(ms);
  uint64_t until = vm_monotonic_ns() + (n > 0 ? uint64_t(n) * 1000000u : 0);
  for (uint64_t now = vm_monotonic_ns(); now < until; now = vm_monotonic_ns()) {
    if (busy) {
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(std::chrono::nanoseconds(until - now));
    }
  }
  return true;
}

void send_tagged(Process* p, Term to, Term tag) { vm_send(p, to, make_tuple(p->heap, {tag, p->id})); }

Term dirty_test(Process* p, SchedKind type, Term op, Term arg);

Term dirty_cpu_2(Process* p, Term* a) { return dirty_test(p, SchedKind::dirty_cpu, a[0], a[1]); }
Term dirty_io_2(Process* p, Term* a) { return dirty_test(p, SchedKind::dirty_io, a[0], a[1]); }

Term dirty_test(Process* p, SchedKind type, Term op, Term arg) {
  Scheduler* s = sched_current();
  if (op == atom::scheduler) {
    if (arg != atom::type) return bif_badarg(p);
    return s ? kind_atom(s->kind) : atom::error;
  }
  if (op == atom::error) {
    if (arg == atom::notsup || arg == atom::undef || arg == atom::badarith || arg == atom::noproc ||
        arg == atom::system_limit)
      return bif_error(p, arg);
    return bif_badarg(p);
  }
  if (op == atom::copy) {
    Term list = NIL;
    for (int i = 0; i < 1000; i++) list = make_cons(p->heap, copy_term(arg, p->heap), list);
    return list;
  }
  if (op == atom::send) {
    send_tagged(p, arg, atom::ok);
    return atom::ok;
  }
  if (op == atom::wait) return ms_wait(arg, type == SchedKind::dirty_cpu) ? atom::ok : bif_badarg(p);
  if (op == atom::reschedule) {
    if (!is_small(arg) || small_value(arg) < 0) return bif_badarg(p);
    Sint n = small_value(arg);
    if (n == 0) return atom::ok;
    SchedKind next = type;
    if (n % 4 == 0)
      next = type == SchedKind::dirty_cpu ? SchedKind::dirty_io
             : type == SchedKind::dirty_io ? SchedKind::normal
                                           : SchedKind::dirty_cpu;
    Term rest = make_small(n - 2);
    if (next == SchedKind::dirty_cpu) return bif_dirty(p, next, erts_debug_dirty_cpu_2, {op, rest});
    if (next == SchedKind::dirty_io) return bif_dirty(p, next, erts_debug_dirty_io_2, {op, rest});
    static Export* normal = export_put(atom::erts_debug, atom::dirty, 3);
    return bif_trap(p, normal, {atom::normal, op, rest});
  }
  if (op == atom::ready_wait6_done) {
    send_tagged(p, arg, atom::ready);
    ms_wait(make_small(6000), false);
    send_tagged(p, arg, atom::done);
    return atom::ok;
  }
  return bif_badarg(p);
}

}  // namespace

Term erts_debug_dirty_cpu_2(Process* p, Term* a) {
  Scheduler* s = sched_current();
  if (s && s->kind == SchedKind::dirty_cpu) return dirty_cpu_2(p, a);
  // the BIF itself runs there, and names the stack frame of its errors
  return bif_dirty(p, SchedKind::dirty_cpu, erts_debug_dirty_cpu_2, {a[0], a[1]});
}

Term erts_debug_dirty_io_2(Process* p, Term* a) {
  Scheduler* s = sched_current();
  if (s && s->kind == SchedKind::dirty_io) return dirty_io_2(p, a);
  return bif_dirty(p, SchedKind::dirty_io, erts_debug_dirty_io_2, {a[0], a[1]});
}

Term erts_debug_dirty_3(Process* p, Term* a) {
  if (a[0] == atom::normal) return dirty_test(p, SchedKind::normal, a[1], a[2]);
  if (a[0] == atom::dirty_cpu) return bif_dirty(p, SchedKind::dirty_cpu, erts_debug_dirty_cpu_2, {a[1], a[2]});
  if (a[0] == atom::dirty_io) return bif_dirty(p, SchedKind::dirty_io, erts_debug_dirty_io_2, {a[1], a[2]});
  return bif_badarg(p);
}

}  // namespace girder
