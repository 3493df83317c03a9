// The arithmetic operators as BIFs (erlang:'+'/2, '-'/2, '*'/2, '/'/2,
// 'div'/2, 'rem'/2, 'band'/2, 'bor'/2, 'bxor'/2, 'bsl'/2, 'bsr'/2,
// 'bnot'/1, '-'/1, '+'/1) and the general cases behind bif/arith.h.
//
// ERTS's rules, all checked against erl:
//  - integer op integer stays exact; a result above the largest bignum is
//    system_limit;
//  - if either operand is a float, both become doubles (a bignum too large
//    for a double is badarith) and a result that is not finite is badarith
//    (1.0e308 * 10);
//  - '/' always divides as doubles; division by zero is badarith for '/',
//    div and rem alike;
//  - div, rem and the bitwise operators take integers only: anything else,
//    floats included, is badarith;
//  - bsl/bsr by a bignum amount: 0 or -1 when shifting right, system_limit
//    when shifting left (except 0 bsl N, which is 0).
#include <cmath>

#include "bif/arith.h"
#include "bif/bif.h"
#include "term/bignum.h"

namespace girder {

namespace {

// A number as a double; false for a non-number or a bignum out of range.
bool to_double(Term t, double* out) {
  if (is_float(t)) {
    *out = float_value(t);
    return true;
  }
  if (is_small(t)) {
    *out = double(small_value(t));
    return true;
  }
  if (is_big(t)) return int_to_double(t, out);
  return false;
}

// An integer result, or system_limit if it could not be built.
Term int_result(Process* p, Term r) { return is_value(r) ? r : bif_system_limit(p); }

Term float_result(Process* p, double r) {
  if (!std::isfinite(r)) return bif_badarith(p);
  return make_float(p->heap, r);
}

enum class FloatOp { ADD, SUB, MUL };

Term mixed(Process* p, Term a, Term b, FloatOp op) {
  double x, y;
  if (!is_number(a) || !is_number(b) || !to_double(a, &x) || !to_double(b, &y)) {
    return bif_badarith(p);
  }
  switch (op) {
    case FloatOp::ADD: return float_result(p, x + y);
    case FloatOp::SUB: return float_result(p, x - y);
    case FloatOp::MUL: return float_result(p, x * y);
  }
  return bif_badarith(p);
}

}  // namespace

Term arith_add_slow(Process* p, Term a, Term b) {
  if (is_integer(a) && is_integer(b)) return int_result(p, int_add(p->heap, a, b));
  return mixed(p, a, b, FloatOp::ADD);
}

Term arith_sub_slow(Process* p, Term a, Term b) {
  if (is_integer(a) && is_integer(b)) return int_result(p, int_sub(p->heap, a, b));
  return mixed(p, a, b, FloatOp::SUB);
}

Term arith_mul_slow(Process* p, Term a, Term b) {
  if (is_integer(a) && is_integer(b)) return int_result(p, int_mul(p->heap, a, b));
  return mixed(p, a, b, FloatOp::MUL);
}

Term arith_fdiv(Process* p, Term a, Term b) {
  double x, y;
  if (!is_number(a) || !is_number(b) || !to_double(a, &x) || !to_double(b, &y) || y == 0.0) {
    return bif_badarith(p);
  }
  return float_result(p, x / y);
}

Term arith_intdiv_slow(Process* p, Term a, Term b) {
  if (!is_integer(a) || !is_integer(b) || int_is_zero(b)) return bif_badarith(p);
  return int_result(p, int_div(p->heap, a, b));
}

Term arith_rem_slow(Process* p, Term a, Term b) {
  if (!is_integer(a) || !is_integer(b) || int_is_zero(b)) return bif_badarith(p);
  return int_result(p, int_rem(p->heap, a, b));
}

Term arith_band_slow(Process* p, Term a, Term b) {
  if (!is_integer(a) || !is_integer(b)) return bif_badarith(p);
  return int_result(p, int_band(p->heap, a, b));
}

Term arith_bor_slow(Process* p, Term a, Term b) {
  if (!is_integer(a) || !is_integer(b)) return bif_badarith(p);
  return int_result(p, int_bor(p->heap, a, b));
}

Term arith_bxor_slow(Process* p, Term a, Term b) {
  if (!is_integer(a) || !is_integer(b)) return bif_badarith(p);
  return int_result(p, int_bxor(p->heap, a, b));
}

Term arith_shift_slow(Process* p, Term a, Term b, bool right) {
  if (!is_integer(a) || !is_integer(b)) return bif_badarith(p);
  if (is_small(b)) {
    Sint n = small_value(b);  // 60 bits: negating cannot overflow
    return int_result(p, int_shift(p->heap, a, right ? -n : n));
  }
  // a bignum shift amount: a left shift that large never fits
  bool left = big_is_neg(b) == right;
  if (left) return int_is_zero(a) ? a : bif_system_limit(p);
  return make_small(int_sign(a) < 0 ? -1 : 0);
}

Term arith_bnot_slow(Process* p, Term a) {
  if (!is_integer(a)) return bif_badarith(p);
  return int_result(p, int_bnot(p->heap, a));
}

Term arith_neg_slow(Process* p, Term a) {
  if (is_integer(a)) return int_result(p, int_neg(p->heap, a));
  // -0.0 for 0.0: unary minus is not 0 - X
  if (is_float(a)) return make_float(p->heap, -float_value(a));
  return bif_badarith(p);
}

// ---- the BIFs -----------------------------------------------------------------

Term erlang_plus_2(Process* p, Term* args) { return arith_add(p, args[0], args[1]); }
Term erlang_minus_2(Process* p, Term* args) { return arith_sub(p, args[0], args[1]); }
Term erlang_times_2(Process* p, Term* args) { return arith_mul(p, args[0], args[1]); }
Term erlang_div_2(Process* p, Term* args) { return arith_fdiv(p, args[0], args[1]); }
Term erlang_intdiv_2(Process* p, Term* args) { return arith_intdiv(p, args[0], args[1]); }
Term erlang_rem_2(Process* p, Term* args) { return arith_rem(p, args[0], args[1]); }
Term erlang_band_2(Process* p, Term* args) { return arith_band(p, args[0], args[1]); }
Term erlang_bor_2(Process* p, Term* args) { return arith_bor(p, args[0], args[1]); }
Term erlang_bxor_2(Process* p, Term* args) { return arith_bxor(p, args[0], args[1]); }
Term erlang_bsl_2(Process* p, Term* args) { return arith_bsl(p, args[0], args[1]); }
Term erlang_bsr_2(Process* p, Term* args) { return arith_bsr(p, args[0], args[1]); }
Term erlang_bnot_1(Process* p, Term* args) { return arith_bnot(p, args[0]); }
Term erlang_minus_1(Process* p, Term* args) { return arith_neg(p, args[0]); }

Term erlang_plus_1(Process* p, Term* args) {
  return is_number(args[0]) ? args[0] : bif_badarith(p);
}

}  // namespace girder
