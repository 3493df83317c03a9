// process_flag/2, spawn_opt/4's options and erlang:hibernate/3: a
// process's settings, with ERTS's defaults, checks and return values.
#include <algorithm>

#include "bif/bif.h"
#include "code/module.h"
#include "gc/gc.h"
#include "interp/interp.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/map.h"

namespace girder {

namespace {

constexpr Sint MAX_SAVE_CALLS = 10000;

bool is_bool(Term t) { return t == atom::am_true || t == atom::am_false; }
Term bool_term(bool b) { return b ? atom::am_true : atom::am_false; }

bool is_priority(Term t) {
  return t == atom::low || t == atom::normal || t == atom::high || t == atom::max;
}

// A non-negative small integer.
bool size_value(Term t, Uint* out) {
  if (!is_small(t) || small_value(t) < 0) return false;
  *out = Uint(small_value(t));
  return true;
}

// max_heap_size's value: a size, or a map of size, kill and error_logger
// (missing keys keep their defaults: the system's, kill and error_logger
// true). Unknown keys are badarg, as in ERTS.
bool parse_max_heap(Term v, Process::MaxHeap* out) {
  Process::MaxHeap m;
  if (size_value(v, &m.size)) {
    *out = m;
    return true;
  }
  if (!is_map(v)) return false;
  bool ok = true;
  map_foreach(v, [&](Term k, Term val) {
    if (k == atom::size) ok = ok && size_value(val, &m.size);
    else if (k == atom::kill && is_bool(val)) m.kill = val == atom::am_true;
    else if (k == atom::error_logger && is_bool(val)) m.error_logger = val == atom::am_true;
    else ok = false;
  });
  if (!ok) return false;
  *out = m;
  return true;
}

}  // namespace

Term max_heap_term(Heap& h, const Process::MaxHeap& m) {
  Term keys[] = {atom::error_logger, atom::kill, atom::size};
  Term vals[] = {bool_term(m.error_logger), bool_term(m.kill), make_small(Sint(m.size))};
  return map_from_pairs(h, keys, vals, 3);
}

bool parse_spawn_options(Term opts, SpawnOptions* o) {
  if (list_length(opts) < 0) return false;
  for (Term l = opts; is_list(l); l = cdr(l)) {
    Term opt = car(l);
    if (opt == atom::link) {
      o->link = true;
      continue;
    }
    if (opt == atom::monitor) {
      o->monitor = true;
      continue;
    }
    if (!is_tuple(opt) || tuple_arity(opt) != 2) return false;
    Term k = tuple_elem(opt, 1), v = tuple_elem(opt, 2);
    Uint n;
    if (k == atom::priority && is_priority(v)) {
      o->priority = v;
    } else if (k == atom::min_heap_size && size_value(v, &n)) {
      o->min_heap_size = std::max<Uint>(DEFAULT_MIN_HEAP_WORDS, n);
    } else if (k == atom::min_bin_vheap_size && size_value(v, &n)) {
      o->min_bin_vheap_size = std::max<Uint>(46422, n);
    } else if (k == atom::fullsweep_after && size_value(v, &n)) {
      // accepted; the collector uses ERTS's default
    } else if (k == atom::max_heap_size) {
      if (!parse_max_heap(v, &o->max_heap)) return false;
    } else if (k == atom::message_queue_data && (v == atom::on_heap || v == atom::off_heap)) {
      o->off_heap_msgq = v == atom::off_heap;
    } else if (k == atom::monitor && list_length(v) >= 0) {
      o->monitor = true;  // monitor options (alias, tag): not yet
    } else {
      return false;
    }
  }
  return true;
}

Term erlang_process_flag_2(Process* p, Term* a) {
  Term flag = a[0], val = a[1];
  Uint n;
  if (flag == atom::trap_exit && is_bool(val)) {
    Term old = bool_term(p->trap_exit);
    p->trap_exit = val == atom::am_true;
    return old;
  }
  if (flag == atom::priority && is_priority(val)) {
    Term old = is_value(p->priority) ? p->priority : atom::normal;
    p->priority = val;
    return old;
  }
  if (flag == atom::min_heap_size && size_value(val, &n)) {
    Term old = make_small(Sint(p->min_heap_words));
    p->min_heap_words = std::max<Uint>(DEFAULT_MIN_HEAP_WORDS, n);
    return old;
  }
  if (flag == atom::min_bin_vheap_size && size_value(val, &n)) {
    Term old = make_small(Sint(p->min_bin_vheap_words));
    p->min_bin_vheap_words = std::max<Uint>(46422, n);
    return old;
  }
  if (flag == atom::max_heap_size) {
    Process::MaxHeap m;
    if (!parse_max_heap(val, &m)) return bif_badarg(p);
    Term old = max_heap_term(p->heap, p->max_heap);
    p->max_heap = m;
    return old;
  }
  if (flag == atom::message_queue_data && (val == atom::on_heap || val == atom::off_heap)) {
    Term old = p->off_heap_msgq ? atom::off_heap : atom::on_heap;
    p->off_heap_msgq = val == atom::off_heap;
    return old;
  }
  if (flag == atom::save_calls && size_value(val, &n)) {
    Term old = make_small(p->save_calls);
    p->save_calls = uint16_t(std::min<Uint>(n, MAX_SAVE_CALLS));
    return old;
  }
  if (flag == atom::sensitive && is_bool(val)) {
    Term old = bool_term(p->sensitive);
    p->sensitive = val == atom::am_true;
    return old;
  }
  if (flag == atom::error_handler && is_atom(val)) {
    Term old = is_value(p->error_handler) ? p->error_handler : atom::error_handler;
    p->error_handler = val;
    return old;
  }
  if (flag == atom::monitor_nodes || (is_tuple(flag) && tuple_arity(flag) == 2))
    return process_flag_monitor_nodes(p, flag, val);
  // ERTS's causes: badopt for a flag it does not know, none for a bad
  // save_calls value, no cause for the other bad values
  static constexpr Term known[] = {atom::trap_exit, atom::priority, atom::min_heap_size,
                                   atom::min_bin_vheap_size, atom::max_heap_size,
                                   atom::message_queue_data, atom::sensitive, atom::error_handler};
  if (flag == atom::save_calls) return bif_badarg_cause(p, atom::none);
  if (std::find(std::begin(known), std::end(known), flag) == std::end(known))
    return bif_badarg_cause(p, atom::badopt);
  return bif_badarg(p);
}

// erlang:hibernate(M, F, A): the stack goes, the heap shrinks to what the
// arguments need, and the process waits for a message (at once if one is
// queued); then it calls M:F(A...) with nothing to return to, so the
// process ends when that call returns.
Term erlang_hibernate_3(Process* p, Term* a) {
  Sint n = list_length(a[2]);
  if (!is_atom(a[0]) || !is_atom(a[1]) || n < 0) return bif_badarg(p);
  std::vector<Term> args;
  for (Term l = a[2]; is_list(l); l = cdr(l)) args.push_back(car(l));
  Export* ep = export_put(a[0], a[1], Uint(n));
  p->heap.limit = p->heap.end;  // no stack
  interp_setup_call(p, ep->address.load(), args.data(), args.size());
  gc_collect_full(p, 0, nullptr, 0, nullptr, 0, true);
  p->hibernating = true;
  p->timer_active = false;
  p->exc_class = THE_NON_VALUE;
  p->status = p->mbox.length() > 0 ? ProcStatus::runnable : ProcStatus::waiting;
  return THE_NON_VALUE;  // the interpreter resumes at p->i (bif_trap)
}

}  // namespace girder
