// BIFs on code and funs, and process_info.
#include <algorithm>

#include "bif/bif.h"
#include "code/module.h"
#include "gc/copy.h"
#include "process/vm_services.h"
#include "term/binary.h"
#include "interp/exception.h"
#include "runtime/vm.h"
#include "term/atom_table.h"
#include "term/compare.h"

namespace girder {

namespace {

// One process_info item of q, built on h. q is the running process: the
// caller itself (self), or the target of a request handling it (its
// queue is then seen as it was when the request came).
Term info_item(Heap& h, Process* q, Term item, bool self) {
  auto pair = [&](Term v) { return make_tuple(h, {item, v}); };
  auto copy = [&](Term t) { return self ? t : copy_term(t, h); };
  if (item == atom::registered_name) {
    Term name = vm_registered_name(q);
    return is_value(name) ? pair(name) : NIL;
  }
  if (item == atom::current_function || item == atom::current_stacktrace) {
    Term m, f;
    Uint a;
    if (item == atom::current_function) {
      if (q->hibernating) return pair(make_tuple(h, {atom::erlang, atom::hibernate, make_small(3)}));
      if (q->i && function_of_address(q->i, &m, &f, &a))
        return pair(make_tuple(h, {m, f, make_small(Sint(a))}));
      return pair(atom::undefined);
    }
    RaiseSite site{};
    site.pc = q->i;
    site.cp = q->cp;
    site.E = q->heap.limit;
    Uint saved_flags = q->exc_flags;
    q->exc_flags = 0;
    Term st = build_stack_trace(q, site);
    q->exc_flags = uint8_t(saved_flags);
    return pair(copy(st));
  }
  if (item == atom::initial_call) return pair(copy(q->initial_call));
  if (item == atom::status) {
    Term s = self                                ? atom::running
             : q->status == ProcStatus::waiting  ? atom::waiting
             : q->status == ProcStatus::running  ? atom::running
             : q->status == ProcStatus::exiting  ? atom::exiting
                                                 : atom::runnable;
    return pair(s);
  }
  if (item == atom::message_queue_len)
    return pair(make_small(Sint(self ? q->mbox.length() : q->mbox.taken_length())));
  if (item == atom::messages) {
    if (self) q->mbox.fetch();
    std::vector<Term> msgs;
    for (Message* m = q->mbox.first(); m; m = m->next)
      if (m->kind == SigKind::message) msgs.push_back(copy(m->term));
    return pair(make_list_from(h, msgs.data(), msgs.size()));
  }
  if (item == atom::links || item == atom::monitors || item == atom::monitored_by) {
    return pair(vm_process_relations(h, q, item));
  }
  if (item == atom::dictionary) return pair(copy(q->dictionary));
  if (item == atom::trap_exit) return pair(q->trap_exit ? atom::am_true : atom::am_false);
  if (item == atom::error_handler)
    return pair(is_value(q->error_handler) ? q->error_handler : atom::error_handler);
  if (item == atom::max_heap_size) return pair(max_heap_term(h, q->max_heap));
  if (item == atom::message_queue_data) return pair(q->off_heap_msgq ? atom::off_heap : atom::on_heap);
  if (item == atom::priority) return pair(is_value(q->priority) ? q->priority : atom::normal);
  if (item == atom::group_leader)
    return pair(copy(is_value(q->group_leader) ? q->group_leader : q->id));
  if (item == atom::heap_size || item == atom::total_heap_size) {
    Uint words = Uint(q->heap.end - q->heap.start) + q->heap.frag_words;
    if (item == atom::total_heap_size) words += Uint(q->heap.old_end - q->heap.old_start);
    return pair(make_small(Sint(words)));
  }
  if (item == atom::stack_size) return pair(make_small(Sint(q->heap.end - q->heap.limit)));
  if (item == atom::reductions) return pair(make_uinteger(h, q->reductions));
  if (item == atom::memory) return pair(make_small(Sint(process_memory_bytes(q))));
  if (item == atom::garbage_collection) {
    Term kv[] = {make_tuple(h, {atom::min_heap_size, make_small(Sint(q->min_heap_words))}),
                 make_tuple(h, {atom::fullsweep_after, make_small(65535)}),
                 make_tuple(h, {atom::minor_gcs, make_small(0)})};
    return pair(make_list_from(h, kv, 3));
  }
  if (item == atom::catchlevel) return pair(make_small(Sint(q->catches)));
  if (item == atom::parent) return pair(atom::undefined);
  return THE_NON_VALUE;
}

// The items process_info/2 knows (the ones info_item answers).
bool known_item(Term item) {
  static const Term known[] = {
      atom::registered_name, atom::current_function, atom::current_stacktrace,
      atom::initial_call, atom::status, atom::message_queue_len, atom::messages, atom::links,
      atom::monitors, atom::monitored_by, atom::dictionary, atom::trap_exit,
      atom::error_handler, atom::max_heap_size, atom::message_queue_data, atom::priority,
      atom::group_leader, atom::heap_size, atom::total_heap_size, atom::stack_size,
      atom::reductions, atom::memory, atom::garbage_collection, atom::catchlevel, atom::parent};
  for (Term k : known)
    if (k == item) return true;
  return false;
}

// An item spec: a known item, or a proper list of them.
bool valid_spec(Term spec) {
  if (is_atom(spec)) return known_item(spec);
  Term l = spec;
  for (; is_list(l); l = cdr(l))
    if (!is_atom(car(l)) || !known_item(car(l))) return false;
  return l == NIL;
}

// What process_info/1 gives (in ERTS's order); process_info/2's requests
// carry ALL_ITEMS instead of a spec for it.
const Term ALL_ITEMS = make_small(1);

Term info_answer(Heap& h, Process* q, Term spec, bool self) {
  if (spec == ALL_ITEMS) {
    static const Term items[] = {atom::registered_name, atom::current_function, atom::initial_call,
                                 atom::status, atom::message_queue_len, atom::links,
                                 atom::dictionary, atom::trap_exit, atom::error_handler,
                                 atom::priority, atom::group_leader, atom::total_heap_size,
                                 atom::heap_size, atom::stack_size, atom::reductions,
                                 atom::garbage_collection};
    std::vector<Term> out;
    for (Term it : items) {
      Term r = info_item(h, q, it, self);
      if (r != NIL && is_value(r)) out.push_back(r);
    }
    return make_list_from(h, out.data(), out.size());
  }
  if (is_atom(spec)) return info_item(h, q, spec, self);
  std::vector<Term> items;
  for (Term l = spec; is_list(l); l = cdr(l)) {
    Term r = info_item(h, q, car(l), self);
    if (r == NIL) r = make_tuple(h, {atom::registered_name, NIL});
    items.push_back(r);
  }
  return make_list_from(h, items.data(), items.size());
}

bool gone(const Process* q) {
  return !q || q->pending_exit || q->status == ProcStatus::exiting;
}

void process_info_request(Process* q, Message* req) {
  Term spec = req->term;
  vm_rpc_reply(req, gone(q) ? atom::undefined : info_answer(vm_rpc_heap(req), q, spec, false));
}

Term process_info(Process* p, Term pid, Term spec) {
  if (pid == p->id) return info_answer(p->heap, p, spec, true);
  return vm_rpc_call(p, pid, spec, process_info_request);
}

}  // namespace

// The process, its heaps and the messages in its queue (as ERTS counts).
Uint process_memory_bytes(Process* q) {
  Uint n = sizeof(Process) + Uint(q->heap.end - q->heap.start) * sizeof(Term) +
           Uint(q->heap.old_end - q->heap.old_start) * sizeof(Term) + q->heap.frag_words * sizeof(Term);
  for (Message* m = q->mbox.first(); m; m = m->next) {
    n += sizeof(Message);
    if (m->frag_heap) n += m->frag_heap->fragment_words() * sizeof(Term);
  }
  return n;
}

Term erlang_process_info_2(Process* p, Term* a) {
  if (!is_local_pid(a[0]) || !valid_spec(a[1])) return bif_badarg(p);
  return process_info(p, a[0], a[1]);
}

Term erlang_process_info_1(Process* p, Term* a) {
  if (!is_local_pid(a[0])) return bif_badarg(p);
  return process_info(p, a[0], ALL_ITEMS);
}

namespace {
void is_alive_request(Process* q, Message* req) {
  vm_rpc_reply(req, gone(q) ? atom::am_false : atom::am_true);
}
}  // namespace

Term erlang_is_process_alive_1(Process* p, Term* a) {
  if (!is_local_pid(a[0])) return bif_badarg(p);
  if (a[0] == p->id) return atom::am_true;
  return vm_rpc_call(p, a[0], NIL, is_alive_request);
}

Term erlang_function_exported_3(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1]) || !is_small(a[2]) || small_value(a[2]) < 0)
    return bif_badarg(p);
  Term m = a[0];
  if (!module_get(m)) return atom::am_false;
  Export* ep = export_get(m, a[1], Uint(small_value(a[2])));
  if (!ep || ep->bif) return atom::am_false;
  return ep->address.load() != ep->trampoline ? atom::am_true : atom::am_false;
}

