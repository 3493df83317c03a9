// BIFs on processes: spawn, send, registry, dictionary, links, monitors,
// exceptions, process_info/process_flag.
#include <algorithm>

#include "bif/bif.h"
#include "code/module.h"
#include "gc/copy.h"
#include "gc/gc.h"
#include "interp/exception.h"
#include "process/vm_services.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/compare.h"

namespace girder {

namespace {

Term do_spawn(Process* p, Term m, Term f, Term a, SpawnOptions& opts) {
  if (!is_atom(m) || !is_atom(f) || list_length(a) < 0) return bif_badarg(p);
  Process* c = vm_spawn(p, m, f, a, opts);
  if (!c) return bif_system_limit(p);
  if (opts.monitor) return make_tuple(p->heap, {c->id, opts.monitor_ref});
  return c->id;
}

// Exception that kills the calling process at once (the BIF traps out).
Term exit_self(Process* p, Term reason) {
  p->exit_reason = reason;
  p->exc_class = THE_NON_VALUE;
  p->status = ProcStatus::exiting;
  return THE_NON_VALUE;
}

}  // namespace

Term erlang_self_0(Process* p, Term*) { return p->id; }

Term erlang_spawn_3(Process* p, Term* a) {
  SpawnOptions o;
  return do_spawn(p, a[0], a[1], a[2], o);
}

Term erlang_spawn_link_3(Process* p, Term* a) {
  SpawnOptions o;
  o.link = true;
  return do_spawn(p, a[0], a[1], a[2], o);
}

Term erlang_spawn_opt_4(Process* p, Term* a) {
  SpawnOptions o;
  if (!parse_spawn_options(a[3], &o)) return bif_badarg_cause(p, atom::badopt);
  return do_spawn(p, a[0], a[1], a[2], o);
}

Term erlang_send_2(Process* p, Term* a) {
  if (!vm_send(p, a[0], a[1])) return bif_badarg(p);
  return a[1];
}
Term erlang_bang_2(Process* p, Term* a) { return erlang_send_2(p, a); }
// send(Dest, Msg, Options): noconnect and nosuspend change nothing locally
// (no connections, no busy ports yet); any other option is badarg, checked
// before sending.
Term erlang_send_3(Process* p, Term* a) {
  Term l = a[2];
  for (; is_list(l); l = cdr(l))
    if (car(l) != atom::noconnect && car(l) != atom::nosuspend) return bif_badarg_cause(p, atom::badopt);
  if (l != NIL) return bif_badarg_cause(p, atom::badopt);
  if (!vm_send(p, a[0], a[1])) return bif_badarg(p);
  return atom::ok;
}

Term erlang_make_ref_0(Process* p, Term*) { return vm_make_ref(p->heap); }

// ---- process dictionary (a list of {Key, Value}, newest first) -------------

namespace {
Term dict_find(Term dict, Term key) {
  for (Term l = dict; is_list(l); l = cdr(l)) {
    Term kv = car(l);
    if (eq_exact(tuple_elem(kv, 1), key)) return kv;
  }
  return THE_NON_VALUE;
}
Term dict_without(Process* p, Term dict, Term key) {
  std::vector<Term> keep;
  for (Term l = dict; is_list(l); l = cdr(l))
    if (!eq_exact(tuple_elem(car(l), 1), key)) keep.push_back(car(l));
  return make_list_from(p->heap, keep.data(), keep.size());
}
}  // namespace

Term erlang_put_2(Process* p, Term* a) {
  Term key = a[0], val = a[1];
  Term old = dict_find(p->dictionary, key);
  Term prev = atom::undefined;
  if (is_value(old)) {
    prev = tuple_elem(old, 2);
    // replace in place keeps the order ERTS's get/0 shows for updates
    std::vector<Term> items;
    for (Term l = p->dictionary; is_list(l); l = cdr(l)) {
      Term kv = car(l);
      items.push_back(eq_exact(tuple_elem(kv, 1), key) ? make_tuple(p->heap, {key, val}) : kv);
    }
    p->dictionary = make_list_from(p->heap, items.data(), items.size());
  } else {
    p->dictionary = make_cons(p->heap, make_tuple(p->heap, {key, val}), p->dictionary);
  }
  return prev;
}

Term erlang_get_1(Process* p, Term* a) {
  Term kv = dict_find(p->dictionary, a[0]);
  return is_value(kv) ? tuple_elem(kv, 2) : atom::undefined;
}

Term erlang_get_0(Process* p, Term*) {
  // a fresh list: callers may not share the dictionary's cells
  std::vector<Term> items;
  for (Term l = p->dictionary; is_list(l); l = cdr(l)) items.push_back(car(l));
  return make_list_from(p->heap, items.data(), items.size());
}

Term erlang_erase_1(Process* p, Term* a) {
  Term kv = dict_find(p->dictionary, a[0]);
  if (!is_value(kv)) return atom::undefined;
  p->dictionary = dict_without(p, p->dictionary, a[0]);
  return tuple_elem(kv, 2);
}

Term erlang_erase_0(Process* p, Term* a) {
  Term all = erlang_get_0(p, a);
  p->dictionary = NIL;
  return all;
}

Term erlang_get_keys_0(Process* p, Term*) {
  std::vector<Term> keys;
  for (Term l = p->dictionary; is_list(l); l = cdr(l)) keys.push_back(tuple_elem(car(l), 1));
  return make_list_from(p->heap, keys.data(), keys.size());
}

Term erlang_get_keys_1(Process* p, Term* a) {
  std::vector<Term> keys;
  for (Term l = p->dictionary; is_list(l); l = cdr(l))
    if (eq_exact(tuple_elem(car(l), 2), a[0])) keys.push_back(tuple_elem(car(l), 1));
  return make_list_from(p->heap, keys.data(), keys.size());
}

// ---- registry ---------------------------------------------------------------

Term erlang_register_2(Process* p, Term* a) {
  Term name = a[0];
  if (!is_atom(name) || name == atom::undefined) return bif_badarg(p);
  if (!vm_register(name, a[1])) return bif_badarg(p);
  return atom::am_true;
}

Term erlang_unregister_1(Process* p, Term* a) {
  if (!is_atom(a[0]) || !vm_unregister(a[0])) return bif_badarg(p);
  return atom::am_true;
}

Term erlang_whereis_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  Term pid = vm_whereis(a[0]);
  return is_value(pid) ? pid : atom::undefined;
}

