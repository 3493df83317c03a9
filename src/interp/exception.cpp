// Stack traces and catch handlers.
#include "interp/exception.h"

#include <algorithm>
#include <mutex>
#include <vector>

#include "code/module.h"
#include "term/atom_table.h"
#include "term/map.h"

namespace girder {

namespace {

constexpr Uint BACKTRACE_DEPTH = 8;  // erlang:system_flag(backtrace_depth)

// Catch handlers: index -> code address. Chunks never move, so readers
// need no lock.
constexpr Uint CATCH_CHUNK = 4096;
constexpr Uint CATCH_CHUNKS = 4096;
const Term** g_catch_chunks[CATCH_CHUNKS];
Uint g_catch_count = 0;
std::mutex g_catch_lock;

Term make_location(Heap& h, Module* m, const Term* pc) {
  if (!m || m->lines.empty()) return NIL;
  Uint off = Uint(pc - m->code.data());
  // the function that contains pc: line entries before its start belong
  // to another function
  auto fit = std::upper_bound(m->functions.begin(), m->functions.end(), off,
                              [](Uint o, const Module::FuncInfo& f) { return o < f.offset; });
  Uint fstart = fit == m->functions.begin() ? 0 : std::prev(fit)->offset;
  auto it = std::upper_bound(m->lines.begin(), m->lines.end(), off,
                             [](Uint o, const Module::LineRef& l) { return o < l.offset; });
  if (it == m->lines.begin()) return NIL;
  --it;
  if (it->offset < fstart || it->line == 0) return NIL;
  Term file = m->line_files.at(it->file_index);
  Term line = make_tuple(h, {atom::line, make_small(it->line)});
  Term ftuple = make_tuple(h, {atom::file, file});
  return make_cons(h, ftuple, make_cons(h, line, NIL));
}

bool frame_of(Heap& h, const Term* pc, Term* frame) {
  Module* m = module_of_address(pc);
  if (!m) return false;
  Term mod, fun;
  Uint ar;
  if (!function_of_address(pc, &mod, &fun, &ar)) return false;
  *frame = make_tuple(h, {mod, fun, make_small(Sint(ar)), make_location(h, m, pc)});
  return true;
}

// A copy of list l with x added at the end.
Term append_to_list(Heap& h, Term l, Term x) {
  std::vector<Term> items;
  for (; is_list(l); l = cdr(l)) items.push_back(car(l));
  items.push_back(x);
  return make_list_from(h, items.data(), items.size());
}

Term error_info_location(Heap& h, Term module_atom) {
  Term key = atom::module;
  Term map = map_from_pairs(h, &key, &module_atom, 1);
  Term ei = make_tuple(h, {atom::error_info, map});
  return make_cons(h, ei, NIL);
}

}  // namespace

bool function_of_address(const Term* pc, Term* m, Term* f, Uint* a, Uint* offset) {
  Module* mod = module_of_address(pc);
  if (!mod || mod->functions.empty()) return false;
  Uint off = Uint(pc - mod->code.data());
  auto it = std::upper_bound(mod->functions.begin(), mod->functions.end(), off,
                             [](Uint o, const Module::FuncInfo& fi) { return o < fi.offset; });
  if (it == mod->functions.begin()) return false;
  --it;
  *m = mod->name;
  *f = it->name;
  *a = it->arity;
  if (offset) *offset = off - it->offset;
  return true;
}

// The module whose format_error/2 explains a BIF's errors (ERTS's list);
// BIFs of other modules have no error_info.
Term error_info_module(Term bif_module) {
  static const Term erts[] = {atom::erlang, atom::erts_internal, atom::atomics, atom::counters,
                              atom::persistent_term};
  static const Term kernel[] = {atom::code, atom::os};
  static const Term stdlib[] = {atom::binary, atom::ets, atom::lists, atom::maps,
                                atom::math, atom::re, atom::unicode};
  for (Term m : erts)
    if (m == bif_module) return atom::erl_erts_errors;
  for (Term m : kernel)
    if (m == bif_module) return atom::erl_kernel_errors;
  for (Term m : stdlib)
    if (m == bif_module) return atom::erl_stdlib_errors;
  return THE_NON_VALUE;
}

Term build_stack_trace(Process* p, const RaiseSite& site) {
  Heap& h = p->heap;
  std::vector<Term> frames;
  Term cur_m = THE_NON_VALUE, cur_f = THE_NON_VALUE;
  Uint cur_a = 0;
  bool in_module = site.pc && function_of_address(site.pc, &cur_m, &cur_f, &cur_a);

  if (p->exc_flags & EXC_FRAME_GIVEN) {
    Term fr = p->exc_args;
    Term* e = tuple_ptr(fr);
    if (!is_value(e[4])) e[4] = error_info_location(h, atom::erl_erts_errors);
    frames.push_back(fr);
  } else if (site.bif && !(p->exc_flags & EXC_NO_BIF_FRAME)) {
    Uint ar = site.bif->arity;
    Term args = site.bif_args ? make_list_from(h, site.bif_args, ar) : make_small(Sint(ar));
    Term loc = NIL;
    if (is_value(p->exc_info)) {
      loc = p->exc_info;  // BIF supplied its own error_info list
    } else {
      Term mod = error_info_module(site.bif->module);
      if (is_value(mod)) loc = error_info_location(h, mod);
    }
    frames.push_back(make_tuple(h, {site.bif->module, site.bif->function, args, loc}));
    // a function whose body is native code (a NIF row) is that code: its
    // own frame is the one above, not a second one
    if (in_module && cur_m == site.bif->module && cur_f == site.bif->function &&
        cur_a == site.bif->arity)
      in_module = false;
  }
  if (site.args_are_x && is_value(site.mfa_module)) {
    // function_clause / undef: the frame holds the arguments
    Term args = make_list_from(h, site.x, site.args_from_x);
    Term loc = NIL;
    if (p->exc_reason == atom::function_clause && in_module) {
      loc = make_location(h, module_of_address(site.pc), site.pc);
    }
    frames.push_back(make_tuple(h, {site.mfa_module, site.mfa_function, args, loc}));
    in_module = in_module && p->exc_reason != atom::function_clause;
  }
  if (in_module) {
    Term ar = make_small(Sint(cur_a));
    if (p->exc_flags & EXC_ARGS) ar = p->exc_args;
    Term loc = make_location(h, module_of_address(site.pc), site.pc);
    // erlang:error/3's {error_info, Map} option follows the location
    if ((p->exc_flags & EXC_NO_BIF_FRAME) && is_value(p->exc_info))
      loc = append_to_list(h, loc, p->exc_info);
    frames.push_back(make_tuple(h, {cur_m, cur_f, ar, loc}));
  }
  // The continuation register, unless it is stale (points into the
  // current function without a fresh call) or duplicates the frame's CP.
  const Term* cp = site.cp;
  const Term* prev = site.pc;  // the last return address recorded
  Term* stack_end = h.end;
  bool frame_cp_dup = site.E < stack_end && reinterpret_cast<const Term*>(site.E[0]) == cp;
  if (cp && !frame_cp_dup) {
    Term cm, cf;
    Uint ca;
    bool cp_in_current = in_module && function_of_address(cp - 1, &cm, &cf, &ca) &&
                         cm == cur_m && cf == cur_f && ca == cur_a;
    if (!cp_in_current || site.cp_fresh) {
      Term fr;
      if (frames.size() < BACKTRACE_DEPTH && frame_of(h, cp - 1, &fr)) {
        frames.push_back(fr);
        prev = cp;
      }
    }
  }
  // As ERTS, a return address equal to the one before it is left out: a
  // body recursion shows once, not once per level.
  for (Term* s = site.E; s < stack_end && frames.size() < BACKTRACE_DEPTH; s++) {
    if (!is_header(*s)) continue;
    const Term* ret = reinterpret_cast<const Term*>(*s);
    if (ret == prev) continue;
    prev = ret;
    Term fr;
    if (frame_of(h, ret - 1, &fr)) frames.push_back(fr);
  }
  if (frames.size() > BACKTRACE_DEPTH) frames.resize(BACKTRACE_DEPTH);
  return make_list_from(h, frames.data(), frames.size());
}

Term make_raw_trace(Process* p, Term cls, Term trace) {
  return make_tuple(p->heap, {atom::dollar_raw_trace, cls, trace});
}

bool is_raw_trace(Term t) {
  return is_tuple(t) && tuple_arity(t) == 3 && tuple_elem(t, 1) == atom::dollar_raw_trace;
}
Term raw_trace_class(Term raw) { return tuple_elem(raw, 2); }
Term raw_trace_list(Term raw) { return is_raw_trace(raw) ? tuple_elem(raw, 3) : raw; }

const Term* find_catch(Term* E, Term* stack_end, Term** new_E) {
  Term* frame = nullptr;
  for (Term* s = E; s < stack_end; s++) {
    Term w = *s;
    if (is_header(w)) {
      frame = s;
    } else if (is_catch(w)) {
      *new_E = frame ? frame : E;
      return catch_handler(catch_index(w));
    }
  }
  return nullptr;
}

Uint catch_register(const Term* handler) {
  std::lock_guard<std::mutex> g(g_catch_lock);
  Uint idx = g_catch_count++;
  Uint c = idx / CATCH_CHUNK;
  if (!g_catch_chunks[c]) g_catch_chunks[c] = new const Term*[CATCH_CHUNK];
  g_catch_chunks[c][idx % CATCH_CHUNK] = handler;
  return idx;
}

const Term* catch_handler(Uint index) {
  return g_catch_chunks[index / CATCH_CHUNK][index % CATCH_CHUNK];
}

}  // namespace girder