Term erlang_module_loaded_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  return module_get(a[0]) ? atom::am_true : atom::am_false;
}

Term erlang_is_builtin_3(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1]) || !is_small(a[2])) return bif_badarg(p);
  Export* ep = export_get(a[0], a[1], Uint(small_value(a[2])));
  return ep && ep->bif ? atom::am_true : atom::am_false;
}

namespace {
Term module_info_item(Process* p, Module* m, Term item) {
  Heap& h = p->heap;
  if (item == atom::module) return m->name;
  if (item == atom::exports) return m->exports_list;
  if (item == atom::functions) return m->functions_list;
  if (item == atom::attributes) return m->attributes;
  if (item == atom::compile) return m->compile_info;
  if (item == atom::md5) return new_binary(h, m->md5, 16);
  if (item == atom::nifs) return NIL;
  if (item == atom::native) return atom::am_false;
  return THE_NON_VALUE;
}
}  // namespace

Term erlang_get_module_info_2(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  Module* m = module_get(a[0]);
  if (!m) return bif_badarg(p);
  Term r = module_info_item(p, m, a[1]);
  return is_value(r) ? r : bif_badarg(p);
}

Term erlang_get_module_info_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  Module* m = module_get(a[0]);
  if (!m) return bif_badarg(p);
  static const Term items[] = {atom::module, atom::exports, atom::attributes, atom::compile,
                               atom::md5};
  std::vector<Term> out;
  for (Term it : items) out.push_back(make_tuple(p->heap, {it, module_info_item(p, m, it)}));
  return make_list_from(p->heap, out.data(), out.size());
}