Term erlang_registered_0(Process* p, Term*) {
  std::vector<Term> names = vm_registered();
  return make_list_from(p->heap, names.data(), names.size());
}

Term erlang_group_leader_0(Process* p, Term*) {
  return is_value(p->group_leader) ? p->group_leader : p->id;
}

// erts_internal:group_leader/2 (erlang:group_leader/2 calls it): sets the
// caller's own group leader at once (true); for another process it answers
// false, and erlang.erl sends the change as a signal with group_leader/3.
// A bad argument is answered with the atom badarg, which erlang.erl raises.
Term erts_internal_group_leader_2(Process* p, Term* a) {
  if (!is_pid(a[0]) || !is_pid(a[1])) return atom::badarg;
  if (a[1] != p->id) return is_local_pid(a[1]) ? atom::am_false : atom::badarg;
  p->group_leader = a[0];
  return atom::am_true;
}

namespace {
// The group leader change as the target handles it: {Ref, true}, or
// {Ref, badarg} when the target is gone.
void set_group_leader(Process* q, Message* req) {
  Term gl = req->term;
  if (q && q->status != ProcStatus::exiting && !q->pending_exit) {
    q->group_leader = is_immed(gl) ? gl : copy_term(gl, q->heap);
    vm_rpc_reply(req, atom::am_true);
  } else {
    vm_rpc_reply(req, atom::badarg);
  }
}
}  // namespace

// erts_internal:group_leader(GL, Pid, Ref): the signal; erlang.erl waits
// for {Ref, Answer}.
Term erts_internal_group_leader_3(Process* p, Term* a) {
  if (!is_pid(a[0]) || !is_local_pid(a[1]) || !is_ref(a[2])) return bif_badarg(p);
  Message* s = vm_make_signal(SigKind::rpc, p->id, a[0]);
  s->ref = RefKey::of(a[2]);
  s->rpc = set_group_leader;
  vm_post(a[1], s);
  return atom::ok;
}

// ---- exceptions ---------------------------------------------------------------

Term erlang_exit_1(Process* p, Term* a) {
  bif_exit(p, a[0]);
  p->exc_flags = EXC_NO_BIF_FRAME;
  return THE_NON_VALUE;
}

Term erlang_exit_2(Process* p, Term* a) {
  Term to = a[0], reason = a[1];
  if (!is_pid(to) && !is_port(to)) return bif_badarg(p);
  if (to == p->id) {
    if (reason == atom::normal && !p->trap_exit) return exit_self(p, atom::normal);
    if (reason == atom::kill) return exit_self(p, atom::killed);
    if (p->trap_exit) {
      vm_exit_signal(p->id, to, reason);
      return atom::am_true;
    }
    return exit_self(p, reason);
  }
  vm_exit_signal(p->id, to, reason);
  return atom::am_true;
}

