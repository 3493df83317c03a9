// Compiled match specifications as terms: ets:match_spec_compile/1,
// is_compiled_ms/1, match_spec_run_r/3, and erlang:match_spec_test/3.
//
// In ERTS a compiled match spec is a magic reference, freed when the last
// copy of it is garbage collected. Girder has no such terms yet (NIF
// resources will bring them), so a compiled spec is a plain reference in
// a number range of its own (third number MS_REF_MARK) naming an entry of
// a registry that keeps it for the life of the VM. Compiling an equal spec
// again gives the same entry, so the registry grows with the number of
// distinct specs compiled, not with the number of calls. ETS's own
// continuations (ets:select/3) carry the spec itself, not a compiled one.
#include <mutex>
#include <unordered_map>

#include "gc/copy.h"
#include "runtime/bif_ets.h"
#include "runtime/bif_ets_select.h"
#include "term/compare.h"
#include "term/hash.h"

namespace girder {

namespace {

constexpr uint32_t MS_REF_MARK = 0x40000001u;

struct CompiledSpecs {
  std::mutex lock;
  std::vector<std::shared_ptr<const MatchProg>> progs;
  std::unordered_multimap<uint32_t, uint32_t> by_hash;  // phash2 of the spec -> index
};
CompiledSpecs& compiled_specs() {
  static auto* c = new CompiledSpecs;
  return *c;
}

Term ms_ref(Heap& h, uint32_t index) {
  auto* r = reinterpret_cast<RefThing*>(h.alloc(REF_WORDS));
  r->header = make_header(REF_WORDS - 1, SUB_REF);
  r->num[0] = index;
  r->num[1] = 0;
  r->num[2] = MS_REF_MARK;
  r->num[3] = 0;
  return make_boxed(reinterpret_cast<Term*>(r));
}

// The registry's index for prog (compiled from spec), added if new.
uint32_t ms_register(Term spec, std::shared_ptr<const MatchProg> prog) {
  CompiledSpecs& c = compiled_specs();
  uint32_t h = phash2_full(spec);
  std::lock_guard<std::mutex> g(c.lock);
  auto [b, e] = c.by_hash.equal_range(h);
  for (auto it = b; it != e; ++it)
    if (eq_exact(ms_source(*c.progs[it->second]), spec)) return it->second;
  uint32_t ix = uint32_t(c.progs.size());
  c.progs.push_back(std::move(prog));
  c.by_hash.emplace(h, ix);
  return ix;
}

Term error_list(Heap& h, const std::vector<std::string>& errors) {
  std::vector<Term> l;
  for (const std::string& s : errors)
    l.push_back(make_tuple(h, {atom::error, make_byte_list(h, reinterpret_cast<const uint8_t*>(s.data()), s.size())}));
  return make_list_from(h, l.data(), l.size());
}

}  // namespace

std::shared_ptr<const MatchProg> ets_compiled_ms(Term t) {
  if (!is_local_ref(t)) return nullptr;
  const auto* r = reinterpret_cast<const RefThing*>(boxed_ptr(t));
  if (r->num[2] != MS_REF_MARK || r->num[1] != 0) return nullptr;
  CompiledSpecs& c = compiled_specs();
  std::lock_guard<std::mutex> g(c.lock);
  return r->num[0] < c.progs.size() ? c.progs[r->num[0]] : nullptr;
}

Term ets_match_spec_compile_1(Process* p, Term* a) {
  MsCompiled c = ms_compile(a[0]);
  if (!c.prog) return ets_badarg(p);
  return ms_ref(p->heap, ms_register(a[0], c.prog));
}

Term ets_is_compiled_ms_1(Process*, Term* a) {
  return ets_compiled_ms(a[0]) ? atom::am_true : atom::am_false;
}

// match_spec_run_r(List, CompiledMs, Acc): the results for List's
// elements consed onto Acc (so last first).
Term ets_match_spec_run_r_3(Process* p, Term* a) {
  std::shared_ptr<const MatchProg> prog = ets_compiled_ms(a[1]);
  if (!prog || list_length(a[0]) < 0) return ets_badarg(p);
  MsRunner runner;
  Heap& h = p->heap;
  Term acc = a[2];
  for (Term l = a[0]; is_list(l); l = cdr(l)) {
    Term r = runner.run(*prog, p, car(l));
    // results may hold the program's constants: the heap gets its own copy
    if (is_value(r)) acc = make_cons(h, copy_term(r, h), acc);
  }
  return acc;
}

// match_spec_test(Term, Spec, table | trace) -> {ok, Result, Flags,
// Warnings} | {error, Errors}; Result false when nothing matches.
Term erlang_match_spec_test_3(Process* p, Term* a) {
  MsDialect d;
  if (a[2] == atom::table) {
    d = MsDialect::table;
  } else if (a[2] == atom::trace) {
    d = MsDialect::trace;
  } else {
    return bif_badarg(p);
  }
  // a trace spec matches an argument list
  if (d == MsDialect::trace && !is_list(a[0]) && !is_nil(a[0])) return bif_badarg(p);
  Heap& h = p->heap;
  MsCompiled c = ms_compile(a[1], d);
  if (!c.prog) return make_tuple(h, {atom::error, error_list(h, c.errors)});
  MsRunner runner;
  Term r = runner.run(*c.prog, p, a[0]);
  Term flags = NIL;
  if (!is_value(r)) {
    r = atom::am_false;
  } else if (d == MsDialect::trace) {
    // a trace spec answers whether (and with what message) it would trace
    r = is_value(runner.trace_message) ? copy_term(runner.trace_message, h) : atom::am_true;
    flags = make_list_from(h, runner.trace_flags.data(), runner.trace_flags.size());
  } else {
    r = copy_term(r, h);
  }
  return make_tuple(h, {atom::ok, r, flags, NIL});
}

}  // namespace girder