Term erlang_fun_info_2(Process* p, Term* a) {
  Term f = a[0], item = a[1];
  Heap& h = p->heap;
  if (!is_any_fun(f) || !is_atom(item)) return bif_badarg(p);
  Term v;
  if (is_export_fun(f)) {
    Export* ep = reinterpret_cast<ExportThing*>(boxed_ptr(f))->ep;
    if (item == atom::type) v = atom::external;
    else if (item == atom::module) v = ep->module;
    else if (item == atom::name) v = ep->function;
    else if (item == atom::arity) v = make_small(Sint(ep->arity));
    else if (item == atom::env) v = NIL;
    else if (item == atom::pid || item == atom::index || item == atom::new_index ||
             item == atom::uniq || item == atom::new_uniq)
      v = atom::undefined;
    else return bif_badarg(p);
  } else {
    FunThing* ft = fun_thing(f);
    FunEntry* fe = ft->entry;
    if (item == atom::type) v = atom::local;
    else if (item == atom::module) v = fe->module;
    else if (item == atom::name) v = fe->function;
    else if (item == atom::arity) v = make_small(Sint(ft->arity));
    else if (item == atom::env) v = make_list_from(h, ft->env, ft->num_free);
    else if (item == atom::pid) v = ft->creator;
    else if (item == atom::index || item == atom::new_index) v = make_small(Sint(fe->index));
    else if (item == atom::uniq) v = make_small(Sint(fe->old_uniq));
    else if (item == atom::new_uniq) v = new_binary(h, fe->md5, 16);
    else return bif_badarg(p);
  }
  return make_tuple(h, {item, v});
}

Term erlang_fun_info_mfa_1(Process* p, Term* a) {
  Term f = a[0];
  if (is_export_fun(f)) {
    Export* ep = reinterpret_cast<ExportThing*>(boxed_ptr(f))->ep;
    return make_tuple(p->heap, {ep->module, ep->function, make_small(Sint(ep->arity))});
  }
  if (is_fun(f)) {
    FunThing* ft = fun_thing(f);
    return make_tuple(p->heap, {ft->entry->module, ft->entry->function, make_small(Sint(ft->arity))});
  }
  return bif_badarg(p);
}

Term erlang_make_fun_3(Process* p, Term* a) {
  if (!is_atom(a[0]) || !is_atom(a[1]) || !is_small(a[2]) || small_value(a[2]) < 0 ||
      small_value(a[2]) > 255)
    return bif_badarg(p);
  Export* ep = export_put(a[0], a[1], Uint(small_value(a[2])));
  auto* et = reinterpret_cast<ExportThing*>(p->heap.alloc(EXPORT_THING_WORDS));
  et->header = make_header(EXPORT_THING_WORDS - 1, SUB_EXPORT);
  et->ep = ep;
  return make_boxed(reinterpret_cast<Term*>(et));
}

namespace {
// The modules ERTS has built in (erlang:pre_loaded/0).
constexpr const char* PRELOADED[] = {"atomics", "counters", "erl_init", "erl_prim_loader",
                                     "erl_tracer", "erlang", "erts_code_purger",
                                     "erts_dirty_process_signal_handler", "erts_internal",
                                     "erts_literal_area_collector", "init", "persistent_term",
                                     "prim_buffer", "prim_eval", "prim_file", "prim_inet",
                                     "prim_net", "prim_socket", "prim_zip", "socket_registry",
                                     "zlib"};
}  // namespace

std::vector<Term> preloaded_modules() {
  std::vector<Term> v;
  for (const char* n : PRELOADED) v.push_back(atom_put(n));
  return v;
}

bool is_preloaded_module(Term module) {
  for (const char* n : PRELOADED)
    if (atom_name(module) == n) return true;
  return false;
}

Term erlang_pre_loaded_0(Process* p, Term*) {
  std::vector<Term> v = preloaded_modules();
  return make_list_from(p->heap, v.data(), v.size());
}

Term erlang_loaded_0(Process* p, Term*) {
  std::vector<Term> v = module_names();
  return make_list_from(p->heap, v.data(), v.size());
}

Term code_ensure_loaded_1(Process* p, Term* a) {
  if (!is_atom(a[0])) return bif_badarg(p);
  if (vm_ensure_loaded(a[0])) return make_tuple(p->heap, {atom::module, a[0]});
  return make_tuple(p->heap, {atom::error, atom::nofile});
}

}  // namespace girder