Term erlang_error_1(Process* p, Term* a) {
  bif_error(p, a[0]);
  p->exc_flags = EXC_NO_BIF_FRAME;
  return THE_NON_VALUE;
}

Term erlang_error_2(Process* p, Term* a) {
  bif_error(p, a[0]);
  p->exc_flags = EXC_NO_BIF_FRAME;
  if (a[1] != atom::none) {
    p->exc_flags |= EXC_ARGS;
    p->exc_args = a[1];
  }
  return THE_NON_VALUE;
}

Term erlang_error_3(Process* p, Term* a) {
  erlang_error_2(p, a);
  // error_info option: [{error_info, Map}] is appended to the location
  for (Term l = a[2]; is_list(l); l = cdr(l)) {
    Term o = car(l);
    if (is_tuple(o) && tuple_arity(o) == 2 && tuple_elem(o, 1) == atom::error_info)
      p->exc_info = o;
  }
  return THE_NON_VALUE;
}

Term erlang_throw_1(Process* p, Term* a) {
  bif_throw(p, a[0]);
  p->exc_flags = EXC_NO_BIF_FRAME;
  return THE_NON_VALUE;
}

Term erlang_raise_3(Process* p, Term* a) {
  Term cls = a[0];
  // ERTS returns badarg (the atom) for a bad class or trace: it does not raise
  if (cls != atom::error && cls != atom::exit && cls != atom::throw_) return atom::badarg;
  // the stack trace must be a list of {M,F,A,Loc} / {Fun,A,Loc}
  Sint n = list_length(a[2]);
  if (n < 0) return atom::badarg;
  for (Term l = a[2]; is_list(l); l = cdr(l)) {
    Term fr = car(l);
    if (!is_tuple(fr) || (tuple_arity(fr) != 4 && tuple_arity(fr) != 3)) return atom::badarg;
  }
  p->exc_class = cls;
  p->exc_reason = a[1];
  p->exc_info = THE_NON_VALUE;
  p->exc_flags = EXC_TRACE_GIVEN;
  p->exc_args = a[2];
  return THE_NON_VALUE;
}

Term erlang_nif_error_1(Process* p, Term* a) {
  bif_error(p, a[0]);
  p->exc_flags = EXC_NO_BIF_FRAME;
  return THE_NON_VALUE;
}
Term erlang_nif_error_2(Process* p, Term* a) {
  bif_error(p, a[0]);
  p->exc_flags = EXC_NO_BIF_FRAME | EXC_ARGS;
  p->exc_args = a[1];
  return THE_NON_VALUE;
}

// ---- links and monitors -------------------------------------------------------

Term erlang_link_1(Process* p, Term* a) {
  if (!is_pid(a[0]) && !is_port(a[0])) return bif_badarg(p);
  if (!vm_link(p, a[0])) {
    if (p->trap_exit) {
      // linking to a dead process delivers {'EXIT', Pid, noproc}
      vm_send(p, p->id, make_tuple(p->heap, {atom::EXIT, a[0], atom::noproc}));
      return atom::am_true;
    }
    return bif_error(p, atom::noproc);
  }
  return atom::am_true;
}

Term erlang_unlink_1(Process* p, Term* a) {
  if (!is_pid(a[0]) && !is_port(a[0])) return bif_badarg(p);
  vm_unlink(p, a[0]);
  return atom::am_true;
}

namespace {
// monitor/2,3 on a process or a port: a pid or port, a registered name
// or {Name, node()}.
Term monitor_process(Process* p, Term type, Term target, AliasMode alias, Term tag) {
  if (type != atom::process && type != atom::port) return bif_badarg(p);
  bool port = type == atom::port;
  Term name = THE_NON_VALUE;
  if (is_tuple(target) && tuple_arity(target) == 2 && is_atom(tuple_elem(target, 1)) &&
      tuple_elem(target, 2) == this_node()) {
    target = tuple_elem(target, 1);  // {Name, node()}
  }
  if (is_atom(target)) {
    name = target;
    target = vm_whereis(name);
    if (!is_value(target) || (port ? !is_port(target) : !is_pid(target))) target = THE_NON_VALUE;
  } else if (port ? !is_port(target) : !is_pid(target)) {
    return bif_badarg(p);
  }
  return vm_monitor(p, target, name, alias, tag, port);  // none: noproc at once
}
}  // namespace

