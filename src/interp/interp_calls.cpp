// Calls whose target is found at run time: apply, funs, BIF exports.
#include <unordered_map>

#include "bif/bif.h"
#include "interp/interp_ops.h"
#include "process/vm_services.h"
#include "term/atom_table.h"
#include "term/heap.h"

namespace girder {

namespace {

// Raises badarg as the BIF erlang:apply/N would, with its frame.
const Term* apply_badarg(Process* p, std::initializer_list<Term> args) {
  Term list = NIL;
  std::vector<Term> v(args);
  list = make_list_from(p->heap, v.data(), v.size());
  p->exc_flags = EXC_FRAME_GIVEN;
  p->exc_args = make_tuple(p->heap, {atom::erlang, atom::apply, list, THE_NON_VALUE});
  p->exc_class = atom::error;
  p->exc_reason = atom::badarg;
  p->exc_info = THE_NON_VALUE;
  return nullptr;
}

}  // namespace

const Term* interp_resolve_apply(Process* p, Term* x, Term m, Term f, Uint arity) {
  if (!is_atom(m) || !is_atom(f)) {
    Term args = make_list_from(p->heap, x, arity);
    return apply_badarg(p, {m, f, args});
  }
  Export* ep = export_put(m, f, arity);
  return ep->address.load(std::memory_order_relaxed);
}

const Term* interp_apply3(Process* p, Term* x, Uint* arity) {
  Term m = x[0], f = x[1], args = x[2];
  Sint n = list_length(args);
  if (n < 0 || !is_atom(m) || !is_atom(f)) return apply_badarg(p, {m, f, args});
  if (Uint(n) >= MAX_X_REGS - 2) return apply_badarg(p, {m, f, args});
  Uint i = 0;
  for (Term l = args; is_list(l); l = cdr(l)) x[i++] = car(l);
  *arity = Uint(n);
  Export* ep = export_put(m, f, Uint(n));
  return ep->address.load(std::memory_order_relaxed);
}

const Term* interp_apply2(Process* p, Term* x, Uint* arity) {
  Term fun = x[0], args = x[1];
  Sint n = list_length(args);
  if (n < 0 || Uint(n) >= MAX_X_REGS - 2) return apply_badarg(p, {fun, args});
  Uint i = 0;
  for (Term l = args; is_list(l); l = cdr(l)) x[i++] = car(l);
  *arity = Uint(n);
  return interp_resolve_fun(p, x, fun, Uint(n), arity);
}

bool interp_fun_has_arity(Term f, Uint arity) {
  if (is_fun(f)) return fun_thing(f)->arity == arity;
  if (is_export_fun(f)) return reinterpret_cast<ExportThing*>(boxed_ptr(f))->ep->arity == arity;
  return false;
}

const Term* interp_resolve_fun(Process* p, Term* x, Term f, Uint arity, Uint* live) {
  if (live) *live = arity;
  if (is_fun(f)) {
    FunThing* ft = fun_thing(f);
    if (ft->arity != arity) goto badarity;
    if (!ft->entry->address) {
      // a fun decoded from another node's or an old module's code that is
      // not loaded here (ERTS: error_handler:undefined_lambda/3 -> undef)
      p->exc_flags = 0;
      p->exc_class = atom::error;
      p->exc_reason = atom::undef;
      p->exc_info = THE_NON_VALUE;
      return nullptr;
    }
    for (Uint i = 0; i < ft->num_free; i++) x[arity + i] = ft->env[i];
    if (live) *live = arity + ft->num_free;
    return static_cast<const Term*>(ft->entry->address);
  }
  if (is_export_fun(f)) {
    Export* ep = reinterpret_cast<ExportThing*>(boxed_ptr(f))->ep;
    if (ep->arity != arity) goto badarity;
    return ep->address.load(std::memory_order_relaxed);
  }
  p->exc_flags = 0;
  p->exc_class = atom::error;
  p->exc_reason = make_tuple(p->heap, {atom::badfun, f});
  p->exc_info = THE_NON_VALUE;
  return nullptr;
badarity : {
  Term args = make_list_from(p->heap, x, arity);
  Term inner = make_tuple(p->heap, {f, args});
  p->exc_flags = 0;
  p->exc_class = atom::error;
  p->exc_reason = make_tuple(p->heap, {atom::badarity, inner});
  p->exc_info = THE_NON_VALUE;
  return nullptr;
}
}

// ERTS's call_error_handler: a call to M:F/A with no code becomes a call
// to ErrorHandler:undefined_function(M, F, Args), where ErrorHandler is the
// process's error_handler flag (OTP's error_handler module by default,
// which asks the code server to load M). When the handler itself has no
// code, the call is undef. In direct mode modules load lazily instead.
const Term* interp_undefined_function(Process* p, Term* x, Export* ep) {
  if (!vm_uses_error_handler()) return nullptr;
  Term handler_mod = is_value(p->error_handler) ? p->error_handler : atom::error_handler;
  Export* h = export_get(handler_mod, atom::undefined_function, 3);
  if (!h || h->address.load() == h->trampoline) return nullptr;
  Term args = make_list_from(p->heap, x, ep->arity);
  x[0] = ep->module;
  x[1] = ep->function;
  x[2] = args;
  return h->address.load();
}

Export* interp_bif_export(void* fn) {
  static std::unordered_map<void*, Export*> by_fn = [] {
    std::unordered_map<void*, Export*> m;
    for (unsigned i = 0; i < bif_table_size; i++) {
      const BifEntry& b = bif_table[i];
      m[reinterpret_cast<void*>(b.fn)] =
          export_put(atom_put(b.module), atom_put(b.function), b.arity);
    }
    return m;
  }();
  auto it = by_fn.find(fn);
  return it == by_fn.end() ? nullptr : it->second;
}

Export* interp_send_export() {
  static Export* ep = export_put(atom::erlang, atom::send, 2);
  return ep;
}

}  // namespace girder
