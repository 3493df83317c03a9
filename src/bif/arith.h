// Erlang arithmetic with the exact semantics of erlang:'+'/2 and friends,
// as entry points the interpreter can call for its arithmetic instructions
// without going through the BIF table. Each returns the result, or
// THE_NON_VALUE with the exception set in p (badarith, or system_limit for
// an integer too large to build).
//
// The inline functions handle two small integers; everything else (bignums,
// floats, errors) is out of line in bif/arith_bifs.cpp.
#pragma once

#include "bif/bif.h"

namespace girder {

// ---- general cases (bif/arith_bifs.cpp) -------------------------------------
Term arith_add_slow(Process* p, Term a, Term b);
Term arith_sub_slow(Process* p, Term a, Term b);
Term arith_mul_slow(Process* p, Term a, Term b);
Term arith_intdiv_slow(Process* p, Term a, Term b);
Term arith_rem_slow(Process* p, Term a, Term b);
Term arith_band_slow(Process* p, Term a, Term b);
Term arith_bor_slow(Process* p, Term a, Term b);
Term arith_bxor_slow(Process* p, Term a, Term b);
// a bsl b (right = false) or a bsr b (right = true)
Term arith_shift_slow(Process* p, Term a, Term b, bool right);
Term arith_bnot_slow(Process* p, Term a);
Term arith_neg_slow(Process* p, Term a);
// '/': always a float
Term arith_fdiv(Process* p, Term a, Term b);

// ---- fast paths -------------------------------------------------------------
// Small values have 60 bits, so a sum or difference cannot overflow int64.
inline Term arith_add(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b)) {
    Sint r = small_value(a) + small_value(b);
    if (fits_small(r)) return make_small(r);
  }
  return arith_add_slow(p, a, b);
}

inline Term arith_sub(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b)) {
    Sint r = small_value(a) - small_value(b);
    if (fits_small(r)) return make_small(r);
  }
  return arith_sub_slow(p, a, b);
}

inline Term arith_mul(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b)) {
    Sint r;
    if (!__builtin_mul_overflow(small_value(a), small_value(b), &r) && fits_small(r)) {
      return make_small(r);
    }
  }
  return arith_mul_slow(p, a, b);
}

// div: truncating integer division
inline Term arith_intdiv(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b) && b != make_small(0)) {
    Sint r = small_value(a) / small_value(b);
    if (fits_small(r)) return make_small(r);  // MIN_SMALL div -1 does not
  }
  return arith_intdiv_slow(p, a, b);
}

inline Term arith_rem(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b) && b != make_small(0)) {
    return make_small(small_value(a) % small_value(b));
  }
  return arith_rem_slow(p, a, b);
}

// The tag bits of two smalls survive &, | and ^ unchanged (all ones), so
// the words combine directly for band and bor.
inline Term arith_band(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b)) return a & b;
  return arith_band_slow(p, a, b);
}

inline Term arith_bor(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b)) return a | b;
  return arith_bor_slow(p, a, b);
}

inline Term arith_bxor(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b)) return make_small(small_value(a) ^ small_value(b));
  return arith_bxor_slow(p, a, b);
}

inline Term arith_bsl(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b)) {
    Sint v = small_value(a), n = small_value(b);
    if (n >= 0 && n < SMALL_BITS) {
      Sint r = Sint(Uint(v) << n);
      if ((r >> n) == v && fits_small(r)) return make_small(r);
    } else if (n < 0 && n > -64) {
      return make_small(v >> -n);
    }
  }
  return arith_shift_slow(p, a, b, false);
}

inline Term arith_bsr(Process* p, Term a, Term b) {
  if (is_small(a) && is_small(b)) {
    Sint n = small_value(b);
    if (n >= 0 && n < 64) return make_small(small_value(a) >> n);
  }
  return arith_shift_slow(p, a, b, true);
}

inline Term arith_bnot(Process* p, Term a) {
  if (is_small(a)) return make_small(~small_value(a));
  return arith_bnot_slow(p, a);
}

// unary minus
inline Term arith_neg(Process* p, Term a) {
  if (is_small(a) && a != make_small(MIN_SMALL)) return make_small(-small_value(a));
  return arith_neg_slow(p, a);
}

}  // namespace girder