Term erlang_monitor_2(Process* p, Term* a) {
  return monitor_process(p, a[0], a[1], AliasMode::none, THE_NON_VALUE);
}

// monitor/3's options: {alias, explicit_unalias | demonitor |
// reply_demonitor} and {tag, Tag}.
Term erlang_monitor_3(Process* p, Term* a) {
  AliasMode alias = AliasMode::none;
  Term tag = THE_NON_VALUE;
  if (list_length(a[2]) < 0) return bif_badarg_cause(p, atom::badopt);
  for (Term l = a[2]; is_list(l); l = cdr(l)) {
    Term o = car(l);
    if (!is_tuple(o) || tuple_arity(o) != 2) return bif_badarg_cause(p, atom::badopt);
    Term k = tuple_elem(o, 1), v = tuple_elem(o, 2);
    if (k == atom::tag) {
      tag = v;
    } else if (k == atom::alias && v == atom::explicit_unalias) {
      alias = AliasMode::explicit_unalias;
    } else if (k == atom::alias && v == atom::demonitor) {
      alias = AliasMode::demonitor;
    } else if (k == atom::alias && v == atom::reply_demonitor) {
      alias = AliasMode::reply_demonitor;
    } else {
      return bif_badarg_cause(p, atom::badopt);
    }
  }
  return monitor_process(p, a[0], a[1], alias, tag);
}

Term erlang_alias_0(Process* p, Term*) { return vm_alias(p, AliasMode::explicit_unalias); }

// alias([]) / alias([explicit_unalias]) / alias([reply])
Term erlang_alias_1(Process* p, Term* a) {
  AliasMode mode = AliasMode::explicit_unalias;
  if (list_length(a[0]) < 0) return bif_badarg(p);
  for (Term l = a[0]; is_list(l); l = cdr(l)) {
    if (car(l) == atom::reply) mode = AliasMode::reply;
    else if (car(l) == atom::explicit_unalias) mode = AliasMode::explicit_unalias;
    else return bif_badarg(p);
  }
  return vm_alias(p, mode);
}

Term erlang_unalias_1(Process* p, Term* a) {
  if (!is_ref(a[0])) return bif_badarg(p);
  return vm_unalias(p, a[0]) ? atom::am_true : atom::am_false;
}

Term erlang_demonitor_1(Process* p, Term* a) {
  if (!is_ref(a[0])) return bif_badarg(p);
  vm_demonitor(p, a[0]);
  return atom::am_true;
}

Term erlang_demonitor_2(Process* p, Term* a) {
  if (!is_ref(a[0])) return bif_badarg(p);
  bool flush = false, info = false;
  for (Term l = a[1]; is_list(l); l = cdr(l)) {
    if (car(l) == atom::flush) flush = true;
    else if (car(l) == atom::info) info = true;
    else return bif_badarg(p);
  }
  bool removed = vm_demonitor(p, a[0]);
  bool flushed = false;
  if (flush) {
    // drop a 'DOWN' message for this monitor already in the queue
    p->mbox.fetch();
    p->mbox.reset_position();
    while (Message* m = p->mbox.current()) {
      Term t = m->term;
      if (is_tuple(t) && tuple_arity(t) == 5 && tuple_elem(t, 1) == atom::DOWN &&
          eq_exact(tuple_elem(t, 2), a[0])) {
        delete p->mbox.remove_current();
        flushed = true;
        break;
      }
      p->mbox.skip();
    }
    p->mbox.reset_position();
  }
  (void)flushed;
  if (info) return removed ? atom::am_true : atom::am_false;
  return atom::am_true;
}

Term erlang_processes_0(Process* p, Term*) {
  std::vector<Term> ids;
  for (Process* q : vm_processes()) ids.push_back(q->id);
  return make_list_from(p->heap, ids.data(), ids.size());
}

Term erlang_yield_0(Process* p, Term*) {
  p->sched->bif_reds = CONTEXT_REDS;  // the interpreter switches after the call
  return atom::am_true;
}

Term erlang_bump_reductions_1(Process* p, Term* a) {
  if (!is_small(a[0]) || small_value(a[0]) < 0) return bif_badarg(p);
  p->reductions += Uint(small_value(a[0]));
  return atom::am_true;
}

Term erts_internal_garbage_collect_1(Process* p, Term*) {
  // A collection needs the interpreter's live registers: the interpreter
  // does a major collection as soon as this BIF returns.
  p->major_gc_requested = true;
  return atom::am_true;
}

}  // namespace girder
