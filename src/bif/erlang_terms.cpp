// Type tests, term comparisons and boolean operators as callable BIFs.
//
// The compiler turns most of these into guard instructions; the functions
// here are what apply/3, erlang:F/A funs and calls from non-guard contexts
// reach. None of them allocates: every result is an atom or an argument.
#include "bif/bif.h"
#include "term/binary.h"
#include "term/code_refs.h"
#include "term/compare.h"

namespace girder {

namespace {

inline Term bool_term(bool b) { return b ? atom::am_true : atom::am_false; }
inline bool is_boolean_atom(Term t) { return t == atom::am_true || t == atom::am_false; }

// Arity of any fun (closure or fun M:F/A) as it is called.
Uint fun_call_arity(Term f) {
  if (is_fun(f)) return fun_thing(f)->arity;
  return reinterpret_cast<const ExportThing*>(boxed_ptr(f))->ep->arity;
}

}  // namespace

// ---- type tests -----------------------------------------------------------

Term erlang_is_atom_1(Process*, Term* args) { return bool_term(is_atom(args[0])); }
Term erlang_is_binary_1(Process*, Term* args) { return bool_term(is_binary(args[0])); }
Term erlang_is_bitstring_1(Process*, Term* args) { return bool_term(is_bitstring(args[0])); }
Term erlang_is_boolean_1(Process*, Term* args) { return bool_term(is_boolean_atom(args[0])); }
Term erlang_is_float_1(Process*, Term* args) { return bool_term(is_float(args[0])); }
Term erlang_is_function_1(Process*, Term* args) { return bool_term(is_any_fun(args[0])); }
Term erlang_is_integer_1(Process*, Term* args) { return bool_term(is_integer(args[0])); }
Term erlang_is_list_1(Process*, Term* args) {
  return bool_term(is_list(args[0]) || is_nil(args[0]));
}
Term erlang_is_map_1(Process*, Term* args) { return bool_term(is_map(args[0])); }
Term erlang_is_number_1(Process*, Term* args) { return bool_term(is_number(args[0])); }
Term erlang_is_pid_1(Process*, Term* args) { return bool_term(is_pid(args[0])); }
Term erlang_is_port_1(Process*, Term* args) { return bool_term(is_port(args[0])); }
Term erlang_is_reference_1(Process*, Term* args) { return bool_term(is_ref(args[0])); }
Term erlang_is_tuple_1(Process*, Term* args) { return bool_term(is_tuple(args[0])); }

// is_function(F, Arity): the arity is checked before F. A non-negative
// bignum arity is valid but matches no fun; anything else non-small or
// negative is badarg.
Term erlang_is_function_2(Process* p, Term* args) {
  Term f = args[0], arity = args[1];
  if (is_small(arity)) {
    Sint a = small_value(arity);
    if (a < 0) return bif_badarg(p);
    return bool_term(is_any_fun(f) && fun_call_arity(f) == Uint(a));
  }
  if (is_big(arity) && !big_is_neg(arity)) return atom::am_false;
  return bif_badarg(p);
}

// is_record(Term, Tag): Tag must be an atom.
Term erlang_is_record_2(Process* p, Term* args) {
  Term t = args[0], tag = args[1];
  if (!is_atom(tag)) return bif_badarg(p);
  return bool_term(is_tuple(t) && tuple_arity(t) >= 1 && tuple_elem(t, 1) == tag);
}

// is_record(Term, Tag, Size): Tag an atom, Size a small integer (of any
// sign: a negative size simply never matches; a bignum is badarg).
Term erlang_is_record_3(Process* p, Term* args) {
  Term t = args[0], tag = args[1], size = args[2];
  if (!is_atom(tag) || !is_small(size)) return bif_badarg(p);
  Sint n = small_value(size);
  return bool_term(is_tuple(t) && n >= 1 && tuple_arity(t) == Uint(n) &&
                   tuple_elem(t, 1) == tag);
}

// ---- comparisons ----------------------------------------------------------

Term erlang_eq_2(Process*, Term* args) { return bool_term(eq_arith(args[0], args[1])); }
Term erlang_neq_2(Process*, Term* args) { return bool_term(!eq_arith(args[0], args[1])); }
Term erlang_exact_eq_2(Process*, Term* args) { return bool_term(eq_exact(args[0], args[1])); }
Term erlang_exact_neq_2(Process*, Term* args) {
  return bool_term(!eq_exact(args[0], args[1]));
}
Term erlang_lt_2(Process*, Term* args) { return bool_term(compare_terms(args[0], args[1]) < 0); }
Term erlang_gt_2(Process*, Term* args) { return bool_term(compare_terms(args[0], args[1]) > 0); }
Term erlang_le_2(Process*, Term* args) { return bool_term(compare_terms(args[0], args[1]) <= 0); }
Term erlang_ge_2(Process*, Term* args) { return bool_term(compare_terms(args[0], args[1]) >= 0); }

// max(A, B) is B only when A < B, so of two equal terms (1 and 1.0) the
// first wins; min likewise. This is erlang.erl's definition in OTP 25.
Term erlang_max_2(Process*, Term* args) {
  return compare_terms(args[0], args[1]) < 0 ? args[1] : args[0];
}
Term erlang_min_2(Process*, Term* args) {
  return compare_terms(args[0], args[1]) > 0 ? args[1] : args[0];
}

// ---- boolean operators ----------------------------------------------------

Term erlang_and_2(Process* p, Term* args) {
  if (!is_boolean_atom(args[0]) || !is_boolean_atom(args[1])) return bif_badarg(p);
  return bool_term(args[0] == atom::am_true && args[1] == atom::am_true);
}
Term erlang_or_2(Process* p, Term* args) {
  if (!is_boolean_atom(args[0]) || !is_boolean_atom(args[1])) return bif_badarg(p);
  return bool_term(args[0] == atom::am_true || args[1] == atom::am_true);
}
Term erlang_xor_2(Process* p, Term* args) {
  if (!is_boolean_atom(args[0]) || !is_boolean_atom(args[1])) return bif_badarg(p);
  return bool_term(args[0] != args[1]);
}
Term erlang_not_1(Process* p, Term* args) {
  if (!is_boolean_atom(args[0])) return bif_badarg(p);
  return bool_term(args[0] == atom::am_false);
}

}  // namespace girder
